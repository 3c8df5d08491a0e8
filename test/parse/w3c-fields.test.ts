import { describe, expect, it } from 'vitest';
import { isFtpCommand, looksLikeFtp, nonHttpKind, splitFields } from '../../src/parse/w3c-fields.js';

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
