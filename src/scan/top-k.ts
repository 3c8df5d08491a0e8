// Space-Saving (Metwally, Agrawal, El Abbadi 2005): the heaviest values of a stream in fixed memory.
// Any value seen more than total/capacity times is guaranteed to be kept, and each kept count is at
// most `error` above the truth. A min-heap finds the value to replace in O(log capacity), so a flood of
// distinct URLs costs no more per line than a few repeated ones.

export interface TopCount {
  readonly value: string;
  readonly count: number;
  /** Most the count can be above the truth; 0 when exact. */
  readonly error: number;
}

export class SpaceSaving {
  readonly capacity: number;
  private readonly slots = new Map<string, number>();
  private readonly values: string[] = [];
  private readonly counts: Float64Array;
  private readonly errors: Float64Array;
  /** heap[i] = slot index; position[slot] = where that slot sits in the heap. */
  private readonly heap: Int32Array;
  private readonly position: Int32Array;
  private size = 0;
  private seen = 0;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`iis401: top-k capacity must be a positive integer, got ${capacity}`);
    this.capacity = capacity;
    this.counts = new Float64Array(capacity);
    this.errors = new Float64Array(capacity);
    this.heap = new Int32Array(capacity);
    this.position = new Int32Array(capacity);
  }

  /** How many values were added in all. */
  get total(): number {
    return this.seen;
  }

  add(value: string): void {
    this.seen++;
    const slot = this.slots.get(value);
    if (slot !== undefined) {
      this.counts[slot] = (this.counts[slot] ?? 0) + 1;
      this.siftDown(this.position[slot] ?? 0);
      return;
    }
    if (this.size < this.capacity) {
      const fresh = this.size++;
      this.values[fresh] = value;
      this.counts[fresh] = 1;
      this.errors[fresh] = 0;
      this.heap[fresh] = fresh;
      this.position[fresh] = fresh;
      this.slots.set(value, fresh);
      this.siftUp(fresh);
      return;
    }
    // Full: the least counted value gives its slot to the newcomer, which inherits its count as error.
    const victim = this.heap[0] ?? 0;
    this.slots.delete(this.values[victim] ?? '');
    this.values[victim] = value;
    const floor = this.counts[victim] ?? 0;
    this.errors[victim] = floor;
    this.counts[victim] = floor + 1;
    this.slots.set(value, victim);
    this.siftDown(0);
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

  private less(a: number, b: number): boolean {
    return (this.counts[this.heap[a] ?? 0] ?? 0) < (this.counts[this.heap[b] ?? 0] ?? 0);
  }

  private swap(a: number, b: number): void {
    const slotA = this.heap[a] ?? 0;
    const slotB = this.heap[b] ?? 0;
    this.heap[a] = slotB;
    this.heap[b] = slotA;
    this.position[slotB] = a;
    this.position[slotA] = b;
  }

  private siftUp(at: number): void {
    let i = at;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private siftDown(at: number): void {
    let i = at;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= this.size) return;
      const right = left + 1;
      const child = right < this.size && this.less(right, left) ? right : left;
      if (!this.less(child, i)) return;
      this.swap(i, child);
      i = child;
    }
  }
}
