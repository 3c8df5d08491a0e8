// Issue 12 item 3: the scanner and the parser read every log line the same way. Both run over the same
// files (every layout: headerless IIS 6 / 7 / 8.5, #Fields that change or do not fit, quoted Advanced
// Logging values, tabs, HTTPERR with and without a header and with HTTP/2's streamid, IPv6 with zone ids,
// status `-`, URLs with invalid bytes, CR-only line ends, UTF-16, other writers' W3C logs, FTP, SMTP and
// other non-HTTP W3C logs) and what each read of each line is compared.
import { readdirSync, readFileSync } from 'node:fs';
import { TextDecoder } from 'node:util';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLogLines } from '../../src/parse/iis-log.js';
import { ChallengeWindow } from '../../src/scan/challenge.js';
import { LogScanner } from '../../src/scan/scanner.js';
import type { LineReading } from '../../src/scan/scanner.js';
import { Tally } from '../../src/scan/tally.js';
import { sniffEncoding } from '../../src/scan/text-encoding.js';

const LOGS = join(import.meta.dirname, '..', 'fixtures', 'logs');
const FILES = [
  ...readdirSync(join(LOGS, 'layouts')).map((name) => join('layouts', name)),
  'u_ex240301-iis10.log',
  'u_ex240302-fields-change.log',
  'ex050521-iis6.log',
  'headerless-iis75.log',
  'httperr1.log',
];

/** Files whose lines are not HTTP requests (FTP, SMTP, a firewall's W3C log): recognised, never read as requests. */
const NOT_HTTP = /ftp|smtp|not-http/;

/** A file as the scan gets it (src/scan/sources.ts turns UTF-16 into UTF-8 before the scanner sees it). */
function utf8Of(bytes: Buffer): Buffer {
  const encoding = sniffEncoding(bytes);
  return encoding === 'utf-8' ? bytes : Buffer.from(new TextDecoder(encoding).decode(bytes), 'utf8');
}

/** What the scanner read of each line, by line number. */
function scanned(bytes: Buffer): Map<number, LineReading> {
  const readings = new Map<number, LineReading>();
  const tally = new Tally();
  const window = new ChallengeWindow((id, count, challenge, sample) => tally.settle(id, count, challenge, sample));
  const scanner = new LogScanner(tally, window, {}, (_file, line, reading) => readings.set(line, reading));
  scanner.beginFile('x');
  scanner.feed(bytes);
  scanner.endFile();
  return readings;
}

/** What the parser read of each line, in the scanner's terms (a 401's codes and fields; others' status). */
function parsed(text: string): Map<number, LineReading> {
  const readings = new Map<number, LineReading>();
  for (const r of readLogLines(text).records) {
    const status = r['sc-status'];
    if (status === undefined) {
      if (r.kind === 'httperr-log' && r.fields['s-reason'] !== undefined) readings.set(r.line, { status: '-' });
      continue;
    }
    if (status !== 401) {
      readings.set(r.line, { status });
      continue;
    }
    // The scan writes `-` for a field not logged, and `+` for a space inside a (quoted) value, as IIS does.
    const field = (value: string | undefined): string => (value === undefined ? '-' : value.replace(/ /g, '+'));
    readings.set(r.line, { status, substatus: r['sc-substatus'] ?? -1, win32: r['sc-win32-status'] ?? -1, uri: field(r['cs-uri-stem']), ip: field(r['c-ip']), user: field(r['cs-username']) });
  }
  return readings;
}

describe('the scanner and the parser', () => {
  it.each(FILES)('should read every line of %s alike', (name) => {
    const bytes = utf8Of(readFileSync(join(LOGS, name)));
    const ours = scanned(bytes);
    const theirs = parsed(bytes.toString('utf8'));
    const lines = [...new Set([...ours.keys(), ...theirs.keys()])].sort((a, b) => a - b);
    // A log that is not HTTP's has no request line to read; every other file has some.
    expect(lines.length > 0).toBe(!NOT_HTTP.test(name));
    for (const line of lines) expect({ line, reading: ours.get(line) }).toEqual({ line, reading: theirs.get(line) });
  });

  it('should cover every layout the issue names', () => {
    const layouts = new Set<string>();
    for (const name of FILES) for (const r of readLogLines(utf8Of(readFileSync(join(LOGS, name))).toString('utf8')).records) layouts.add(r.layout);
    expect([...layouts].sort()).toEqual(['fields-header', 'httperr', 'iis6-default', 'iis7-default', 'iis85-default', 'triplet']);
    const raw = FILES.map((name) => readFileSync(join(LOGS, name)));
    const all = raw.map((bytes) => utf8Of(bytes).toString('utf8')).join('\n');
    expect(all).toMatch(/\ufffd/); // invalid bytes in a URL
    expect(raw.some((bytes) => bytes[0] === 0xff && bytes[1] === 0xfe)).toBe(true); // UTF-16 LE with its mark
    expect(raw.some((bytes) => bytes.includes(0x0d) && !bytes.includes(0x0a))).toBe(true); // CR-only line ends
    expect(all).toMatch(/^\S+ \S+ \S+ \d+ \S+ \d+ \S+ \S+ \S+ \S+ (?:\d{3}|-) \S+ \S+ \S+$/m); // headerless HTTPERR with streamid
    expect(all).toMatch(/^"\d{4}-/m); // every value quoted, the date too
    expect(all).toMatch(/%\d+ /); // IPv6 with a zone id
    expect(all).toMatch(/"[^"]* [^"]*"/); // a quoted value holding a space
    expect(all).toMatch(/\t/);
    expect(all).toMatch(/ - - - - - \w+ -/); // HTTPERR status `-`
  });

  it.each([
    ['ftp-fields.log', 'ftp'],
    ['ftp-headerless.log', 'ftp'],
    ['ftp-iis4.log', 'ftp'],
    ['smtp-fields.log', 'smtp'],
    ['not-http-firewall.log', 'other'],
  ])('should recognise %s as a %s log and count none of its lines', (name, kind) => {
    const bytes = readFileSync(join(LOGS, 'layouts', name));
    const text = bytes.toString('utf8');
    expect(scanned(bytes).size).toBe(0);
    const result = readLogLines(text);
    expect(result.records).toEqual([]);
    expect(result.messages.map((m) => m.ruleId)).toContain('iis-log/not-http');
    const tally = new Tally();
    const scanner = new LogScanner(tally, new ChallengeWindow(() => undefined));
    scanner.beginFile(name);
    scanner.feed(bytes);
    scanner.endFile();
    const { report } = tally.finish();
    expect(report.notHttp?.kind).toBe(kind);
    expect(report.notHttp?.lines).toBe(text.split('\n').filter((l) => l !== '' && !l.startsWith('#')).length);
    expect(report.records).toBe(0);
    expect(report.unreadable.count).toBe(0);
  });

  it('should read the same fields as the parser from lines of other writers and of the status triplet', () => {
    const quoted = parsed(readFileSync(join(LOGS, 'layouts', 'other-writers.log'), 'utf8'));
    expect(quoted.get(4)).toEqual({ status: 401, substatus: -1, win32: -1, uri: '/cache/a', ip: '10.9.0.1', user: 'CONTOSO\\zed' });
    expect(quoted.get(9)).toEqual({ status: 401, substatus: -1, win32: -1, uri: '/waf/login+page', ip: '10.9.0.2', user: 'CONTOSO\\yan' });
    const triplet = parsed(readFileSync(join(LOGS, 'layouts', 'triplet-headerless.log'), 'utf8'));
    expect(triplet.get(1)).toEqual({ status: 401, substatus: 1, win32: 1326, uri: '/EWS/Exchange.asmx', ip: '10.119.1.75', user: 'EXAMPLE\\user01' });
    expect(triplet.get(2)).toEqual({ status: 401, substatus: 2, win32: 5, uri: '/mapi/emsmdb/', ip: 'fe80::d9e3:e981:da2d:427b%3', user: '-' });
    const stream = parsed(readFileSync(join(LOGS, 'layouts', 'httperr-stream-headerless.log'), 'utf8'));
    expect([...stream.values()].map((r) => r.status)).toEqual(['-', 401, 404, 503]);
  });
});
