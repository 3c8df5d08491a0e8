import { describe, expect, it } from 'vitest';
import { holds } from '../../src/match/match.js';
import { labelSequences, overallSequence } from '../../src/match/facts.js';
import { readLogLines } from '../../src/parse/iis-log.js';

describe('holds', () => {
  it.each<[string, string, Parameters<typeof holds>[1], Array<string | number | boolean>, boolean]>([
    ['equal a number', 'sc-win32-status', 1326, [1326], true],
    ['equal across types', 'sc-status', 401, ['401'], true],
    ['fail on a different number', 'sc-win32-status', 1326, [1909], false],
    ['match any of several', 'EventID', { any: [529, 534] }, [534], true],
    ['need all of several tags', 'tag', { all: ['anonymous', 'guests-group'] }, ['anonymous'], false],
    ['compare codes whole, not by contains', 'code', { any: ['win32:13'] }, ['win32:1326'], false],
    ['match text by contains, ignoring the case of the rule', 'text', { any: ['LOOPBACK'] }, ['the loopback check'], true],
    ['read a bare value on text as contains', 'text', 'loopback', ['the loopback check'], true],
    ['refuse a text that has a none word', 'cs-username', { none: ['\\'] }, ['contoso\\jdoe'], false],
    ['hold none on an absent field', 'cs-username', { none: ['\\'] }, [], true],
    ['hold absent on an absent field', 'cs-username', { absent: true }, [], true],
    ['refuse absent on a present field', 'cs-username', { absent: true }, ['jdoe'], false],
    ['hold present', 'cs-username', { present: true }, ['jdoe'], true],
    ['hold a range', 'sc-substatus', { min: 501, max: 504 }, [503], true],
    ['refuse outside a range', 'sc-substatus', { min: 501, max: 504 }, [2], false],
  ])('should %s', (_name, field, condition, values, expected) => {
    expect(holds(field, condition, values)).toBe(expected);
  });
});

describe('labelSequences', () => {
  const line = (time: string, ip: string, uri: string, user: string, status: string) => `2024-03-01 ${time} 10.0.0.5 GET ${uri} - 80 ${user} ${ip} UA - ${status} 0`;

  it('should call 401s followed by a success for the same client and URL challenge legs', () => {
    const { records } = readLogLines([
      line('10:00:00', '10.0.0.9', '/a', '-', '401 2 5'),
      line('10:00:00', '10.0.0.9', '/a', '-', '401 1 2148074254'),
      line('10:00:00', '10.0.0.9', '/a', 'CONTOSO\\u', '200 0 0'),
    ].join('\n'));
    const labels = labelSequences(records);
    expect(labels).toEqual(['challenge-leg', 'challenge-leg', 'success']);
    expect(overallSequence(labels)).toBe('challenge-complete');
  });

  it('should call 401s that never end in a success unanswered', () => {
    const { records } = readLogLines([
      line('10:00:00', '10.0.0.9', '/a', '-', '401 2 5'),
      line('10:00:01', '10.0.0.9', '/a', '-', '401 2 5'),
      line('10:00:02', '10.0.0.7', '/b', '-', '200 0 0'),
    ].join('\n'));
    const labels = labelSequences(records);
    expect(labels).toEqual(['unanswered', 'unanswered', 'success']);
    expect(overallSequence(labels)).toBe('never-succeeds');
  });

  it('should not let a success for another client answer a 401', () => {
    const { records } = readLogLines([line('10:00:00', '10.0.0.9', '/a', '-', '401 1 1326'), line('10:00:01', '10.0.0.8', '/a', 'X\\y', '200 0 0')].join('\n'));
    expect(labelSequences(records)[0]).toBe('unanswered');
  });
});
