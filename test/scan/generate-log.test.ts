import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateLog, parseSize } from '../../bench/generate-log.js';
import { LogScanner } from '../../src/scan/scanner.js';
import { ChallengeWindow } from '../../src/scan/challenge.js';
import { Tally } from '../../src/scan/tally.js';

function generate(bytes: number, seed?: number): { text: string; truth: ReturnType<typeof generateLog> } {
  const chunks: string[] = [];
  const truth = generateLog({ bytes, ...(seed === undefined ? {} : { seed }), garbageEvery: 5000 }, (chunk) => chunks.push(chunk));
  return { text: chunks.join(''), truth };
}

const sha = (text: string): string => createHash('sha256').update(text).digest('hex');

describe('the log generator', () => {
  it('should write the same bytes for the same seed and size, and other bytes for another seed', () => {
    const a = generate(200_000);
    const b = generate(200_000);
    expect(sha(a.text)).toBe(sha(b.text));
    expect(a.truth).toEqual(b.truth);
    expect(sha(generate(200_000, 7).text)).not.toBe(sha(a.text));
    expect(a.text.length).toBeGreaterThanOrEqual(200_000);
    expect(a.truth.bytes).toBe(a.text.length);
  });

  it('should write what it says it wrote, which the scanner reads back exactly', () => {
    const { text, truth } = generate(2_000_000);
    const tally = new Tally();
    const window = new ChallengeWindow((id, count, challenge, sample) => tally.settle(id, count, challenge, sample));
    const scanner = new LogScanner(tally, window);
    scanner.beginFile('generated.log');
    scanner.feed(Buffer.from(text, 'latin1'));
    scanner.endFile();
    window.flush();
    const { report } = tally.finish();
    expect(report.byStatus).toEqual(truth.byStatus);
    expect(report.unreadable.count).toBe(truth.garbage);
    expect(Object.fromEntries(report.unauthorized.map((b) => [`${b.substatus} ${b.win32}`, { count: b.count, challenge: b.challenge, failure: b.failure }]))).toEqual(truth.unauthorized);
  });

  it('should cover the layouts and codes the benchmark promises, even in a small file', () => {
    const { text, truth } = generate(2_000_000);
    const headers = new Set(text.split('\r\n').filter((l) => l.startsWith('#Fields:')));
    expect(headers.size).toBe(4);
    expect(text).toContain('#Software: Microsoft Internet Information Services 6.0');
    expect([...headers].some((h) => h.includes('s-sitename s-ip'))).toBe(true);
    expect(Object.keys(truth.unauthorized)).toEqual(expect.arrayContaining(['2 5', '1 2148074254', '1 1326', '1 1909', '1 2148074252', '3 5']));
    expect(Object.keys(truth.byStatus)).toEqual(expect.arrayContaining(['200', '304', '302', '404', '500']));
  });

  it.each([
    ['200MB', 200 * 1024 ** 2],
    ['1GB', 1024 ** 3],
    ['1.5 kb', 1536],
    ['4096', 4096],
  ])('should read the size %s', (text, bytes) => {
    expect(parseSize(text)).toBe(bytes);
  });
});
