import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { resolveInputs, scanInputs } from '../../src/scan/index.js';
import type { ScanReport } from '../../src/scan/index.js';

const LOGS = join(import.meta.dirname, '..', 'fixtures', 'logs');
const fixture = (name: string): string => join(LOGS, name);

// ---- A reference counter, written plainly and apart from the scanner ---------------------------------
// It splits every line, names the values by the #Fields in force (or by the layout the test gives for a
// file without one), and decides challenge legs by looking ahead from each 401, quadratic and obvious.

interface Row {
  readonly status: string;
  readonly substatus: number;
  readonly win32: number;
  readonly key: string;
  readonly time: number;
}

interface Reference {
  byStatus: Record<string, number>;
  pairs: Record<string, { count: number; challenge: number; failure: number }>;
  unreadable: number;
}

function textOf(path: string): string {
  const bytes = readFileSync(path);
  return (path.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8').replace(/^\uFEFF/, '');
}

function rowsOf(text: string, defaultFields?: string, counts?: { unreadable: number }): Row[] {
  let fields = defaultFields?.split(' ');
  const rows: Row[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (line === '') continue;
    if (line.startsWith('#')) {
      if (line.startsWith('#Fields:')) fields = line.slice('#Fields:'.length).trim().split(' ');
      continue;
    }
    const values = line.split(' ');
    // A line whose values do not fit the #Fields is read by the shape of a default layout, as the parser
    // reads it (the fixtures only hold 15-value lines of that kind: the IIS 8.5 default).
    const names = fields && values.length !== fields.length && values.length === 15 ? IIS85.split(' ') : fields;
    const status = values[names?.indexOf('sc-status') ?? -1];
    if (!names || values.length !== names.length || status === undefined || !/^([1-5]\d\d|-)$/.test(status)) {
      if (counts) counts.unreadable++;
      continue;
    }
    const get = (name: string): string | undefined => values[names.indexOf(name)];
    const win32 = Number(get('sc-win32-status') ?? -1);
    rows.push({
      status,
      substatus: Number(get('sc-substatus') ?? -1),
      win32: win32 < -1 ? win32 + 2 ** 32 : win32,
      key: `${get('c-ip')} ${(get('cs-uri-stem') ?? get('cs-uri') ?? '').toLowerCase()}`,
      time: Date.parse(`${get('date')}T${get('time')}Z`) / 1000,
    });
  }
  return rows;
}

function reference(files: ReadonlyArray<{ path: string; fields?: string }>): Reference {
  const counts = { unreadable: 0 };
  const rows = files.flatMap((f) => rowsOf(textOf(f.path), f.fields, counts));
  const out: Reference = { byStatus: {}, pairs: {}, unreadable: counts.unreadable };
  const success = (r: Row): boolean => /^[23]/.test(r.status);
  rows.forEach((row, i) => {
    out.byStatus[row.status] = (out.byStatus[row.status] ?? 0) + 1;
    if (row.status !== '401') return;
    // A 401 waits with the later 401s of its client + URL; a success within 120 s of the last one settles it.
    let last = row.time;
    let challenge = false;
    for (const later of rows.slice(i + 1)) {
      if (later.key !== row.key) continue;
      if (later.time - last > 120) break;
      if (success(later)) {
        challenge = true;
        break;
      }
      if (later.status === '401') last = later.time;
    }
    const pair = (out.pairs[`${row.substatus} ${row.win32}`] ??= { count: 0, challenge: 0, failure: 0 });
    pair.count++;
    if (challenge) pair.challenge++;
    else pair.failure++;
  });
  return out;
}

function pairsOf(report: ScanReport): Reference['pairs'] {
  return Object.fromEntries(report.unauthorized.map((b) => [`${b.substatus} ${b.win32}`, { count: b.count, challenge: b.challenge, failure: b.failure }]));
}

async function scan(paths: string[], options = {}): Promise<ScanReport> {
  const tally = await scanInputs(await resolveInputs(paths), options);
  return { ...tally.report, causes: [], notes: [] };
}

const IIS85 = 'date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken';
const IIS75 = 'date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) sc-status sc-substatus sc-win32-status time-taken';

describe('scan', () => {
  it.each([
    ['an IIS 10 log (8.5 default fields) with garbage lines', [{ path: fixture('u_ex240301-iis10.log') }]],
    ['an IIS 6 log with s-sitename, crossing midnight', [{ path: fixture('ex050521-iis6.log') }]],
    ['a log whose #Fields change in the middle', [{ path: fixture('u_ex240302-fields-change.log') }]],
    ['an HTTPERR log', [{ path: fixture('httperr1.log') }]],
    ['a gzip file', [{ path: fixture('u_ex240307.log.gz') }]],
    ['a log without any header, read by the IIS 7.5 default layout', [{ path: fixture('headerless-iis75.log'), fields: IIS75 }]],
  ])('should count %s like a plain counter', async (_, files) => {
    const report = await scan(files.map((f) => f.path));
    const expected = reference(files);
    expect(report.byStatus).toEqual(expected.byStatus);
    expect(pairsOf(report)).toEqual(expected.pairs);
    expect(report.unreadable.count).toBe(expected.unreadable);
    expect(report.challenge + report.failure).toBe(expected.byStatus['401'] ?? 0);
  });

  it('should scan several files as one log, in the order given', async () => {
    const files = ['u_ex240301-iis10.log', 'ex050521-iis6.log', 'u_ex240307.log.gz'].map(fixture);
    const report = await scan(files);
    const expected = reference(files.map((path) => ({ path })));
    expect(report.files).toEqual(files);
    expect(report.byStatus).toEqual(expected.byStatus);
    expect(pairsOf(report)).toEqual(expected.pairs);
  });

  it('should scan a folder: every .log and .log.gz below it, and nothing else', async () => {
    const report = await scan([fixture('folder')]);
    expect(report.files.map((f) => f.slice(LOGS.length + 1))).toEqual([
      'folder/W3SVC1/u_ex240304.log',
      'folder/W3SVC1/u_ex240305.log.gz',
      'folder/W3SVC2/nested/u_ex240306.log',
    ]);
    const expected = reference(report.files.map((path) => ({ path })));
    expect(report.byStatus).toEqual(expected.byStatus);
    expect(pairsOf(report)).toEqual(expected.pairs);
  });

  it('should tell challenge legs from failures as the issue defines them', async () => {
    const report = await scan([fixture('u_ex240301-iis10.log')]);
    const pair = (sub: number, win32: number) => report.unauthorized.find((b) => b.substatus === sub && b.win32 === win32);
    // 401.2 5: two legs of completed challenges, one answered with the URL in another case; two from curl
    // never answered; one answered three minutes later, past the window.
    expect(pair(2, 5)).toMatchObject({ count: 6, challenge: 3, failure: 3 });
    expect(pair(1, 2148074254)).toMatchObject({ count: 2, challenge: 2, failure: 0 });
    expect(pair(1, 1326)).toMatchObject({ count: 3, challenge: 0, failure: 3, name: 'ERROR_LOGON_FAILURE' });
    expect(pair(1, 3221225581)).toMatchObject({ count: 1, failure: 1 });
    expect(report.window.seconds).toBe(120);
  });

  it('should keep a challenge that spans a #Fields change', async () => {
    const report = await scan([fixture('u_ex240302-fields-change.log')]);
    expect(report.unauthorized.find((b) => b.substatus === 2 && b.win32 === 5)).toMatchObject({ count: 2, challenge: 2, failure: 0 });
    // Its one line of 15 values under a 22-field #Fields is read by its shape, as the parser reads it.
    expect(report.unreadable.count).toBe(0);
  });

  it('should list the top URLs, users and clients of a bucket and its first and last time', async () => {
    const report = await scan([fixture('u_ex240301-iis10.log')]);
    const logon = report.unauthorized.find((b) => b.win32 === 1326);
    expect(logon?.topUrls).toEqual([{ value: '/reports/q1.aspx', count: 3 }]);
    expect(logon?.topUsers).toEqual([{ value: 'CONTOSO\\jdoe', count: 3 }]);
    expect(logon?.topClients).toEqual([{ value: '10.1.9.9', count: 3 }]);
    expect(logon).toMatchObject({ first: '2024-03-01 08:01:10', last: '2024-03-01 08:01:20' });
  });

  it('should count unreadable lines and quote at most five, with file and line, printable', async () => {
    const report = await scan([fixture('u_ex240301-iis10.log')]);
    expect(report.unreadable.count).toBe(2);
    expect(report.unreadable.examples[0]).toMatch(/u_ex240301-iis10\.log:26: 2024-03-01 08:12:00 10\.0\.0\.5 GET \/intran$/);
    expect(report.unreadable.examples[1]).toMatch(/:27: \\x01\\x02\\x7f binary junk \\x10$/);
    const many = await scan(Array.from({ length: 4 }, () => fixture('u_ex240301-iis10.log')));
    expect(many.unreadable.count).toBe(8);
    expect(many.unreadable.examples).toHaveLength(5);
  });

  it('should read HTTPERR reasons and count lines without a status as -', async () => {
    const report = await scan([fixture('httperr1.log')]);
    expect(report.byStatus).toEqual({ '400': 2, '404': 1, '503': 2, '-': 2 });
    expect(report.httpErr?.lines).toBe(7);
    expect(report.httpErr?.reasons[0]).toEqual({ value: 'Timer_ConnectionIdle', count: 2 });
    expect(report.httpErr?.reasons.map((r) => r.value)).toEqual(['Timer_ConnectionIdle', 'AppOffline', 'BadRequest', 'Hostname', 'NotFound', 'QueueFull']);
  });

  it('should say which IIS wrote the log', async () => {
    expect((await scan([fixture('ex050521-iis6.log')])).iis).toMatchObject({ era: '6', version: '6.0' });
    expect((await scan([fixture('u_ex240301-iis10.log')])).iis).toMatchObject({ era: '7+', version: '10.0' });
  });

  it('should keep only the lines between --since and --until (UTC, inclusive)', async () => {
    const report = await scan([fixture('u_ex240301-iis10.log')], { since: '2024-03-01T08:01:00Z', until: '2024-03-01T08:04' });
    const rows = rowsOf(textOf(fixture('u_ex240301-iis10.log'))).filter((r) => r.time >= Date.parse('2024-03-01T08:01:00Z') / 1000 && r.time <= Date.parse('2024-03-01T08:04:59Z') / 1000);
    expect(report.records).toBe(rows.length);
    // 24 request lines in all (the file's other lines are its header and two garbage lines).
    expect(report.skipped).toBe(24 - rows.length);
    expect(report.byStatus['401']).toBe(rows.filter((r) => r.status === '401').length);
  });

  it('should read a date alone as the whole day, and a time with an offset as UTC', async () => {
    const day = await scan([fixture('ex050521-iis6.log')], { since: '2005-05-22', until: '2005-05-22' });
    expect(day.records).toBe(1);
    const offset = await scan([fixture('ex050521-iis6.log')], { until: '2005-05-21T07:40:00+02:00' });
    expect(offset.records).toBe(3);
  });
});
