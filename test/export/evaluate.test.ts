import { describe, expect, it } from 'vitest';
import { matchesDetection } from './evaluate.js';

// The evaluator the export tests trust: it must read Sigma as the specification says.

describe('matchesDetection', () => {
  it.each<[string, Record<string, unknown>, Record<string, string | undefined>, boolean]>([
    ['AND the fields of a map', { s: { a: '1', b: 2 }, condition: 's' }, { a: '1', b: '2' }, true],
    ['refuse a map with one field off', { s: { a: '1', b: 2 }, condition: 's' }, { a: '1', b: '3' }, false],
    ['OR the maps of a list', { s: [{ a: 'x' }, { b: 'y' }], condition: 's' }, { b: 'y' }, true],
    ['OR the values of a list', { s: { a: ['x', 'y'] }, condition: 's' }, { a: 'Y' }, true],
    ['AND the values with |all', { s: { 'a|contains|all': ['x', 'y'] }, condition: 's' }, { a: 'x-z' }, false],
    ['compare strings without case', { s: { a: 'IUSR' }, condition: 's' }, { a: 'iusr' }, true],
    ['expand * and ?', { s: { a: 'IUSR_?EB*' }, condition: 's' }, { a: 'IUSR_WEB01' }, true],
    ['read \\* as a literal star', { s: { a: 'a\\*b' }, condition: 's' }, { a: 'axxb' }, false],
    ['read \\\\ as one backslash', { s: { 'a|contains': '\\\\' }, condition: 's' }, { a: 'CONTOSO\\jdoe' }, true],
    ['match null on an empty field', { s: { a: null }, condition: 's' }, {}, true],
    ['not match null on a value', { s: { a: null }, condition: 's' }, { a: 'x' }, false],
    ['compare with gte', { s: { 'a|gte': 501 }, condition: 's' }, { a: '503' }, true],
    ['negate with not', { s: { a: 'x' }, f: { b: 'y' }, condition: 's and not f' }, { a: 'x', b: 'y' }, false],
  ])('should %s', (_name, detection, fields, expected) => {
    expect(matchesDetection(detection, fields)).toBe(expected);
  });

  it('should refuse conditions and modifiers outside the subset the export writes', () => {
    expect(() => matchesDetection({ s: { a: 'x' }, condition: 's or t' }, {})).toThrow(/expected "and"/);
    expect(() => matchesDetection({ s: { 'a|re': 'x' }, condition: 's' }, { a: 'x' })).toThrow(/modifier re/);
    expect(() => matchesDetection({ s: { a: 'x' }, condition: '1 of s*' }, {})).toThrow();
  });
});
