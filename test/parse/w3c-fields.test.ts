import { describe, expect, it } from 'vitest';
import { commandKind, isFtpCommand, looksLikeFtp, nonHttpKind, splitFields, W3cReading } from '../../src/parse/w3c-fields.js';

describe('splitFields', () => {
  it.each([
    ['one space between values', 'a b c', ['a', 'b', 'c']],
    ['runs of spaces and tabs', ' a \t b\t\tc ', ['a', 'b', 'c']],
    ['a quoted value with spaces, quotes dropped', 'GET "Mozilla/5.0 (Windows NT 6.1)" 401', ['GET', 'Mozilla/5.0 (Windows NT 6.1)', '401']],
    ['a doubled quote inside a quoted value', '"say ""hi"" now" x', ['say "hi" now', 'x']],
    ['an empty quoted value', 'a "" b', ['a', '', 'b']],
    ['an unclosed quote, to the end of the line', 'a "b c', ['a', 'b c']],
    ['a quote inside a plain value', 'a b"c d', ['a', 'b"c', 'd']],
  ])('should split %s', (_name, line, values) => {
    expect(splitFields(line)).toEqual(values);
  });

  it('should take linear time on a long run of quotes and spaces', () => {
    const line = '" "'.repeat(200_000);
    expect(splitFields(line).length).toBeGreaterThan(0);
  });
});

describe('FTP logs', () => {
  it('should be told by their #Software, their #Fields or, without a header, their commands', () => {
    expect(nonHttpKind(['date', 'time', 'x-session'])).toBe('ftp');
    expect(nonHttpKind(['date', 'time', 'sc-status'], 'Microsoft FTP Service')).toBe('ftp');
    expect(nonHttpKind(['date', 'time', 'sc-status'], 'Microsoft Internet Information Services 10.0')).toBeUndefined();
    expect(looksLikeFtp('2022-10-05 10:43:57 172.16.1.1 user1 192.168.2.2 21 USER user1 331'.split(' '))).toBe(true);
    expect(looksLikeFtp('2022-10-05 10:43:57 10.0.0.5 GET / - 80 - 10.1.1.1 x 401 2 5'.split(' '))).toBe(false);
    // IIS 4 and 5 write the FTP session before the command.
    expect(['[2]USER', '[12]pass', 'RETR', 'ControlChannelOpened'].map(isFtpCommand)).toEqual([true, true, true, true]);
    expect(['GET', '[2]GET', 'PROPFIND', '[x'].map(isFtpCommand)).toEqual([false, false, false, false]);
  });
});

describe('other logs that are not HTTP request logs', () => {
  it('should tell SMTP logs and W3C logs naming no HTTP field', () => {
    expect(nonHttpKind(['date', 'time', 'sc-status'], 'Microsoft SMTP Service')).toBe('smtp');
    expect(nonHttpKind(['date', 'time', 'action', 'protocol', 'src-ip', 'dst-ip'])).toBe('other');
    // A #Fields without sc-status but with a URL is still an HTTP log (its lines cannot be counted, and the scan says so).
    expect(nonHttpKind(['date', 'time', 'cs-uri-stem'])).toBeUndefined();
    expect(['EHLO', 'MAIL', 'SMTPSVC1', 'MSFTPSVC1', 'GET', 'W3SVC1'].map(commandKind)).toEqual(['smtp', 'smtp', 'smtp', 'ftp', undefined, undefined]);
  });

  it('should tell an SMTP log under a #Fields named as HTTP by its first line', () => {
    const reading = new W3cReading();
    reading.directive('#Software: Microsoft Internet Information Services 10.0');
    reading.directive('#Fields: date time c-ip cs-username s-sitename s-ip s-port cs-method cs-uri-stem sc-status');
    expect(reading.line('2024-03-01 09:00:01 10.0.0.40 - SMTPSVC1 10.0.0.25 0 EHLO - 250', 5)).toEqual({ kind: 'not-http', what: 'smtp' });
    expect(reading.line('2024-03-01 09:00:02 10.0.0.40 - SMTPSVC1 10.0.0.25 0 GET / 401', 6)).toEqual({ kind: 'not-http', what: 'smtp' });
  });
});

describe('W3cReading', () => {
  it('should read a line that fits its #Fields wherever the date is, and nothing that is not a log line', () => {
    const reading = new W3cReading();
    reading.directive('#Fields: c-ip date time cs-uri-stem sc-status');
    const read = reading.line('10.0.0.1   2024-01-02   03:04:05   /a   401', 3);
    expect(read.kind === 'request' && [read.record['c-ip'], read.record['sc-status'], read.record.date]).toEqual(['10.0.0.1', 401, '2024-01-02']);
    expect(reading.line('see the 401 here please', 4).kind).toBe('not-a-line');
    expect(reading.line('10.0.0.1 yesterday 03:04:05 /a 401', 5).kind).toBe('not-a-line');
  });
});
