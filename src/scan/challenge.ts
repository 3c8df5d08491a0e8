// Telling the normal challenge from real failures in a stream, in bounded memory.
//
// A 401 is a challenge leg when a success (2xx or 3xx) for the same client (c-ip) and URL (cs-uri-stem,
// case-insensitive, as IIS treats it) follows it; otherwise it is a real failure. This is the same reading
// as the diagnose engine's (src/match/facts.ts), but a stream cannot wait for the end of the file, so the
// wait is bounded:
//
// - WINDOW: a 401 waits at most CHALLENGE_WINDOW_SECONDS of log time (the logs' date + time) for its
//   success. A browser answers a challenge within milliseconds, on the same connection; two minutes also
//   covers a user typing a password into a Basic prompt and clocks that log to the second. When a log has
//   no date/time fields, CHALLENGE_WINDOW_LINES lines stand in for the time.
// - CAPACITY: at most MAX_PENDING client + URL keys wait at once; past that the oldest key gives way.
//
// A 401 whose wait ends without a success (window passed, key evicted, end of input) is a failure.
// Every 401 of one key waits together: 401.2 -> 401.1 -> 200 makes both 401s challenge legs.

/** Log time (seconds) a 401 waits for a success for its client and URL before it counts as a failure. */
export const CHALLENGE_WINDOW_SECONDS = 120;
/** Lines a 401 waits instead, when the log carries no date and time. */
export const CHALLENGE_WINDOW_LINES = 50_000;
/** Client + URL keys that can wait at once (about 100 bytes each); the oldest gives way past this. */
export const MAX_PENDING = 50_000;

interface Waiting {
  /** Buckets of the waiting 401s and how many of each: usually one or two pairs. */
  readonly buckets: number[];
  readonly counts: number[];
  time: number;
  line: number;
}

/** Called once per settled 401 bucket: `challenge` says which way it went. */
export type Settle = (bucket: number, count: number, challenge: boolean) => void;

export class ChallengeWindow {
  private readonly waiting = new Map<number, Waiting>();
  private readonly settle: Settle;

  constructor(settle: Settle) {
    this.settle = settle;
  }

  get size(): number {
    return this.waiting.size;
  }

  /** A 401 for `key` (a hash of client + URL) at log `time` (seconds, or -1 if unknown) and `line`. */
  add(key: number, bucket: number, time: number, line: number): void {
    const entry = this.waiting.get(key);
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
    if (this.waiting.size >= MAX_PENDING) {
      const oldest = this.waiting.keys().next();
      if (!oldest.done) this.close(oldest.value, false);
    }
    this.waiting.set(key, { buckets: [bucket], counts: [1], time, line });
  }

  has(key: number): boolean {
    return this.waiting.has(key);
  }

  /** A success for `key`: its waiting 401s were challenge legs, if it came in time. */
  resolve(key: number, time: number, line: number): void {
    const entry = this.waiting.get(key);
    if (entry) this.close(key, !this.expired(entry, time, line));
  }

  /** Settles every key whose wait is over at `time` / `line` as failures. */
  expire(time: number, line: number): void {
    for (const [key, entry] of this.waiting) {
      if (!this.expired(entry, time, line)) return;
      this.close(key, false);
    }
  }

  /** End of input: whatever still waits never saw its success. */
  flush(): void {
    for (const key of [...this.waiting.keys()]) this.close(key, false);
  }

  private expired(entry: Waiting, time: number, line: number): boolean {
    if (time >= 0 && entry.time >= 0) return time - entry.time > CHALLENGE_WINDOW_SECONDS;
    return line - entry.line > CHALLENGE_WINDOW_LINES;
  }

  private close(key: number, challenge: boolean): void {
    const entry = this.waiting.get(key);
    if (!entry) return;
    this.waiting.delete(key);
    entry.buckets.forEach((bucket, i) => this.settle(bucket, entry.counts[i] ?? 0, challenge));
  }
}
