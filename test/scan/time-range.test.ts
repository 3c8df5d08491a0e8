import { describe, expect, it } from 'vitest';
import { parseBound, parseTimeRange } from '../../src/scan/time-range.js';

describe('time range', () => {
  it.each([
    ['2024-03-01', 'since', '2024-03-01 00:00:00'],
    ['2024-03-01', 'until', '2024-03-01 23:59:59'],
    ['2024-03-01T14:30', 'since', '2024-03-01 14:30:00'],
    ['2024-03-01T14:30', 'until', '2024-03-01 14:30:59'],
    ['2024-03-01 14:30:05', 'until', '2024-03-01 14:30:05'],
    ['2024-03-01T14:30:05Z', 'since', '2024-03-01 14:30:05'],
    ['2024-03-01T14:30:05.250Z', 'since', '2024-03-01 14:30:05'],
    ['2024-03-01T01:00:00+02:00', 'since', '2024-02-29 23:00:00'],
    ['2024-03-01T01:00:00-0130', 'since', '2024-03-01 02:30:00'],
  ] as const)('should read %s as --%s %s (UTC, like the log)', (text, edge, expected) => {
    expect(parseBound(text, edge)).toBe(expected);
  });

  it.each(['yesterday', '2024-02-30', '2024-03-01T25:00', '03/01/2024'])('should refuse %s, quoting it', (text) => {
    expect(() => parseBound(text, 'since')).toThrow(`"${text}"`);
  });

  it('should refuse a range that ends before it starts', () => {
    expect(() => parseTimeRange('2024-03-02', '2024-03-01')).toThrow(/--since 2024-03-02 is after --until 2024-03-01/);
  });
});
