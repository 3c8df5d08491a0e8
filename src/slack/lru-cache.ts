// A small bounded cache: least recently used entries go first, entries expire after `ttlMs`, and the
// total weight (e.g. characters of stored text) is capped so a few huge pastes cannot fill the memory.

export interface LruCacheOptions<V> {
  /** Most entries kept. */
  readonly max: number;
  /** Age after which an entry is gone (ms). */
  readonly ttlMs: number;
  /** Largest total weight; with `weigh`. Default: unbounded. */
  readonly maxWeight?: number;
  /** Weight of one value (default 1). */
  readonly weigh?: (value: V) => number;
  /** Clock, for tests. */
  readonly now?: () => number;
}

interface Entry<V> {
  readonly value: V;
  readonly expires: number;
  readonly weight: number;
}

export class LruCache<V> {
  private readonly entries = new Map<string, Entry<V>>();
  private weight = 0;
  private readonly options: LruCacheOptions<V>;

  constructor(options: LruCacheOptions<V>) {
    this.options = options;
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expires <= this.now()) {
      this.remove(key, entry);
      return undefined;
    }
    // Map keeps insertion order: re-inserting marks the entry as most recently used.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  set(key: string, value: V): void {
    const old = this.entries.get(key);
    if (old) this.remove(key, old);
    const weight = this.options.weigh?.(value) ?? 1;
    if (this.options.maxWeight !== undefined && weight > this.options.maxWeight) return;
    this.entries.set(key, { value, expires: this.now() + this.options.ttlMs, weight });
    this.weight += weight;
    this.evict();
  }

  /** Marks `key` as seen; true only the first time within the TTL (de-duplication caches only). */
  claim(this: LruCache<true>, key: string): boolean {
    if (this.has(key)) return false;
    this.set(key, true);
    return true;
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  private remove(key: string, entry: Entry<V>): void {
    this.entries.delete(key);
    this.weight -= entry.weight;
  }

  private evict(): void {
    const now = this.now();
    for (const [key, entry] of this.entries) {
      const over = this.entries.size > this.options.max || (this.options.maxWeight !== undefined && this.weight > this.options.maxWeight);
      if (!over && entry.expires > now) break;
      this.remove(key, entry);
    }
  }
}
