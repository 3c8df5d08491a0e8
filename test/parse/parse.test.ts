import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_PASTE, parse } from '../../src/parse/index.js';
import type { Symptoms } from '../../src/symptoms.js';

function expectWellFormed(s: Symptoms): void {
  expect(Array.isArray(s.kinds)).toBe(true);
  expect(Array.isArray(s.requests)).toBe(true);
  expect(Array.isArray(s.events)).toBe(true);
  expect(Array.isArray(s.pages)).toBe(true);
  expect(Array.isArray(s.traces)).toBe(true);
  expect(Array.isArray(s.codes)).toBe(true);
  expect(Array.isArray(s.tags)).toBe(true);
  expect(typeof s.text).toBe('string');
  expect(typeof s.prose).toBe('string');
  expect(Number.isInteger(s.redactions)).toBe(true);
  for (const code of s.codes) expect(code.key).toMatch(/^[a-z0-9]+:/);
}

describe('parse', () => {
  it('should never throw and always return a well-formed Symptoms for arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 2000 }), (text) => {
        expectWellFormed(parse(text));
      }),
      { numRuns: 300 },
    );
  });

  it('should stay well-formed for arbitrary log-like and event-like text', () => {
    const token = fc.oneof(fc.constantFrom('401', '1', '2', '1326', '-', '#Fields:', 'Status:', '0xC000006A', 'Event', 'ID:', '4625', '\n', '\t', 'HTTP', 'Error', '401.2'), fc.string({ maxLength: 6 }));
    fc.assert(
      fc.property(fc.array(token, { maxLength: 200 }), (tokens) => {
        expectWellFormed(parse(tokens.join(' ')));
      }),
      { numRuns: 300 },
    );
  });

  it('should answer an empty paste with a message', () => {
    const s = parse('');
    expectWellFormed(s);
    expect(s.messages.map((m) => m.ruleId)).toContain('input/empty');
  });

  it('should cut a 5 MB paste and say so', () => {
    const line = '2024-03-01 10:00:00 10.0.0.5 GET /default.htm - 80 - 10.0.0.9 Mozilla/5.0 - 401 1 1326 15\n';
    const s = parse(line.repeat(Math.ceil((5 * 1024 * 1024) / line.length)));
    expect(s.truncated).toBe(true);
    expect(s.inputLength).toBeGreaterThan(MAX_PASTE);
    expect(s.messages.map((m) => m.ruleId)).toContain('input/truncated');
    expect(s.requests.length).toBeGreaterThan(1000);
  });

  it('should say when a paste looks binary and still read what it can', () => {
    const bytes = Array.from({ length: 3000 }, (_, i) => String.fromCharCode(i % 32)).join('');
    const s = parse(`${bytes}\n401.1`);
    expect(s.messages.map((m) => m.ruleId)).toContain('input/binary');
    expect(s.codes.map((c) => c.key)).toContain('substatus:401.1');
  });

  it('should read a paste that mixes an error page, log lines and an event', () => {
    const s = parse([
      'HTTP Error 401.3 - Unauthorized',
      '2024-03-01 10:00:00 10.0.0.5 GET /files/a.pdf - 80 - 10.0.0.9 Mozilla/5.0 - 401 3 5 0',
      '2024-03-01 10:00:01 10.0.0.5 GET /files/b.pdf - 80 - 10.0.0.9 Mozilla/5.0 - 401 3 5 0',
      'Event ID: 539 Description: Logon Failure: Reason: Account locked out User Name: svc-web',
    ].join('\n'));
    expect(s.kinds).toEqual(expect.arrayContaining(['iis-log', 'event', 'error-page']));
    expect(s.requests).toHaveLength(2);
    expect(s.codes.map((c) => c.key)).toEqual(expect.arrayContaining(['substatus:401.3', 'event:539']));
  });

  it('should keep an unknown code and say it is unknown', () => {
    const s = parse('we see 0x8BADF00D in the trace');
    expect(s.codes.find((c) => c.raw === '0x8BADF00D')?.known).toBe(false);
    expect(s.messages.some((m) => m.ruleId === 'codes/unknown')).toBe(true);
  });
});
