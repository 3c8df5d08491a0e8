import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { Diagnosis, DiagnosisEngine } from '../../src/diagnose.js';
import { renderScanSlack, scanBuffer, ScanInputError } from '../../src/scan/index.js';
import { realEngine } from '../helpers/kb-engine.js';

const LOGS = join(import.meta.dirname, '..', 'fixtures', 'logs');
const IIS10 = readFileSync(join(LOGS, 'u_ex240301-iis10.log'));

/** An engine that records what it was asked and answers with one fixed cause. */
function fakeEngine(asked: string[] = []): Pick<DiagnosisEngine, 'diagnose'> {
  return {
    diagnose: (text: string) => {
      asked.push(text);
      const cause = { id: text.includes(' 1326 ') ? 'wrong-client-credentials' : 'auth-method-mismatch', title: 'A cause', summary: '', confidence: 'high', score: 10, why: ['because (log line 2)'], steps: [], article: 'kb/causes/x.md', rules: [] };
      return { causes: [cause] } as unknown as Diagnosis;
    },
  };
}

describe('scanBuffer', () => {
  it('should give the same counts for a file and its gzip, told apart by the magic bytes', async () => {
    const plain = await scanBuffer(IIS10, 'u_ex240301.log', fakeEngine());
    const zipped = await scanBuffer(gzipSync(IIS10), 'u_ex240301.log', fakeEngine());
    expect(zipped.byStatus).toEqual(plain.byStatus);
    expect(zipped.unauthorized).toEqual(plain.unauthorized);
    expect(zipped.files).toEqual(['u_ex240301.log']);
  });

  it('should diagnose each failure bucket from lines that failed, under their #Fields, and merge', async () => {
    const asked: string[] = [];
    const report = await scanBuffer(IIS10, 'u_ex240301.log', fakeEngine(asked));
    expect(asked.length).toBe(report.unauthorized.filter((b) => b.failure > 0).length);
    for (const paste of asked) expect(paste.split('\n')[1]).toMatch(/^#Fields: date time s-ip/);
    // The 401.2 5 failures are the curl client's and the late answer's, not the challenge legs before them.
    const mismatch = asked.find((p) => / 401 2 5 /.test(p)) ?? '';
    expect(mismatch).toContain('curl/8.4.0');
    expect(mismatch).not.toContain('10.1.5.77');
    expect(report.causes.map((c) => c.id)).toEqual(['auth-method-mismatch', 'wrong-client-credentials']);
    expect(report.causes[0]?.why[0]).toMatch(/^\d+ real failures? logged as 401\.\d/);
    expect(report.causes.flatMap((c) => c.why).join(' ')).not.toContain('log line');
    expect(report.unauthorized.find((b) => b.win32 === 1326)?.cause).toBe('wrong-client-credentials');
  });

  it('should name real causes with the real knowledge base', async () => {
    const report = await scanBuffer(IIS10, 'u_ex240301.log', await realEngine());
    const ids = report.causes.map((c) => c.id);
    expect(ids).toContain('wrong-client-credentials');
    expect(ids).toContain('account-locked-out');
    expect(ids).not.toContain('auth-handshake-normal');
  });

  it('should say there is nothing to fix when every 401 was a challenge leg', async () => {
    const text = IIS10.toString('utf8').split('\r\n').filter((l) => l.startsWith('#') || / (10\.1\.5\.77|10\.1\.5\.78) /.test(l)).join('\r\n');
    const report = await scanBuffer(Buffer.from(text), 'ok.log', fakeEngine());
    expect(report.failure).toBe(0);
    expect(report.challenge).toBe(4);
    expect(report.causes).toEqual([]);
    expect(report.notes[0]).toMatch(/normal Windows authentication challenge/);
  });

  it('should refuse data that holds no log at all, so that the caller reads it as a paste', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Event ID: 4625\r\nAccount Name: jdoe\r\n', 'utf16le')]);
    await expect(scanBuffer(utf16, 'export.txt', fakeEngine())).rejects.toBeInstanceOf(ScanInputError);
  });

  it('should keep what it read from a gzip file cut short, and say so', async () => {
    const zipped = gzipSync(Buffer.concat([IIS10, IIS10, IIS10]));
    const report = await scanBuffer(zipped.subarray(0, zipped.length - 40), 'cut.log.gz', fakeEngine());
    expect(report.records).toBeGreaterThan(0);
    expect(report.warnings[0]).toMatch(/^cut\.log\.gz: the gzip data is damaged or cut short/);
  });
});

describe('renderScanSlack', () => {
  it('should give mrkdwn sections under 3,000 characters, escaping what came from the log', async () => {
    const hostile = IIS10.toString('utf8').replace(/\/reports\/q1\.aspx/g, `/<!channel>&${'x'.repeat(4000)}`);
    const report = await scanBuffer(Buffer.from(hostile), 'u_ex<1>.log', fakeEngine());
    const { text, sections } = renderScanSlack(report);
    expect(sections.length).toBeGreaterThan(2);
    for (const section of sections) {
      expect(section.length).toBeLessThan(3000);
      expect(section).not.toContain('<!channel>');
      expect((section.match(/```/g) ?? []).length % 2).toBe(0);
    }
    expect(sections.join('\n')).toContain('&lt;!channel&gt;&amp;');
    expect(text).toContain('u_ex&lt;1&gt;.log');
    expect(text).toMatch(/401s: 14 - 5 normal challenge legs, 9 real failures/);
  });

  it('should stay within its limits for a report with hundreds of code pairs', async () => {
    const lines = ['#Fields: date time c-ip cs-uri-stem sc-status sc-substatus sc-win32-status'];
    for (let i = 0; i < 600; i++) lines.push(`2024-03-01 10:00:00 10.0.0.${i % 250} /p${i} 401 1 ${100_000 + i}`);
    const report = await scanBuffer(Buffer.from(lines.join('\n')), 'many.log', fakeEngine());
    expect(report.unauthorized.length).toBeGreaterThan(500);
    for (const section of renderScanSlack(report).sections) expect(section.length).toBeLessThan(3000);
  });
});

describe('scanBuffer from the build (a worker thread, as the bot runs it)', () => {
  const dist = join(import.meta.dirname, '..', '..', 'dist', 'src', 'scan', 'index.js');
  it.skipIf(!existsSync(dist))('should count in the worker as in this thread, and refuse a non-log with ScanInputError', async () => {
    const program = `import { readFileSync } from 'node:fs';
      import { scanBuffer, ScanInputError } from ${JSON.stringify(dist)};
      const engine = { diagnose: () => ({ causes: [] }) };
      const report = await scanBuffer(readFileSync(${JSON.stringify(join(LOGS, 'u_ex240301-iis10.log'))}), 'u.log', engine);
      let refused = '';
      try { await scanBuffer(Buffer.from('hello\\nworld\\n'), 'notes.txt', engine); } catch (e) { refused = e instanceof ScanInputError ? e.message : 'other'; }
      process.stdout.write(JSON.stringify({ byStatus: report.byStatus, unauthorized: report.unauthorized, refused }));`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', program], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const out = JSON.parse(run.stdout) as { byStatus: unknown; unauthorized: unknown; refused: string };
    const here = await scanBuffer(IIS10, 'u.log', fakeEngine());
    expect(out.byStatus).toEqual(here.byStatus);
    // The engine here names a cause per bucket; the one given to the build names none.
    expect(out.unauthorized).toEqual(here.unauthorized.map(({ cause: _cause, ...bucket }) => bucket));
    expect(out.refused).toBe('iis401: notes.txt holds no W3C or HTTPERR log lines');
  });
});
