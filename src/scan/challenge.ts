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
  /** Second hash of the key, so two keys that share the map key are not taken for one another. */
  readonly check: number;
  /** Buckets of the waiting 401s and how many of each: usually one or two pairs. */
  readonly buckets: number[];
  readonly counts: number[];
  time: number;
  line: number;
}

/** Called once per settled 401 bucket: `challenge` says which way it went. */
export type Settle = (bucket: number, count: number, challenge: boolean) => void;

/** What the scanner tells about 401s and successes: the live window, or a recorder in a worker thread. */
export interface WindowSink {
  /** 0 when nothing waits, so successes need not be looked at. */
  readonly size: number;
  add(key: number, check: number, bucket: number, time: number, line: number): void;
  has(key: number, check: number): boolean;
  resolve(key: number, check: number, time: number, line: number): void;
  expire(time: number, line: number): void;
}

export class ChallengeWindow implements WindowSink {
  private readonly waiting = new Map<number, Waiting>();
  private readonly settle: Settle;

  constructor(settle: Settle) {
    this.settle = settle;
  }

  get size(): number {
    return this.waiting.size;
  }

  /**
   * A 401 for `key` (a 30-bit hash of client + URL; small integers are the fastest Map keys in V8) and
   * `check` (a second hash), at log `time` (seconds, or -1 if unknown) and `line`.
   */
  add(key: number, check: number, bucket: number, time: number, line: number): void {
    let entry = this.waiting.get(key);
    if (entry && entry.check !== check) {
      // Another client + URL with the same key (rare): it cannot wait alongside, so its wait ends here.
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
    if (this.waiting.size >= MAX_PENDING) {
      const oldest = this.waiting.keys().next();
      if (!oldest.done) this.close(oldest.value, false);
    }
    this.waiting.set(key, { check, buckets: [bucket], counts: [1], time, line });
  }

  /** Whether 401s of this client + URL are waiting: checked on every success, before reading its time. */
  has(key: number, check: number): boolean {
    return this.waiting.get(key)?.check === check;
  }

  /** A success for `key`: its waiting 401s were challenge legs, if it came in time. */
  resolve(key: number, check: number, time: number, line: number): void {
    const entry = this.waiting.get(key);
    if (entry && entry.check === check) this.close(key, !this.expired(entry, time, line));
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

/** The 401 legs and successes of one stretch of log, in order, as flat arrays that transfer without copying. */
export interface RecordedEvents {
  readonly count: number;
  /** Per event: bucket (-1 for a success), key, check, line. */
  readonly ints: Int32Array;
  readonly times: Float64Array;
}

/**
 * Stands in for the window in a worker thread, which scans one stretch of a file without knowing what
 * waits from the stretches before it: it records every 401 leg and every success (with its key and
 * time), and the main thread replays the records in file order through the one real window. The
 * answer is then exactly the one a single pass would give.
 */
export class EventRecorder implements WindowSink {
  private count = 0;
  private ints = new Int32Array(4 * 16_384);
  private times = new Float64Array(16_384);

  /** Never 0: whether anything waits is only known when the records are replayed. */
  get size(): number {
    return 1;
  }

  add(key: number, check: number, bucket: number, time: number, line: number): void {
    this.push(bucket, key, check, time, line);
  }

  has(): boolean {
    return true;
  }

  resolve(key: number, check: number, time: number, line: number): void {
    this.push(-1, key, check, time, line);
  }

  expire(): void {
    // Expiry happens on replay, where the window lives.
  }

  take(): RecordedEvents {
    return { count: this.count, ints: this.ints, times: this.times };
  }

  private push(bucket: number, key: number, check: number, time: number, line: number): void {
    if (this.count === this.times.length) {
      const ints = new Int32Array(this.ints.length * 2);
      ints.set(this.ints);
      this.ints = ints;
      const times = new Float64Array(this.times.length * 2);
      times.set(this.times);
      this.times = times;
    }
    const at = this.count++;
    this.ints[4 * at] = bucket;
    this.ints[4 * at + 1] = key;
    this.ints[4 * at + 2] = check;
    this.ints[4 * at + 3] = line;
    this.times[at] = time;
  }
}

/** Events replayed between two expiry sweeps. */
const REPLAY_SWEEP_EVERY = 4096;

/**
 * Plays recorded events through `window`, in order. `bucketOf` maps the recorder's bucket numbers to the
 * window's; `lineOffset` turns the stretch's line numbers into the scan's.
 */
export function replayEvents(window: ChallengeWindow, events: RecordedEvents, bucketOf: (local: number) => number, lineOffset: number): void {
  const { ints, times, count } = events;
  for (let at = 0; at < count; at++) {
    const bucket = ints[4 * at] ?? -1;
    const key = ints[4 * at + 1] ?? 0;
    const check = ints[4 * at + 2] ?? 0;
    const line = (ints[4 * at + 3] ?? 0) + lineOffset;
    const time = times[at] ?? -1;
    if (bucket >= 0) window.add(key, check, bucketOf(bucket), time, line);
    else if (window.size > 0 && window.has(key, check)) window.resolve(key, check, time, line);
    if (at % REPLAY_SWEEP_EVERY === REPLAY_SWEEP_EVERY - 1 && window.size > 0 && time >= 0) window.expire(time, line);
  }
}
