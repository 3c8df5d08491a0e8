// Space-Saving (Metwally, Agrawal, El Abbadi 2005): the heaviest values of a stream in fixed memory.
// A value seen more than total/capacity times is never lost, and each kept count is at most `error`
// above the truth.
//
// Two choices keep it cheap per 401 line:
// - Values are found by a hash of their bytes, so a value already counted costs no string at all, and a
//   value that takes a slot is copied into the slot's bytes: strings are only made for the report. The
//   caller may pass hashes it already has (the scanner hashes c-ip and cs-uri-stem once, for this and
//   for the challenge window).
// - The slot to give up (one with the least count) is found by a cursor that walks the slots looking
//   for the current minimum, instead of a heap. Counts only grow, so each full lap of the cursor raises
//   the minimum, and the walk costs O(1) per value on average.

import { hashOf, PREFIX_BYTES, shortForm, VALUE_BYTES } from './bounded.js';

export interface TopCount {
  readonly value: string;
  readonly count: number;
  /** Most the count can be above the truth; 0 when exact. */
  readonly error: number;
}

/** Bytes kept per slot; a longer value (a long URL) is kept as its prefix and hash (src/scan/bounded.ts). */
const SLOT_BYTES = VALUE_BYTES;
/** Slots a list starts with; it doubles as values come, up to its capacity. */
const FIRST_SLOTS = 16;

export class SpaceSaving {
  readonly capacity: number;
  /** Hash key (30 bits, so V8 keeps it a small integer) -> slot. */
  private readonly slots = new Map<number, number>();
  /**
   * Each slot's value: its bytes in `bytes` (length in `lengths`); a longer value keeps its first bytes
   * there, its whole length in `lengths` and a hash of it in `hashes`, and becomes a string (prefix,
   * length, hash) only when the report asks (no string is made per value that enters the list).
   */
  private bytes: Uint8Array;
  private lengths: Int32Array;
  private hashes: Int32Array;
  private keys: Int32Array;
  private checks: Int32Array;
  private counts: Float64Array;
  private errors: Float64Array;
  private size = 0;
  private seen = 0;
  /** No slot has a count below this. */
  private floor = 0;
  private cursor = 0;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`iis401: top-k capacity must be a positive integer, got ${capacity}`);
    this.capacity = capacity;
    const first = Math.min(capacity, FIRST_SLOTS);
    this.bytes = new Uint8Array(first * SLOT_BYTES);
    this.lengths = new Int32Array(first);
    this.hashes = new Int32Array(first);
    this.keys = new Int32Array(first);
    this.checks = new Int32Array(first);
    this.counts = new Float64Array(first);
    this.errors = new Float64Array(first);
  }

  /** How many values were added in all. */
  get total(): number {
    return this.seen;
  }

  add(value: string): void {
    const bytes = Buffer.from(value, 'utf8');
    this.addBytes(bytes, 0, bytes.length);
  }

  /** Counts the UTF-8 value in b[start, end). */
  addBytes(b: Buffer, start: number, end: number): void {
    let h1 = 0x811c9dc5 | 0;
    let h2 = 0x3c6ef372 | 0;
    for (let i = start; i < end; i++) {
      const c = b[i] ?? 0;
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x2127599b);
    }
    this.addHashed(h1, h2, b, start, end);
  }

  /**
   * Counts the value in b[start, end) whose two hashes the caller already has. Values that hash alike
   * are counted as one, so a caller may hash a case-folded URL to count `/App` and `/app` together.
   */
  addHashed(hash: number, second: number, b: Buffer, start: number, end: number): void {
    this.seen++;
    const key = (hash ^ (hash >>> 15)) & 0x3fffffff;
    const check = second ^ (second >>> 13);
    const slot = this.slots.get(key);
    if (slot !== undefined && this.checks[slot] === check) {
      this.counts[slot] = (this.counts[slot] ?? 0) + 1;
      return;
    }
    const fresh = slot === undefined && this.size < this.capacity;
    const target = this.claim(key, slot);
    const inherited = fresh ? 0 : (this.counts[target] ?? 0);
    const length = end - start;
    const kept = length <= SLOT_BYTES ? length : PREFIX_BYTES;
    const bytes = this.bytes;
    const at = target * SLOT_BYTES;
    for (let k = 0; k < kept; k++) bytes[at + k] = b[start + k] ?? 0;
    this.lengths[target] = length;
    if (length > SLOT_BYTES) this.hashes[target] = hashOf(b, start, end);
    this.checks[target] = check;
    this.errors[target] = inherited;
    this.counts[target] = inherited + 1;
  }

  private valueOf(slot: number): string {
    const at = slot * SLOT_BYTES;
    const length = this.lengths[slot] ?? 0;
    const view = Buffer.from(this.bytes.buffer, this.bytes.byteOffset + at, length <= SLOT_BYTES ? length : PREFIX_BYTES);
    if (length <= SLOT_BYTES) return view.toString('utf8');
    return shortForm(view, length, this.hashes[slot] ?? 0);
  }

  /**
   * The least count kept once the list is full (0 before): a value not in the list was seen at most
   * this many times. Two lists of the same stream's parts merge by it (src/scan/merge.ts).
   */
  get least(): number {
    if (this.size < this.capacity) return 0;
    let least = Number.POSITIVE_INFINITY;
    for (let slot = 0; slot < this.size; slot++) least = Math.min(least, this.counts[slot] ?? 0);
    return least;
  }

  /** The `limit` heaviest values, heaviest first (ties by value, so output is stable). */
  top(limit: number): TopCount[] {
    const out: TopCount[] = [];
    for (let slot = 0; slot < this.size; slot++) {
      out.push({ value: this.valueOf(slot), count: this.counts[slot] ?? 0, error: this.errors[slot] ?? 0 });
    }
    out.sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
    return out.slice(0, limit);
  }

  /**
   * The slot a new value under `key` takes: a free one, or the least counted. A different value already
   * under the same key (about one add in 10^7) simply gives up its slot, which Space-Saving allows: the
   * count the newcomer inherits is carried as error.
   */
  private claim(key: number, taken: number | undefined): number {
    if (taken !== undefined) return taken;
    const fresh = this.size < this.capacity;
    if (fresh && this.size === this.lengths.length) this.grow();
    const slot = fresh ? this.size++ : this.leastCounted();
    if (!fresh) this.slots.delete(this.keys[slot] ?? 0);
    this.keys[slot] = key;
    this.slots.set(key, slot);
    return slot;
  }

  /** Twice the slots (up to the capacity): most lists never fill theirs, so memory follows the values seen. */
  private grow(): void {
    const slots = Math.min(this.capacity, this.lengths.length * 2);
    const widen = <T extends Int32Array | Float64Array | Uint8Array>(from: T, make: (n: number) => T, n: number): T => {
      const to = make(n);
      to.set(from);
      return to;
    };
    this.bytes = widen(this.bytes, (n) => new Uint8Array(n), slots * SLOT_BYTES);
    this.lengths = widen(this.lengths, (n) => new Int32Array(n), slots);
    this.hashes = widen(this.hashes, (n) => new Int32Array(n), slots);
    this.keys = widen(this.keys, (n) => new Int32Array(n), slots);
    this.checks = widen(this.checks, (n) => new Int32Array(n), slots);
    this.counts = widen(this.counts, (n) => new Float64Array(n), slots);
    this.errors = widen(this.errors, (n) => new Float64Array(n), slots);
  }

  /** A slot holding the least count: the first one at the floor, or, after a full lap, the least seen. */
  private leastCounted(): number {
    let best = 0;
    let bestCount = Number.POSITIVE_INFINITY;
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
