import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SpaceSaving } from '../../src/scan/top-k.js';

function exact(values: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}

describe('SpaceSaving', () => {
  it('should count exactly while the values fit', () => {
    const top = new SpaceSaving(8);
    for (const v of ['/a', '/b', '/a', '/c', '/a', '/b']) top.add(v);
    expect(top.top(10)).toEqual([
      { value: '/a', count: 3, error: 0 },
      { value: '/b', count: 2, error: 0 },
      { value: '/c', count: 1, error: 0 },
    ]);
    expect(top.total).toBe(6);
  });

  it('should keep a heavy value through a flood of distinct ones', () => {
    const top = new SpaceSaving(16);
    for (let i = 0; i < 5000; i++) {
      top.add(`/noise/${i}`);
      if (i % 10 === 0) top.add('/heavy');
    }
    const [first] = top.top(1);
    expect(first?.value).toBe('/heavy');
    expect(first && first.count - first.error).toBeLessThanOrEqual(500);
    expect(first?.count).toBeGreaterThanOrEqual(500);
  });

  it('should keep values up to 128 bytes whole, and longer ones as a prefix and a hash of the whole', () => {
    const top = new SpaceSaving(4);
    const whole = `/${'w'.repeat(127)}`;
    const long = `/${'x'.repeat(300_000)}`;
    const other = `/${'x'.repeat(299_999)}y`;
    for (const v of [whole, long, long, other, '/é-ünïcode']) top.add(v);
    const [first, ...rest] = top.top(4);
    expect(first?.count).toBe(2);
    expect(first?.value).toMatch(/^\/x{47}…\[300001B#[0-9a-f]{8}\]$/);
    expect(rest.map((e) => e.value)).toContain(whole);
    expect(rest.map((e) => e.value)).toContain('/é-ünïcode');
    // The same prefix and length, told apart by the hash.
    const twin = rest.find((e) => e.value.startsWith('/xxx'));
    expect(twin?.value).not.toBe(first?.value);
    for (const e of top.top(4)) expect(e.value.length).toBeLessThan(140);
  });

  it('should never under-count, and never over-count by more than its error', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k'), { maxLength: 400 }), fc.integer({ min: 1, max: 6 }), (values, capacity) => {
        const top = new SpaceSaving(capacity);
        for (const v of values) top.add(v);
        const truth = exact(values);
        for (const entry of top.top(capacity)) {
          const real = truth.get(entry.value) ?? 0;
          expect(entry.count).toBeGreaterThanOrEqual(real);
          expect(entry.count - entry.error).toBeLessThanOrEqual(real);
        }
        // Any value seen more than total/capacity times is kept.
        for (const [value, count] of truth) {
          if (count > values.length / capacity) expect(top.top(capacity).some((e) => e.value === value)).toBe(true);
        }
      }),
    );
  });

  it('should refuse a capacity that is not a positive integer, naming it', () => {
    expect(() => new SpaceSaving(0)).toThrow(/capacity must be a positive integer, got 0/);
  });
});
