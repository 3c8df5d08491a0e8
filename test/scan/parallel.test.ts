import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateLog } from '../../bench/generate-log.js';
import { tallyInputs, tallyPart } from '../../src/scan/feed.js';
import { mergeParts } from '../../src/scan/merge.js';
import { planParts } from '../../src/scan/parallel.js';
import { resolveInputs } from '../../src/scan/sources.js';
import type { ScanTally } from '../../src/scan/types.js';

const dir = mkdtempSync(join(tmpdir(), 'iis401-parallel-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

async function inTwo(paths: string[]): Promise<{ one: ScanTally; two: ScanTally }> {
  const inputs = await resolveInputs(paths);
  const plan = await planParts(inputs, {}, 2, 1);
  if (!plan) throw new Error('no plan');
  const [a, b] = await Promise.all([tallyPart(plan.first), tallyPart(plan.second)]);
  const two = mergeParts(a.part, b.part, plan.splitFile === undefined ? undefined : { file: plan.splitFile, linesBefore: a.lastFileLines });
  return { one: await tallyInputs(inputs), two };
}

/** What must not change with the split: every count, and each bucket's verdicts. */
function counts(t: ScanTally): unknown {
  const r = t.report;
  return {
    files: r.files,
    lines: r.lines,
    bytes: r.bytes,
    records: r.records,
    byStatus: r.byStatus,
    challenge: r.challenge,
    failure: r.failure,
    unreadable: r.unreadable,
    warnings: r.warnings,
    buckets: r.unauthorized.map((u) => [u.substatus, u.win32, u.count, u.challenge, u.failure, u.first, u.last, u.topUrls[0]?.value]),
  };
}

const HEADER = '#Software: Microsoft Internet Information Services 10.0\n#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) sc-status sc-substatus sc-win32-status time-taken\n';
const line = (time: string, uri: string, ip: string, status: string): string => `2024-03-01 ${time} 10.0.0.5 GET ${uri} - 443 - ${ip} Mozilla/5.0 ${status} 0\n`;

describe('a scan in two parts', () => {
  it('should count a generated log exactly as one pass does', async () => {
    const chunks: string[] = [];
    generateLog({ bytes: 3_000_000, challengeShare: 0.3, failureShare: 0.1, garbageEvery: 7000 }, (c) => chunks.push(c));
    const { one, two } = await inTwo([write('u_ex240301.log', chunks.join(''))]);
    expect(counts(two)).toEqual(counts(one));
    expect(two.report.challenge).toBeGreaterThan(0);
  });

  it('should settle a 401 waiting at the cut by the success that opens the second part', async () => {
    const fill = (n: number): string => Array.from({ length: n }, (_, i) => line('00:00:01', `/page${i}`, '10.1.1.2', '200 0 0')).join('');
    const before = `${HEADER}${fill(2000)}`;
    const unauthorized = line('00:00:02', '/app/', '10.9.9.9', '401 2 5');
    const start401 = Buffer.byteLength(before);
    const end401 = start401 + Buffer.byteLength(unauthorized);
    // As many lines after as put the middle of the file inside the 401 line: the cut falls right after it.
    let after = 0;
    const size = (n: number): number => end401 + Buffer.byteLength(line('00:00:02', '/app/', '10.9.9.9', '200 0 0') + fill(n));
    while (size(after) / 2 < start401) after++;
    const path = write('cut.log', `${before}${unauthorized}${line('00:00:02', '/app/', '10.9.9.9', '200 0 0')}${fill(after)}`);
    const plan = await planParts(await resolveInputs([path]), {}, 2, 1);
    expect(plan?.first.count[0]?.end).toBe(end401);
    const { one, two } = await inTwo([path]);
    expect(counts(two)).toEqual(counts(one));
    expect(two.report.challenge).toBe(1);
    expect(two.report.failure).toBe(0);
  });

  it("should split a folder between files and number the second part's lines from the start of its file", async () => {
    const day = `${HEADER}${line('00:00:01', '/a', '10.1.1.1', '401 1 1326')}this is not a log line\n${line('00:00:03', '/a', '10.1.1.1', '200 0 0')}`.repeat(200);
    const paths = [1, 2, 3, 4].map((d) => write(`u_ex24030${d}.log`, day));
    const { one, two } = await inTwo(paths);
    expect(counts(two)).toEqual(counts(one));
    expect(two.report.unreadable.count).toBe(800);
  });

  it('should number the lines of a file cut in two from its start', async () => {
    const text = `${HEADER}${Array.from({ length: 4000 }, (_, i) => (i % 1000 === 999 ? 'garbage\n' : line('00:00:01', `/p${i}`, '10.1.1.3', '200 0 0'))).join('')}`;
    const path = write('numbered.log', text);
    const { one, two } = await inTwo([path]);
    expect(two.report.unreadable.examples).toEqual(one.report.unreadable.examples);
    expect(two.report.unreadable.examples.at(-1)).toContain(`${path}:4002:`);
  });
});
