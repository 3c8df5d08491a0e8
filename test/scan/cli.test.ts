import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/root.js';

// The real command line, spawned as users run it (the build output exists after `npm run build`).
const ROOT = projectRoot();
const BIN = join(ROOT, 'bin', 'iis401.js');
const LOGS = join('test', 'fixtures', 'logs');
const built = existsSync(join(ROOT, 'dist', 'src', 'cli.js'));

function run(args: string[], input?: string | Buffer): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [BIN, 'scan', ...args], { cwd: ROOT, input, encoding: 'utf8', timeout: 20_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const IIS85 = 'date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken'.split(' ');

/** Status -> count and `substatus win32` -> count, counted plainly from the text with #Fields. */
function plainCounts(text: string): { byStatus: Record<string, number>; pairs: Record<string, number> } {
  const byStatus: Record<string, number> = {};
  const pairs: Record<string, number> = {};
  let fields: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (line.startsWith('#Fields:')) fields = line.slice(8).trim().split(' ');
    if (line.startsWith('#') || line === '') continue;
    const values = line.split(' ');
    // A 15-value line under another #Fields is read by the IIS 8.5 default layout, as the parser does.
    const names = values.length !== fields.length && values.length === 15 ? IIS85 : fields;
    if (values.length !== names.length) continue;
    const at = (name: string): string => values[names.indexOf(name)] ?? '';
    byStatus[at('sc-status')] = (byStatus[at('sc-status')] ?? 0) + 1;
    if (at('sc-status') === '401') pairs[`${at('sc-substatus')} ${at('sc-win32-status')}`] = (pairs[`${at('sc-substatus')} ${at('sc-win32-status')}`] ?? 0) + 1;
  }
  return { byStatus, pairs };
}

describe.skipIf(!built)('iis401 scan', () => {
  it('should print the JSON report, with counts a plain counter agrees with', () => {
    const file = join(LOGS, 'u_ex240302-fields-change.log');
    const { status, stdout, stderr } = run([file, '--json']);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    const report = JSON.parse(stdout) as Record<string, any>;
    const expected = plainCounts(readFileSync(join(ROOT, file), 'utf8'));
    expect(report.byStatus).toEqual(expected.byStatus);
    expect(Object.fromEntries(report.unauthorized.map((b: any) => [`${b.substatus} ${b.win32}`, b.count]))).toEqual(expected.pairs);
    expect(report.unauthorized[0]).toEqual(expect.objectContaining({ substatus: expect.any(Number), win32: expect.any(Number), count: expect.any(Number), challenge: expect.any(Number), failure: expect.any(Number), topUrls: expect.any(Array) }));
    expect(report.causes.length).toBeGreaterThan(0);
    expect(report.causes[0]).toEqual(expect.objectContaining({ id: expect.any(String), article: expect.stringMatching(/^kb\/causes\//) }));
  });

  it('should print a readable report for a folder', () => {
    const { status, stdout } = run([join(LOGS, 'folder')]);
    expect(status).toBe(0);
    expect(stdout).toMatch(/^Scanned 3 files: /);
    expect(stdout).toContain('401.1   1909');
    expect(stdout).toContain('Likely causes of the');
    expect(stdout).toContain('Article: kb/causes/');
  });

  it('should read standard input, plain or gzip, for - and for no argument', () => {
    const gz = readFileSync(join(ROOT, LOGS, 'u_ex240307.log.gz'));
    const dash = JSON.parse(run(['-', '--json'], gz).stdout) as Record<string, any>;
    const none = JSON.parse(run(['--json'], gz).stdout) as Record<string, any>;
    expect(dash.byStatus).toEqual({ '200': 1, '401': 3, '500': 1 });
    expect(none.byStatus).toEqual(dash.byStatus);
    expect(dash.files).toEqual(['-']);
  });

  it('should honour --since and --until', () => {
    const { stdout } = run([join(LOGS, 'ex050521-iis6.log'), '--json', '--since', '2005-05-21T05:40:00Z', '--until=2005-05-21T05:41:59Z']);
    const report = JSON.parse(stdout) as Record<string, any>;
    expect(report.records).toBe(3);
    expect(report.skipped).toBe(7);
  });

  it('should fail in one line, exit 1, for a missing file', () => {
    const { status, stdout, stderr } = run([join(LOGS, 'no-such.log')]);
    expect(status).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toEqual([`iis401: cannot read ${join(LOGS, 'no-such.log')}: no such file or folder`]);
  });

  it('should explain itself on --help, window included', () => {
    const { status, stdout } = run(['--help']);
    expect(status).toBe(0);
    expect(stdout).toMatch(/^usage: iis401 scan/);
    expect(stdout).toContain('within\n120 seconds');
  });

  it('should exit 2 for a usage error', () => {
    expect(run(['--fast', join(LOGS, 'httperr1.log')]).status).toBe(2);
    const bad = run([join(LOGS, 'httperr1.log'), '--since', 'yesterday']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('"yesterday"');
    const size = run([join(LOGS, 'httperr1.log'), '--max-bytes', 'lots']);
    expect(size.status).toBe(2);
    expect(size.stderr).toContain('--max-bytes takes a size such as 2GB');
  });

  it('should stop at --max-bytes and say where, in text and JSON', () => {
    const file = join(LOGS, 'u_ex240301-iis10.log');
    const json = run([file, '--json', '--max-bytes=1k']);
    expect(json.status).toBe(0);
    const report = JSON.parse(json.stdout) as { bytes: number; stopped?: { maxBytes: number; file: string } };
    expect(report.stopped).toEqual({ maxBytes: 1024, file });
    expect(report.bytes).toBeLessThanOrEqual(1024);
    expect(run([file, '--max-bytes', '1KB']).stdout).toContain('Stopped at the limit of 1.0 KB of log text');
  });

  it('should write no raw C1 control character into the JSON report', () => {
    const line = '#Fields: date time c-ip cs-uri-stem sc-status sc-substatus sc-win32-status\n2024-03-01 08:00:00 10.1.1.1 /a\u009b31m 401 1 1326\n';
    const { status, stdout } = run(['-', '--json'], Buffer.from(line, 'utf8'));
    expect(status).toBe(0);
    expect(stdout).toContain('/a\\u009b31m');
    expect(stdout).not.toContain('\u009b');
  });
});
