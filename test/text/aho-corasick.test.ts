import { describe, expect, it } from 'vitest';
import { MultiPatternMatcher } from '../../src/text/aho-corasick.js';

function occurrences(patterns: readonly string[], text: string): Array<[string, number]> {
  const found: Array<[string, number]> = [];
  new MultiPatternMatcher(patterns).scan(text, (index, start) => found.push([patterns[index] ?? '', start]));
  return found;
}

/** Every occurrence by brute force, in the order the matcher reports them (by end, then longest first). */
function bruteForce(patterns: readonly string[], text: string): Array<[string, number]> {
  const found: Array<[string, number, number]> = [];
  patterns.forEach((p) => {
    if (p === '') return;
    for (let at = text.indexOf(p); at >= 0; at = text.indexOf(p, at + 1)) found.push([p, at, at + p.length]);
  });
  return found.sort((a, b) => a[2] - b[2] || a[1] - b[1]).map(([p, at]) => [p, at]);
}

describe('MultiPatternMatcher', () => {
  it('should find overlapping patterns and patterns inside other patterns', () => {
    const patterns = ['he', 'she', 'his', 'hers', 'e'];
    expect(occurrences(patterns, 'ushers')).toEqual(bruteForce(patterns, 'ushers'));
  });

  it('should report a pattern listed twice under both indexes and ignore an empty one', () => {
    expect(new Set(occurrences(['proxy', '', 'proxy'], 'a proxy').map(([p, at]) => `${p}@${at}`))).toEqual(new Set(['proxy@2']));
    const indexes: number[] = [];
    new MultiPatternMatcher(['proxy', '', 'proxy']).scan('a proxy', (index) => indexes.push(index));
    expect(indexes.sort()).toEqual([0, 2]);
  });

  it('should agree with brute force on repetitive text', () => {
    const patterns = ['aa', 'aaa', 'ab', 'ba', 'aab', 'b'];
    const text = 'aabaaabaaaabab'.repeat(20);
    expect(occurrences(patterns, text).sort()).toEqual(bruteForce(patterns, text).sort());
  });
});
