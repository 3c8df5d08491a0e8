// Issue 11 item 3: what a scan keeps is bounded by a constant, whatever the lines hold, and odd but real
// log files (tabs, CR line ends, UTF-16, links, pipes) are read or refused with a message.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { writeHostileLog } from '../../bench/hostile-log.js';
import { SAMPLE_LINE_BYTES } from '../../src/scan/bounded.js';
import { renderScanText, resolveInputs, scanBuffer, scanInputs } from '../../src/scan/index.js';
import type { ScanReport, ScanTally } from '../../src/scan/index.js';
import { SAMPLE_BYTES } from '../../src/scan/tally.js';

const ROOT = join(import.meta.dirname, '..', '..');
const IIS10 = readFileSync(join(ROOT, 'test', 'fixtures', 'logs', 'u_ex240301-iis10.log'));
const dir = mkdtempSync(join(tmpdir(), 'iis401-bounds-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const noEngine = { diagnose: () => ({ causes: [] }) } as never;

function hostile(lines: number, lineBytes: number, gzip = true): Buffer {
  const parts: Buffer[] = [];
  writeHostileLog({ lines, lineBytes, gzip }, (chunk) => parts.push(chunk));
  return Buffer.concat(parts);
}

async function tallyOf(name: string, data: Buffer): Promise<ScanTally> {
  const path = join(dir, name);
  writeFileSync(path, data);
  return scanInputs(await resolveInputs([path]));
}

function sampleBytes(tally: ScanTally): number {
  let n = 0;
  for (const samples of tally.samples.values()) for (const s of samples) n += s.line.length;
  return n;
}

/** The counts a report gives, for comparing two readings of the same log. */
function counts(report: Pick<ScanReport, 'byStatus' | 'unauthorized' | 'records'>): unknown {
  return { records: report.records, byStatus: report.byStatus, pairs: report.unauthorized.map((b) => [b.substatus, b.win32, b.count, b.challenge, b.failure]) };
}

describe('scan memory bounds', () => {
  it('should give a report of the same size whether the 401 lines are 1 KB or 32 KB long', async () => {
    const short = await tallyOf('short.log.gz', hostile(2048, 1024));
    const long = await tallyOf('long.log.gz', hostile(2048, 32 * 1024));
    expect(long.report.bytes).toBeGreaterThan(25 * short.report.bytes);
    // Every one of the 512 code pairs is counted, 4 lines each.
    expect(long.report.unauthorized).toHaveLength(512);
    for (const bucket of long.report.unauthorized) expect(bucket.count).toBe(4);
    const size = (t: ScanTally): number => JSON.stringify(t.report).length;
    expect(Math.abs(size(long) - size(short))).toBeLessThan(size(short) / 50);
    for (const bucket of long.report.unauthorized) {
      for (const entry of [...bucket.topUrls, ...bucket.topUsers, ...bucket.topClients]) expect(entry.value.length).toBeLessThan(100);
    }
    // Samples: each line bounded, all of them together within the budget (plus the first few per bucket).
    for (const samples of long.samples.values()) for (const s of samples) expect(s.line.length).toBeLessThanOrEqual(SAMPLE_LINE_BYTES);
    expect(sampleBytes(long)).toBeLessThan(SAMPLE_BYTES + 512 * 3 * SAMPLE_LINE_BYTES);
    expect(sampleBytes(long)).toBeLessThan(2 * sampleBytes(short));
  });

  it('should keep the fields of a shortened sample line in place, so the diagnosis still reads them', async () => {
    const tally = await tallyOf('fields.log.gz', hostile(512, 20_000));
    const [sample] = tally.samples.get('1 1000') ?? [];
    const fields = sample?.line.split(' ') ?? [];
    expect(fields).toHaveLength(15);
    expect(fields.slice(11, 14)).toEqual(['401', '1', '1000']);
    expect(fields[4]).toMatch(/^\/u0-.{1,24}…\[\d+B#[0-9a-f]{8}\]$/);
  });

  it('should scan a file of long unique 401 lines in a 48 MB heap (the old scan needed gigabytes)', () => {
    const path = join(dir, 'heap.log.gz');
    writeFileSync(path, hostile(4096, 60_000));
    const program = `import { resolveInputs, scanInputs } from ${JSON.stringify(join(ROOT, 'dist', 'src', 'scan', 'index.js'))};
      const t = await scanInputs(await resolveInputs([${JSON.stringify(path)}]));
      process.stdout.write(JSON.stringify({ records: t.report.records, buckets: t.report.unauthorized.length, bytes: t.report.bytes }));`;
    const run = spawnSync(process.execPath, ['--max-old-space-size=48', '--input-type=module', '-e', program], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const out = JSON.parse(run.stdout) as { records: number; buckets: number; bytes: number };
    expect(out).toMatchObject({ records: 4096, buckets: 512 });
    expect(out.bytes).toBeGreaterThan(200 * 1024 * 1024);
  });

  it('should stop at the byte limit after decompression (a gzip bomb) and say so', async () => {
    const line = '2024-03-01 08:04:00 10.0.0.5 GET /api/orders - 443 - 10.1.7.7 curl/8.4.0 - 401 2 5 15\r\n';
    const header = '#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken\r\n';
    const bomb = gzipSync(Buffer.from(`${header}${line.repeat(400_000)}`));
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const report = await scanBuffer(bomb, 'bomb.log.gz', noEngine, { maxBytes: 4 * 1024 * 1024 });
    expect(report.stopped).toEqual({ maxBytes: 4 * 1024 * 1024, file: 'bomb.log.gz' });
    expect(report.bytes).toBeLessThanOrEqual(4 * 1024 * 1024);
    expect(report.unreadable.count).toBe(0);
    expect(report.records).toBe(Math.floor((4 * 1024 * 1024 - header.length) / line.length));
    expect(report.warnings.join('\n')).toMatch(/stopped after 4,194,304 bytes of log text/);
    expect(renderScanText(report)).toMatch(/Stopped at the limit of 4\.0 MB of log text, in bomb\.log\.gz/);
  });
});

describe('scan on odd but real log files', () => {
  it('should refuse a #Fields of more than 256 names with a message, not read other text as fields', async () => {
    const names = Array.from({ length: 300 }, (_, i) => (i === 290 ? 'sc-status' : `x-f${i}`));
    const line = Array.from({ length: 300 }, (_, i) => (i === 290 ? '401' : `v${i}`)).join(' ');
    const report = await scanBuffer(Buffer.from(`#Fields: ${names.join(' ')}\n${line}\n${line}\n`), 'wide.log', noEngine);
    expect(report.records).toBe(0);
    expect(report.unreadable.count).toBe(2);
    expect(report.warnings.join('\n')).toMatch(/names 300 fields \(at most 256 are read\), so the lines under it are not counted/);
  });

  it('should read a headerless line whose value holds a quote, again and again', async () => {
    const line = '2012-06-01 10:00:03 10.0.0.7 POST /app/sa"ve.aspx - 80 CONTOSO\\dan 10.2.0.6 Mozilla/5.0+"x 401 1 1326 15\n';
    for (let round = 0; round < 3; round++) {
      const report = await scanBuffer(Buffer.from(line.repeat(3)), 'quote.log', noEngine);
      expect(report.unauthorized.map((b) => [b.substatus, b.win32, b.count])).toEqual([[1, 1326, 3]]);
    }
  });

  it('should never throw on lines built from log pieces, quotes, tabs and junk', async () => {
    const piece = fc.constantFrom('2024-03-01', '08:00:00', '401', '200', '1', '1326', '-', '"', '""', '\t', ' ', '/a"b', 'GET', 'USER', '[2]USER', '#Fields:', 'sc-status', 'c-ip', 'cs-uri-stem', '\r', '\u00e9', '\u001b', '%0', '::1%3');
    const line = fc.array(piece, { maxLength: 24 }).map((parts) => parts.join(' '));
    await fc.assert(
      fc.asyncProperty(fc.array(line, { minLength: 1, maxLength: 12 }), async (lines) => {
        const data = Buffer.from(`2024-03-01 08:00:00 10.0.0.1 GET / - 80 - 10.1.1.1 x 401 2 5\n${lines.join('\n')}`);
        const report = await scanBuffer(data, 'fuzz.log', noEngine);
        expect(report.records + report.unreadable.count + (report.notHttp?.lines ?? 0)).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });

  it('should read a #Fields of 256 names by position', async () => {
    const names = Array.from({ length: 256 }, (_, i) => (i === 250 ? 'sc-status' : i === 251 ? 'sc-substatus' : i === 252 ? 'sc-win32-status' : `x-f${i}`));
    const values = names.map((n, i) => (n === 'sc-status' ? '401' : n === 'sc-substatus' ? '3' : n === 'sc-win32-status' ? '5' : `v${i}`));
    const report = await scanBuffer(Buffer.from(`#Fields: ${names.join(' ')}\n${values.join(' ')}\n`), 'wide.log', noEngine);
    expect(report.unauthorized.map((b) => [b.substatus, b.win32, b.count])).toEqual([[3, 5, 1]]);
  });

  it.each([
    ['tab-separated', (text: string) => text.replace(/ /g, '\t')],
    ['tab-separated under a space-separated #Fields', (text: string) => text.replace(/^(?!#)(.*)$/gm, (l) => l.replace(/ /g, '\t'))],
    ['CR-only line ends', (text: string) => text.replace(/\r\n/g, '\r')],
  ])('should read a %s log as the original', async (_name, change) => {
    const original = await scanBuffer(IIS10, 'u.log', noEngine);
    const changed = await scanBuffer(Buffer.from(change(IIS10.toString('latin1')), 'latin1'), 'u.log', noEngine);
    expect(counts(changed)).toEqual(counts(original));
    expect(changed.unauthorized.map((b) => b.topUrls)).toEqual(original.unauthorized.map((b) => b.topUrls));
  });

  it.each([
    ['UTF-16LE with a byte-order mark', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(IIS10.toString('latin1'), 'utf16le')])],
    ['UTF-16LE without one', Buffer.from(IIS10.toString('latin1'), 'utf16le')],
    ['UTF-16BE', Buffer.from(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(IIS10.toString('latin1'), 'utf16le')]).swap16())],
  ])('should decode a %s log and say so', async (name, data) => {
    const original = await scanBuffer(IIS10, 'u.log', noEngine);
    const decoded = await tallyOf(`utf16-${name.length}.log`, data);
    expect(counts(decoded.report)).toEqual(counts(original));
    expect(decoded.report.warnings.join('\n')).toMatch(/is UTF-16[LB]E text; it was decoded/);
    const zipped = await scanBuffer(gzipSync(data), 'u.log.gz', noEngine);
    expect(counts(zipped)).toEqual(counts(original));
  });

  it('should follow a link to a log once, and not loop on a link back up the tree', async () => {
    const root = join(dir, 'links');
    mkdirSync(join(root, 'W3SVC1'), { recursive: true });
    writeFileSync(join(root, 'W3SVC1', 'u_ex240301.log'), IIS10);
    writeFileSync(join(dir, 'elsewhere.log'), IIS10);
    symlinkSync(join(dir, 'elsewhere.log'), join(root, 'W3SVC1', 'u_ex240302.log'));
    symlinkSync(join(root, 'W3SVC1', 'u_ex240301.log'), join(root, 'W3SVC1', 'u_ex240303.log'));
    symlinkSync(root, join(root, 'W3SVC1', 'loop'));
    symlinkSync(join(dir, 'missing.log'), join(root, 'W3SVC1', 'dangling.log'));
    const inputs = await resolveInputs([root]);
    expect(inputs.map((i) => i.name.slice(root.length + 1))).toEqual(['W3SVC1/u_ex240301.log', 'W3SVC1/u_ex240302.log']);
  });

  it('should refuse a named pipe with a message instead of waiting on it, and pass one over in a folder', async () => {
    const root = join(dir, 'pipes');
    mkdirSync(root);
    writeFileSync(join(root, 'u_ex240301.log'), IIS10);
    const made = spawnSync('mkfifo', [join(root, 'u_ex240302.log')]);
    if (made.status !== 0) return;
    await expect(resolveInputs([join(root, 'u_ex240302.log')])).rejects.toThrow(/not a regular file \(a pipe, socket or device\)/);
    expect((await resolveInputs([root])).map((i) => i.name)).toEqual([join(root, 'u_ex240301.log')]);
  });

  it('should escape terminal control bytes that a log field carries, in text and in JSON', async () => {
    const evil = IIS10.toString('latin1').replace('GET /api/orders - 443 - 10.1.7.7 curl/8.4.0', 'GET /api/\x1b]0;owned\x07\x1b[2J - 443 - 10.1.7.7 curl/8.4.0');
    const report = await scanBuffer(Buffer.from(`${evil}2024-03-01 08:20:00 \x9b31m\n`, 'latin1'), 'u.log', noEngine);
    const text = renderScanText(report);
    expect(text).toContain('/api/\\x1b]0;owned\\x07\\x1b[2J');
    // eslint-disable-next-line no-control-regex
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  });

  it('should redact a secret in an unreadable line it quotes, and in the sample lines it keeps', async () => {
    const withSecrets = IIS10.toString('latin1')
      .replace('2024-03-01 08:12:00 10.0.0.5 GET /intran', '2024-03-01 08:12:00 half a line password=hunter2 cut')
      .replace(/curl\/8\.4\.0 - 401/g, 'curl/8.4.0 ASP.NET_SessionId=s3cr3tvalue 401');
    const tally = await tallyOf('secrets.log', Buffer.from(withSecrets, 'latin1'));
    expect(tally.report.unreadable.examples.join('\n')).toContain('password=[redacted]');
    expect(tally.report.unreadable.examples.join('\n')).not.toContain('hunter2');
    const lines = [...tally.samples.values()].flat().map((s) => s.line);
    expect(lines.some((l) => l.includes('ASP.NET_SessionId=[redacted]'))).toBe(true);
    expect(lines.join('\n')).not.toContain('s3cr3tvalue');
  });
});
