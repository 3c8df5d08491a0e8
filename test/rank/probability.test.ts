import { describe, expect, it } from 'vitest';
import { causeProbabilities } from '../../src/rank/probability.js';

describe('causeProbabilities', () => {
  it('should give every ranked cause a share that sums to one, the higher score the larger share', () => {
    const p = causeProbabilities([
      { id: 'a', score: 9 },
      { id: 'b', score: 7 },
      { id: 'c', score: 1 },
    ]);
    const sum = [...p.values()].reduce((s, v) => s + v, 0);
    expect(sum).toBeCloseTo(1, 10);
    expect(p.get('a')).toBeGreaterThan(p.get('b') ?? 1);
    expect(p.get('b')).toBeGreaterThan(p.get('c') ?? 1);
  });

  it('should return nothing for nothing ranked', () => {
    expect(causeProbabilities([]).size).toBe(0);
  });
});
