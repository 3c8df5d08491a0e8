// Telling the normal challenge from real failures in a stream, in bounded memory.
//
// A 401 is a challenge leg when a success (2xx or 3xx) for the same client (c-ip) and URL (cs-uri-stem,
// case-insensitive, as IIS treats it) follows it; otherwise it is a real failure. This is the same reading
// as the diagnose engine's (src/match/facts.ts), but a stream cannot wait for the end of the file, so the
// wait is bounded:
//
// - WINDOW: the 401s of one client + URL wait together, as a group, for a success. A 401 joins the
//   group when it comes within CHALLENGE_WINDOW_SECONDS of log time (the logs' date + time) after the
//   group's last 401; a success within that time after the last 401 makes every 401 of the group a
//   challenge leg (401.2 -> 401.1 -> 200). A browser answers a challenge within milliseconds, on the same
//   connection; two minutes also covers a person typing a password into a Basic prompt, and clocks that
//   log to the second. A log with no date/time fields counts CHALLENGE_WINDOW_LINES lines instead.
// - CAPACITY: at most MAX_PENDING groups wait at once; past that the oldest gives way.
//
// A group whose wait ends without a success (window passed, evicted, end of input) is all failures.
import type { BucketSample } from './types.js';

/** Log time (seconds) a 401 waits for a success for its client and URL before it counts as a failure. */
export const CHALLENGE_WINDOW_SECONDS = 120;
/** Lines a 401 waits instead, when the log carries no date and time. */
export const CHALLENGE_WINDOW_LINES = 50_000;
/** Client + URL groups that can wait at once (a few hundred bytes each at most); past this the oldest gives way. */
export const MAX_PENDING = 50_000;

/** The 401s of one client + URL waiting for a success. */
interface Waiting {
  /** Second hash of the key, so two keys that share the map key are not taken for one another. */
  readonly check: number;
  /** Buckets of the waiting 401s and how many of each: usually one or two pairs. */
  readonly buckets: number[];
  readonly counts: number[];
  /** Log time (seconds, -1 if unknown) and line of the group's last 401. */
  time: number;
  line: number;
  /** Time and line when the group took its place in the map's order (its first 401, or a later sweep). */
  since: number;
  sinceLine: number;
  /** The URL's slot in the window's URL filter. */
  readonly uri: number;
  /**
   * The first 401's raw line, kept for a few groups per bucket: failures are diagnosed from them.
   * Always present (undefined when none) so that every group has one shape and the window's code stays monomorphic.
   */
  readonly sample: BucketSample | undefined;
}

/** Slots of the URL filter: a success whose URL has no waiting group is passed over before its c-ip is read. */
export const URI_SLOTS = 1 << 16;
/** Slots of the key filter (MAX_PENDING groups at most: a slot count never overflows 16 bits). */
const KEY_SLOTS = 1 << 18;

/**
 * Called once per settled bucket of a group: `challenge` says which way it went. The group's sample (a
 * raw line of its first 401, when the scanner gave one) comes with the bucket of that 401.
 */
export type Settle = (bucket: number, count: number, challenge: boolean, sample?: BucketSample) => void;

/** What the scanner tells the window about 401s and successes. */
export interface WindowSink {
  /** 0 when nothing waits, so successes need not be looked at. */
  readonly size: number;
  /**
   * A 401; `uri` is a hash of its URL (any integer; the window keeps its low 16 bits); `sample` is kept
   * if the 401 starts a group.
   */
  add(key: number, check: number, bucket: number, time: number, line: number, uri: number, sample?: BucketSample): void;
  /** Whether some group may wait for this URL (hashed as for add): false means none does. */
  mayWaitFor(uri: number): boolean;
  /** Whether a group may wait under this key (false: none does; the check word is compared on resolve). */
  hasKey(key: number): boolean;
  resolve(key: number, check: number, time: number, line: number): void;
  /** A 401 that only keeps a waiting group alive (read past a thread's part of the log): no group starts. */
  extend(key: number, check: number, time: number, line: number): void;
  expire(time: number, line: number): void;
}

function expiredAt(entry: Pick<Waiting, 'time' | 'line'>, time: number, line: number): boolean {
  if (time >= 0 && entry.time >= 0) return time - entry.time > CHALLENGE_WINDOW_SECONDS;
  return line - entry.line > CHALLENGE_WINDOW_LINES;
}

export class ChallengeWindow implements WindowSink {
  private readonly waiting = new Map<number, Waiting>();
  /** Waiting groups per URL slot. */
  private readonly uris = new Uint16Array(URI_SLOTS);
  /** Waiting groups per key slot: most successes whose URL waits are for another client, told here without a Map lookup. */
  private readonly keys = new Uint16Array(KEY_SLOTS);

  /** `settle` gets each group's verdict, bucket by bucket. */
  constructor(private readonly settle: Settle) {}

  get size(): number {
    return this.waiting.size;
  }

  /**
   * A 401 for `key` (a 30-bit hash of client + URL; small integers are the fastest Map keys in V8) and
   * `check` (a second hash), at log `time` (seconds, or -1 if unknown) and `line`.
   */
  add(key: number, check: number, bucket: number, time: number, line: number, uri: number, sample?: BucketSample): void {
    let entry = this.waiting.get(key);
    // Another client + URL with the same key (rare) cannot wait alongside; a group idle past the window
    // has failed, whether or not a sweep has noticed yet.
    if (entry && (entry.check !== check || expiredAt(entry, time, line))) {
      this.close(key, false);
      entry = undefined;
    }
    if (entry) {
      const at = entry.buckets.indexOf(bucket);
      if (at >= 0) entry.counts[at] = (entry.counts[at] ?? 0) + 1;
      else {
        entry.buckets.push(bucket);
        entry.counts.push(1);
      }
      entry.time = time;
      entry.line = line;
      return;
    }
    this.adopt(key, { check, buckets: [bucket], counts: [1], time, line, since: time, sinceLine: line, uri: uri & (URI_SLOTS - 1), sample });
  }

  mayWaitFor(uri: number): boolean {
    return this.uris[uri & (URI_SLOTS - 1)] !== 0;
  }

  /** Whether a group may wait under this key (false: none does): asked on every success whose URL may wait. */
  hasKey(key: number): boolean {
    return this.keys[key & (KEY_SLOTS - 1)] !== 0;
  }

  /** A success for `key`: its waiting 401s were challenge legs, if it came in time. */
  resolve(key: number, check: number, time: number, line: number): void {
    const entry = this.waiting.get(key);
    if (entry && entry.check === check) this.close(key, !expiredAt(entry, time, line));
  }

  extend(key: number, check: number, time: number, line: number): void {
    const entry = this.waiting.get(key);
    if (!entry || entry.check !== check) return;
    if (expiredAt(entry, time, line)) this.close(key, false);
    else {
      entry.time = time;
      entry.line = line;
    }
  }

  /**
   * Settles every group whose wait is over at `time` / `line` as failures. The map is in order of when
   * groups took their place, not of their last 401 (moving a group on every 401 costs more than it
   * saves), so a group found alive at the front is moved to the back, once per window at most.
   */
  expire(time: number, line: number): void {
    for (const [key, entry] of this.waiting) {
      if (expiredAt(entry, time, line)) this.close(key, false);
      else if (expiredAt({ time: entry.since, line: entry.sinceLine }, time, line)) {
        this.waiting.delete(key);
        entry.since = entry.time;
        entry.sinceLine = entry.line;
        this.waiting.set(key, entry);
      } else return;
    }
  }

  /** End of input: whatever still waits never saw its success. */
  flush(): void {
    for (const key of [...this.waiting.keys()]) this.close(key, false);
  }

  /** Puts a new group in as the most recent, making room if needed. */
  private adopt(key: number, entry: Waiting): void {
    if (this.waiting.size >= MAX_PENDING) {
      const oldest = this.waiting.keys().next();
      if (!oldest.done) this.close(oldest.value, false);
    }
    this.waiting.set(key, entry);
    this.uris[entry.uri] = (this.uris[entry.uri] ?? 0) + 1;
    this.keys[key & (KEY_SLOTS - 1)] = (this.keys[key & (KEY_SLOTS - 1)] ?? 0) + 1;
  }

  private close(key: number, challenge: boolean): void {
    const entry = this.waiting.get(key);
    if (!entry) return;
    this.waiting.delete(key);
    this.uris[entry.uri] = (this.uris[entry.uri] ?? 1) - 1;
    this.keys[key & (KEY_SLOTS - 1)] = (this.keys[key & (KEY_SLOTS - 1)] ?? 1) - 1;
    const { buckets, counts } = entry;
    for (let i = 0; i < buckets.length; i++) this.settle(buckets[i] ?? 0, counts[i] ?? 0, challenge, i === 0 ? entry.sample : undefined);
  }
}
