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
// - CAPACITY: at most MAX_PENDING groups wait at once; past that the one idle longest gives way.
//
// A group whose wait ends without a success (window passed, evicted, end of input) is all failures.

/** Log time (seconds) a 401 waits for a success for its client and URL before it counts as a failure. */
export const CHALLENGE_WINDOW_SECONDS = 120;
/** Lines a 401 waits instead, when the log carries no date and time. */
export const CHALLENGE_WINDOW_LINES = 50_000;
/** Client + URL groups that can wait at once (about 100 bytes each); the one idle longest gives way past this. */
export const MAX_PENDING = 50_000;

/** The 401s of one client + URL waiting for a success. */
export interface Waiting {
  /** Second hash of the key, so two keys that share the map key are not taken for one another. */
  readonly check: number;
  /** Buckets of the waiting 401s and how many of each: usually one or two pairs. */
  readonly buckets: number[];
  readonly counts: number[];
  /** Log time (seconds, -1 if unknown) and line of the group's last 401. */
  time: number;
  line: number;
}

/** Called once per settled bucket of a group: `challenge` says which way it went. */
export type Settle = (bucket: number, count: number, challenge: boolean) => void;

/** What the scanner tells about 401s and successes. */
export interface WindowSink {
  /** 0 when nothing waits, so successes need not be looked at. */
  readonly size: number;
  add(key: number, check: number, bucket: number, time: number, line: number): void;
  has(key: number, check: number): boolean;
  resolve(key: number, check: number, time: number, line: number): void;
  expire(time: number, line: number): void;
}

export function expiredAt(entry: Pick<Waiting, 'time' | 'line'>, time: number, line: number): boolean {
  if (time >= 0 && entry.time >= 0) return time - entry.time > CHALLENGE_WINDOW_SECONDS;
  return line - entry.line > CHALLENGE_WINDOW_LINES;
}

export class ChallengeWindow implements WindowSink {
  private readonly waiting = new Map<number, Waiting>();

  /**
   * `settle` gets each group's verdict; `closed`, when given, hears of every group that ends, with the key
   * it waited under (the worker-side SegmentWindow uses it).
   */
  constructor(
    private readonly settle: Settle,
    private readonly closed?: (key: number, check: number, challenge: boolean) => void,
  ) {}

  get size(): number {
    return this.waiting.size;
  }

  /**
   * A 401 for `key` (a 30-bit hash of client + URL; small integers are the fastest Map keys in V8) and
   * `check` (a second hash), at log `time` (seconds, or -1 if unknown) and `line`.
   */
  add(key: number, check: number, bucket: number, time: number, line: number): void {
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
      // Re-inserting keeps the map in order of last activity, so expiry only ever looks at the front.
      this.waiting.delete(key);
      this.waiting.set(key, entry);
      return;
    }
    this.adopt(key, { check, buckets: [bucket], counts: [1], time, line });
  }

  /** Whether 401s of this client + URL are waiting: checked on every success, before reading its time. */
  has(key: number, check: number): boolean {
    return this.waiting.get(key)?.check === check;
  }

  /** A success for `key`: its waiting 401s were challenge legs, if it came in time. */
  resolve(key: number, check: number, time: number, line: number): void {
    const entry = this.waiting.get(key);
    if (entry && entry.check === check) this.close(key, !expiredAt(entry, time, line));
  }

  /** Settles every group whose wait is over at `time` / `line` as failures. */
  expire(time: number, line: number): void {
    for (const [key, entry] of this.waiting) {
      if (!expiredAt(entry, time, line)) return;
      this.close(key, false);
    }
  }

  /** End of input: whatever still waits never saw its success. */
  flush(): void {
    for (const key of [...this.waiting.keys()]) this.close(key, false);
  }

  /** The groups still waiting, oldest first, without settling them (a segment's carry-over). */
  remaining(): Array<Waiting & { readonly key: number }> {
    return [...this.waiting].map(([key, entry]) => ({ key, ...entry }));
  }

  /** Takes a group out without settling it. */
  detach(key: number, check: number): Waiting | undefined {
    const entry = this.waiting.get(key);
    if (!entry || entry.check !== check) return undefined;
    this.waiting.delete(key);
    return entry;
  }

  /** Settles a detached group. */
  settleGroup(entry: Waiting, challenge: boolean): void {
    entry.buckets.forEach((bucket, i) => this.settle(bucket, entry.counts[i] ?? 0, challenge));
  }

  /** Puts a group in as the most recent, making room if needed. */
  adopt(key: number, entry: Waiting): void {
    if (this.waiting.has(key)) this.close(key, false);
    if (this.waiting.size >= MAX_PENDING) {
      const oldest = this.waiting.keys().next();
      if (!oldest.done) this.close(oldest.value, false);
    }
    this.waiting.set(key, entry);
  }

  private close(key: number, challenge: boolean): void {
    const entry = this.waiting.get(key);
    if (!entry) return;
    this.waiting.delete(key);
    this.settleGroup(entry, challenge);
    this.closed?.(key, entry.check, challenge);
  }
}

// ---- Segments: a big file scanned by several worker threads (src/scan/parallel.ts) -------------------
//
// A worker scans one stretch of the file with its own window, so it cannot know which groups were
// still waiting when its stretch began. Those groups can only be settled, or extended, by the first
// thing that happens to their client + URL within the window after they last moved, which is near the
// start of the stretch. So the worker notes, for the start of its stretch (its "head"), the first event
// of every client + URL, and for a first event that is a 401, how the group it started ended. The main
// thread then settles the groups carried in from earlier stretches exactly as one pass would have.

/** First event of a client + URL in a segment's head. */
export interface HeadEvent {
  readonly key: number;
  readonly check: number;
  readonly time: number;
  readonly line: number;
  /** `success`, or the fate of the group this 401 started: `challenge`, `failure`, or `waiting` at the end. */
  fate: 'success' | 'challenge' | 'failure' | 'waiting';
}

export interface SegmentWindowExport {
  readonly head: readonly HeadEvent[];
  /** Groups still waiting at the end of the segment, oldest first. */
  readonly carry: ReadonlyArray<Waiting & { readonly key: number }>;
  /** Latest log time (-1 if none) and the segment's line count, to expire what was carried in. */
  readonly lastTime: number;
  readonly lastLine: number;
}

/** Most first events noted per head; past this (a flood of distinct URLs) a carried-in group may be missed. */
const MAX_HEAD = 2 * MAX_PENDING;

/** A worker's window: its own groups, plus the first event of each client + URL in its head. */
export class SegmentWindow implements WindowSink {
  private readonly local: ChallengeWindow;
  private readonly head = new Map<number, HeadEvent>();
  private headOpen = true;
  private headStart = -1;
  private lastTime = -1;

  constructor(settle: Settle) {
    this.local = new ChallengeWindow(settle, (key, check, challenge) => {
      const first = this.head.get(key);
      if (first && first.check === check && first.fate === 'waiting') first.fate = challenge ? 'challenge' : 'failure';
    });
  }

  /** While the head is open, every success is looked at: it may settle a group from the segment before. */
  get size(): number {
    return this.headOpen ? 1 : this.local.size;
  }

  add(key: number, check: number, bucket: number, time: number, line: number): void {
    if (this.inHead(time, line) && !this.head.has(key) && this.head.size < MAX_HEAD) this.head.set(key, { key, check, time, line, fate: 'waiting' });
    this.local.add(key, check, bucket, time, line);
  }

  has(key: number, check: number): boolean {
    return this.headOpen || this.local.has(key, check);
  }

  resolve(key: number, check: number, time: number, line: number): void {
    if (this.inHead(time, line) && !this.head.has(key) && this.head.size < MAX_HEAD) this.head.set(key, { key, check, time, line, fate: 'success' });
    this.local.resolve(key, check, time, line);
  }

  expire(time: number, line: number): void {
    this.inHead(time, line);
    this.local.expire(time, line);
  }

  export(lastLine: number): SegmentWindowExport {
    return { head: [...this.head.values()], carry: this.local.remaining(), lastTime: this.lastTime, lastLine };
  }

  /**
   * Whether (time, line) is still in the head. The head lasts two windows from the first timestamp, so
   * that lines logged a little out of order (IIS writes a request when it completes) are still covered.
   */
  private inHead(time: number, line: number): boolean {
    if (time > this.lastTime) this.lastTime = time;
    if (!this.headOpen) return false;
    if (time >= 0 && this.headStart < 0) this.headStart = time;
    const over = time >= 0 ? time - this.headStart > 2 * CHALLENGE_WINDOW_SECONDS : line > 2 * CHALLENGE_WINDOW_LINES;
    if (over) this.headOpen = false;
    return !over;
  }
}

/**
 * Adds a segment's window to the main one, in file order: settles (or extends) the groups carried in
 * from earlier segments by the segment's head, expires the ones it outlived, and takes over its own
 * still-waiting groups. `bucketOf` maps the segment's bucket numbers; `lineOffset` its line numbers.
 */
export function absorbSegmentWindow(window: ChallengeWindow, segment: SegmentWindowExport, bucketOf: (local: number) => number, lineOffset: number): void {
  const extended = new Map<number, Waiting>();
  for (const first of segment.head) {
    const group = window.detach(first.key, first.check);
    if (!group) continue;
    if (expiredAt(group, first.time, first.line + lineOffset)) window.settleGroup(group, false);
    else if (first.fate === 'success' || first.fate === 'challenge') window.settleGroup(group, true);
    else if (first.fate === 'failure') window.settleGroup(group, false);
    else extended.set(first.key, group);
  }
  window.expire(segment.lastTime, segment.lastLine + lineOffset);
  for (const carried of segment.carry) {
    const entry: Waiting = {
      check: carried.check,
      buckets: carried.buckets.map(bucketOf),
      counts: [...carried.counts],
      time: carried.time,
      line: carried.line + lineOffset,
    };
    const earlier = extended.get(carried.key);
    if (earlier && earlier.check === carried.check) {
      earlier.buckets.forEach((bucket, i) => {
        const at = entry.buckets.indexOf(bucket);
        if (at >= 0) entry.counts[at] = (entry.counts[at] ?? 0) + (earlier.counts[i] ?? 0);
        else {
          entry.buckets.push(bucket);
          entry.counts.push(earlier.counts[i] ?? 0);
        }
      });
      extended.delete(carried.key);
    }
    window.adopt(carried.key, entry);
  }
  // A group extended by a 401 whose own group is no longer waiting has been settled with it above;
  // one whose group vanished (evicted in the worker) failed with it.
  for (const group of extended.values()) window.settleGroup(group, false);
}
