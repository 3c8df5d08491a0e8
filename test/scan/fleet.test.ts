// Issue 15 item 4: `iis401 scan` over a fleet's log share (ROOT/WEB01/W3SVC1/u_ex*.log): every server's
// counts and time range, checked against what the generator wrote for it.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateLog } from '../../bench/generate-log.js';
import type { GeneratedTruth } from '../../bench/generate-log.js';
import { renderScanText, resolveInputs, scanInputs } from '../../src/scan/index.js';
import { serverOf } from '../../src/scan/sources.js';

const root = mkdtempSync(join(tmpdir(), 'iis401-fleet-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface Expected {
  requests: number;
  byStatus: Record<string, number>;
  challenge: number;
  failure: number;
  failures: Record<string, number>;
  first: string;
  last: string;
}

/** Writes a generated log and adds what the generator counted, and the first and last stamps, to `into`. */
function write(path: string, seed: number, into: Expected): void {
  const parts: string[] = [];
  const truth: GeneratedTruth = generateLog({ bytes: 30_000 + seed * 997, seed, challengeShare: 0.06, failureShare: 0.05 }, (c) => parts.push(c));
  const text = parts.join('');
  writeFileSync(path, text, 'latin1');
  into.requests += truth.requests;
  for (const [status, n] of Object.entries(truth.byStatus)) into.byStatus[status] = (into.byStatus[status] ?? 0) + n;
  for (const [pair, u] of Object.entries(truth.unauthorized)) {
    into.challenge += u.challenge;
    into.failure += u.failure;
    if (u.failure > 0) into.failures[pair] = (into.failures[pair] ?? 0) + u.failure;
  }
  const stamps = text.split('\r\n').filter((l) => /^\d{4}-/.test(l)).map((l) => l.slice(0, 19));
  for (const stamp of stamps) {
    if (into.first === '' || stamp < into.first) into.first = stamp;
    if (stamp > into.last) into.last = stamp;
  }
}

const SERVERS = Array.from({ length: 10 }, (_, i) => `WEB${String(i + 1).padStart(2, '0')}`);
const expected = new Map<string, Expected>();
for (const [i, server] of SERVERS.entries()) {
  const site = join(root, 'share', server, 'W3SVC1');
  mkdirSync(site, { recursive: true });
  const counts: Expected = { requests: 0, byStatus: {}, challenge: 0, failure: 0, failures: {}, first: '', last: '' };
  // Server 7 had a quiet day: one file only.
  for (const day of i === 6 ? [1] : [1, 2]) write(join(site, `u_ex24030${day}.log`), 10 * i + day, counts);
  expected.set(server, counts);
}

describe('scan over a fleet log share', () => {
  it('should report each of 10 servers with the counts and time range the generator wrote', async () => {
    const report = (await scanInputs(await resolveInputs([join(root, 'share')]))).report;
    expect(report.servers?.map((s) => s.name)).toEqual(SERVERS);
    for (const server of report.servers ?? []) {
      const want = expected.get(server.name) as Expected;
      expect(server.files).toBe(server.name === 'WEB07' ? 1 : 2);
      expect(server.records).toBe(want.requests);
      expect(server.byStatus).toEqual(want.byStatus);
      expect(server.unauthorized).toBe(want.byStatus['401'] ?? 0);
      expect({ challenge: server.challenge, failure: server.failure }).toEqual({ challenge: want.challenge, failure: want.failure });
      expect(server.failures.map((f) => Object.keys(f))).toEqual(server.failures.map(() => ['substatus', 'win32', 'count']));
      expect(Object.fromEntries(server.failures.map((f) => [`${f.substatus} ${f.win32}`, f.count]))).toEqual(want.failures);
      expect({ first: server.first, last: server.last }).toEqual({ first: want.first, last: want.last });
    }
    // The whole is the sum of its servers.
    expect(report.records).toBe(SERVERS.reduce((n, s) => n + (expected.get(s)?.requests ?? 0), 0));
    const text = renderScanText({ ...report, causes: [], notes: [] });
    expect(text).toMatch(/Servers: 10\n {2}Server +Files +Requests +401s +Challenge +Failure +Most failures +Logged \(UTC\)\n {2}WEB01 /);
  });

  it('should take the server from s-computername when the folder does not name one', async () => {
    const flat = join(root, 'flat');
    mkdirSync(flat);
    const header = '#Fields: date time s-computername c-ip cs-uri-stem sc-status sc-substatus sc-win32-status\n';
    writeFileSync(join(flat, 'a.log'), `${header}2024-03-01 08:00:00 APP01 10.0.0.1 / 401 1 1326\n2024-03-01 09:00:00 APP01 10.0.0.1 / 200 0 0\n`);
    writeFileSync(join(flat, 'b.log'), `${header}2024-03-02 08:00:00 APP02 10.0.0.2 / 401 2 5\n`);
    const report = (await scanInputs(await resolveInputs([flat]))).report;
    expect(report.servers?.map((s) => [s.name, s.records, s.failure, s.first, s.last])).toEqual([
      ['APP01', 2, 1, '2024-03-01 08:00:00', '2024-03-01 09:00:00'],
      ['APP02', 1, 1, '2024-03-02 08:00:00', '2024-03-02 08:00:00'],
    ]);
  });

  it('should not take a site folder or HTTPERR for a server', () => {
    expect(serverOf('/logs', '/logs/WEB01/W3SVC1/u_ex1.log')).toBe('WEB01');
    expect(serverOf('/logs', '/logs/W3SVC1/u_ex1.log')).toBeUndefined();
    expect(serverOf('/logs', '/logs/HTTPERR/httperr1.log')).toBeUndefined();
    expect(serverOf('/logs', '/logs/u_ex1.log')).toBeUndefined();
  });

  it.skipIf(!existsSync(join(import.meta.dirname, '..', '..', 'dist', 'src', 'cli.js')))('should give the per-server breakdown in --json from the command line', () => {
    const run = spawnSync(process.execPath, [join(import.meta.dirname, '..', '..', 'bin', 'iis401.js'), 'scan', join(root, 'share'), '--json'], { encoding: 'utf8' });
    expect({ status: run.status, signal: run.signal, stderr: run.stderr }).toEqual({ status: 0, signal: null, stderr: '' });
    const report = JSON.parse(run.stdout) as { servers: Array<{ name: string; records: number }> };
    expect(report.servers.map((s) => [s.name, s.records])).toEqual(SERVERS.map((s) => [s, expected.get(s)?.requests]));
  });
});
