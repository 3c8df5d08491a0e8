// Issue 12 item 3: the scanner and the parser read every log line the same way. Both run over the same
// files (every layout: headerless IIS 6 / 7 / 8.5, #Fields that change or do not fit, quoted Advanced
// Logging values, tabs, HTTPERR with and without a header, IPv6 with zone ids, status `-`, FTP) and
// what each read of each line is compared.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLogLines } from '../../src/parse/iis-log.js';
import { ChallengeWindow } from '../../src/scan/challenge.js';
import { LogScanner } from '../../src/scan/scanner.js';
import type { LineReading } from '../../src/scan/scanner.js';
import { Tally } from '../../src/scan/tally.js';

const LOGS = join(import.meta.dirname, '..', 'fixtures', 'logs');
const FILES = [
  ...readdirSync(join(LOGS, 'layouts')).map((name) => join('layouts', name)),
  'u_ex240301-iis10.log',
  'u_ex240302-fields-change.log',
  'ex050521-iis6.log',
  'headerless-iis75.log',
  'httperr1.log',
];

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
    const bytes = readFileSync(join(LOGS, name));
    const ours = scanned(bytes);
    const theirs = parsed(bytes.toString('utf8'));
    const lines = [...new Set([...ours.keys(), ...theirs.keys()])].sort((a, b) => a - b);
    // An FTP log has no request line to read; every other file has some.
    expect(lines.length > 0).toBe(!name.includes('ftp'));
    for (const line of lines) expect({ line, reading: ours.get(line) }).toEqual({ line, reading: theirs.get(line) });
  });

  it('should cover every layout the issue names', () => {
    const layouts = new Set<string>();
    for (const name of FILES) for (const r of readLogLines(readFileSync(join(LOGS, name), 'utf8')).records) layouts.add(r.layout);
    expect([...layouts].sort()).toEqual(['fields-header', 'httperr', 'iis6-default', 'iis7-default', 'iis85-default', 'triplet']);
    const all = FILES.map((name) => readFileSync(join(LOGS, name), 'utf8')).join('\n');
    expect(all).toMatch(/%\d+ /); // IPv6 with a zone id
    expect(all).toMatch(/"[^"]* [^"]*"/); // a quoted value holding a space
    expect(all).toMatch(/\t/);
    expect(all).toMatch(/ - - - - - \w+ -/); // HTTPERR status `-`
  });

  it('should recognise FTP logs, with or without their header, and count none of their lines', () => {
    for (const name of ['ftp-fields.log', 'ftp-headerless.log']) {
      const text = readFileSync(join(LOGS, 'layouts', name), 'utf8');
      expect(scanned(Buffer.from(text)).size).toBe(0);
      const result = readLogLines(text);
      expect(result.records).toEqual([]);
      expect(result.messages.map((m) => m.ruleId)).toContain('iis-log/not-http');
    }
  });
});
