// Space-Saving (Metwally, Agrawal, El Abbadi 2005): the heaviest values of a stream in fixed memory.
// A value seen more than total/capacity times is never lost, and each kept count is at most `error`
// above the truth.
//
// Two choices keep it cheap per 401 line:
// - Values are found by a hash of their bytes, so a value already counted costs no string at all; a
//   string is made only when a value takes a slot.
// - The slot to give up (one with the least count) is found by a cursor that walks the slots looking
//   for the current minimum, instead of a heap. Counts only grow, so each full lap of the cursor raises
//   the minimum, and the walk costs O(1) per value on average.

export interface TopCount {
  readonly value: string;
  readonly count: number;
  /** Most the count can be above the truth; 0 when exact. */
  readonly error: number;
}

export class SpaceSaving {
  readonly capacity: number;
  /** Hash key (30 bits, so V8 keeps it a small integer) -> slot. */
  private readonly slots = new Map<number, number>();
  private readonly values: string[] = [];
  private readonly keys: Int32Array;
  private readonly checks: Int32Array;
  private readonly counts: Float64Array;
  private readonly errors: Float64Array;
  private size = 0;
  private seen = 0;
  /** No slot has a count below this. */
  private floor = 0;
  private cursor = 0;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`iis401: top-k capacity must be a positive integer, got ${capacity}`);
    this.capacity = capacity;
    this.keys = new Int32Array(capacity);
    this.checks = new Int32Array(capacity);
    this.counts = new Float64Array(capacity);
    this.errors = new Float64Array(capacity);
  }

  /** How many values were added in all. */
  get total(): number {
    return this.seen;
  }

  add(value: string): void {
    const bytes = Buffer.from(value, 'utf8');
    this.addBytes(bytes, 0, bytes.length);
  }

  /**
   * Counts the UTF-8 value in b[start, end) without making a string unless it takes a slot; returns the
   * slot it is counted in.
   */
  addBytes(b: Buffer, start: number, end: number): number {
    this.seen++;
    let h1 = 0x811c9dc5 | 0;
    let h2 = 0x3c6ef372 | 0;
    for (let i = start; i < end; i++) {
      const c = b[i] ?? 0;
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x2127599b);
    }
    const key = (h1 ^ (h1 >>> 15)) & 0x3fffffff;
    const check = h2 ^ (h2 >>> 13);
    const slot = this.slots.get(key);
    if (slot !== undefined && this.checks[slot] === check) {
      this.counts[slot] = (this.counts[slot] ?? 0) + 1;
      return slot;
    }
    // A different value with the same key (about one add in 10^7) simply takes over that key's slot,
    // which Space-Saving allows: the count it inherits is carried as error.
    const target = slot ?? (this.size < this.capacity ? this.size++ : this.leastCounted());
    if (slot === undefined && this.values[target] !== undefined) this.slots.delete(this.keys[target] ?? 0);
    const inherited = this.values[target] === undefined ? 0 : (this.counts[target] ?? 0);
    this.values[target] = b.toString('utf8', start, end);
    this.keys[target] = key;
    this.checks[target] = check;
    this.errors[target] = inherited;
    this.counts[target] = inherited + 1;
    this.slots.set(key, target);
    return target;
  }

  /** The `limit` heaviest values, heaviest first (ties by value, so output is stable). */
  top(limit: number): TopCount[] {
    const out: TopCount[] = [];
    for (let slot = 0; slot < this.size; slot++) {
      out.push({ value: this.values[slot] ?? '', count: this.counts[slot] ?? 0, error: this.errors[slot] ?? 0 });
    }
    out.sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
    return out.slice(0, limit);
  }

  snapshot(): TopSnapshot {
    return {
      capacity: this.capacity,
      total: this.seen,
      values: this.values.slice(0, this.size),
      counts: Array.from(this.counts.subarray(0, this.size)),
      errors: Array.from(this.errors.subarray(0, this.size)),
    };
  }

  /**
   * Adds another summary of a later part of the stream (mergeable summaries, Agarwal et al. 2012): counts
   * of a value add up; a value missing from a full summary may have had up to that summary's least count
   * there, which is added to its count and its error. The heaviest `capacity` values are kept.
   */
  merge(other: TopSnapshot): void {
    const mine = this.snapshot();
    const seen = this.seen + other.total;
    const least = (s: TopSnapshot): number => (s.values.length < s.capacity ? 0 : Math.min(...s.counts));
    const mineLeast = least(mine);
    const otherLeast = least(other);
    const merged = new Map<string, { count: number; error: number }>();
    mine.values.forEach((value, i) => merged.set(value, { count: (mine.counts[i] ?? 0) + otherLeast, error: (mine.errors[i] ?? 0) + otherLeast }));
    other.values.forEach((value, i) => {
      const count = other.counts[i] ?? 0;
      const error = other.errors[i] ?? 0;
      const entry = merged.get(value);
      if (entry) {
        entry.count += count - otherLeast;
        entry.error += error - otherLeast;
      } else merged.set(value, { count: count + mineLeast, error: error + mineLeast });
    });
    const kept = [...merged].sort((a, b) => b[1].count - a[1].count).slice(0, this.capacity);
    this.slots.clear();
    this.values.length = 0;
    this.size = 0;
    this.floor = 0;
    this.cursor = 0;
    for (const [value, { count, error }] of kept) {
      const bytes = Buffer.from(value, 'utf8');
      const slot = this.addBytes(bytes, 0, bytes.length);
      this.counts[slot] = count;
      this.errors[slot] = error;
    }
    this.seen = seen;
  }

  /** A slot holding the least count: the first one at the floor, or, after a full lap, the least seen. */
  private leastCounted(): number {
    let best = 0;
    let bestCount = Infinity;
    for (let step = 0; step < this.capacity; step++) {
      const slot = this.cursor;
      this.cursor = slot + 1 === this.capacity ? 0 : slot + 1;
      const count = this.counts[slot] ?? 0;
      if (count <= this.floor) return slot;
      if (count < bestCount) {
        bestCount = count;
        best = slot;
      }
    }
    this.floor = bestCount;
    return best;
  }
}

/** A summary as plain data, to cross a worker boundary and be merged. */
export interface TopSnapshot {
  readonly capacity: number;
  /** Values added in all. */
  readonly total: number;
  readonly values: readonly string[];
  readonly counts: readonly number[];
  readonly errors: readonly number[];
}
