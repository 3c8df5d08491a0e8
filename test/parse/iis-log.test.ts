import { describe, expect, it } from 'vitest';
import { readLogLines, versionFromSoftware } from '../../src/parse/iis-log.js';

const IIS85 = '2024-03-01 10:00:00 10.0.0.5 GET /default.htm - 80 - 10.0.0.9 Mozilla/5.0+(Windows+NT+10.0) - 401 1 1326 15';
const IIS7 = '2010-06-01 08:00:00 10.0.0.5 GET /app/ - 80 CONTOSO\\jdoe 10.0.0.9 Mozilla/4.0 401 2 5 31';
const IIS6 = '2006-11-07 09:14:22 W3SVC1 192.168.10.4 GET /default.asp - 80 - 192.168.10.77 Mozilla/4.0 401 1 0';
const IIS6_NOSITE = '2005-05-21 05:39:27 192.168.0.101 GET /scripts/x.js - 1024 - 192.168.0.101 Mozilla/4.0+(User-Agent) 401 2 5';
const FULL = '2005-08-18 22:37:38 W3SVC1 USERALL 127.0.0.1 GET /en-US/ - 80 ADAPTECDUR22561 127.0.0.1 HTTP/1.1 Mozilla/4.0 - - localhost 401 2 5 1854 363 0';
const ODD = '2024-03-01 10:00:00 GET /x - 401 1 1909 extra tokens here';

describe('readLogLines', () => {
  it.each([
    ['an IIS 8.5+ default line', IIS85, 'iis85-default', { status: 401, sub: 1, win32: 1326, user: undefined, uri: '/default.htm', taken: 15 }],
    ['an IIS 7 default line', IIS7, 'iis7-default', { status: 401, sub: 2, win32: 5, user: 'CONTOSO\\jdoe', uri: '/app/', taken: 31 }],
    ['an IIS 6 line with s-sitename', IIS6, 'iis6-default', { status: 401, sub: 1, win32: 0, user: undefined, uri: '/default.asp', taken: undefined }],
    ['an IIS 6 line without s-sitename', IIS6_NOSITE, 'iis6-default', { status: 401, sub: 2, win32: 5, user: undefined, uri: '/scripts/x.js', taken: undefined }],
    ['a line with every field', FULL, 'fields-header', { status: 401, sub: 2, win32: 5, user: 'ADAPTECDUR22561', uri: '/en-US/', taken: 0 }],
    ['an unknown layout by locating the status triplet', ODD, 'triplet', { status: 401, sub: 1, win32: 1909, user: undefined, uri: '/x', taken: undefined }],
  ])('should read %s without a #Fields header', (_name, line, layout, expected) => {
    const { records } = readLogLines(line);
    expect(records).toHaveLength(1);
    const r = records[0]!;
    expect(r.layout).toBe(layout);
    expect(r['sc-status']).toBe(expected.status);
    expect(r['sc-substatus']).toBe(expected.sub);
    expect(r['sc-win32-status']).toBe(expected.win32);
    expect(r['cs-username']).toBe(expected.user);
    expect(r['cs-uri-stem']).toBe(expected.uri);
    expect(r['time-taken']).toBe(expected.taken);
  });

  it('should honour #Fields in any order and a re-declared header mid-paste', () => {
    const text = [
      '#Software: Microsoft Internet Information Services 10.0',
      '#Fields: date time sc-status sc-substatus sc-win32-status cs-uri-stem c-ip cs-username',
      '2024-01-01 00:00:01 401 1 1909 /a 10.0.0.1 -',
      '#Fields: date time cs-uri-stem cs-username sc-status sc-substatus sc-win32-status',
      '2024-01-01 00:00:02 /b CONTOSO\\amy 401 3 5',
    ].join('\n');
    const { records, iis } = readLogLines(text);
    expect(records.map((r) => [r['cs-uri-stem'], r['sc-substatus'], r['sc-win32-status'], r['cs-username']])).toEqual([
      ['/a', 1, 1909, undefined],
      ['/b', 3, 5, 'CONTOSO\\amy'],
    ]);
    expect(records.every((r) => r.confidence === 'high')).toBe(true);
    expect(iis).toMatchObject({ era: '7+', version: '10.0' });
  });

  it('should convert a negative NTSTATUS in sc-win32-status to its unsigned form', () => {
    const { records } = readLogLines('2012-01-01 10:00:00 10.0.0.5 GET / - 443 - 10.0.0.9 UA 401 1 -1073741715 0');
    expect(records[0]?.['sc-win32-status']).toBe(0xc000006d);
  });

  it('should read an HTTPERR line', () => {
    const text = '#Software: Microsoft HTTP API 2.0\n#Fields: date time c-ip c-port s-ip s-port cs-version cs-method cs-uri sc-status s-siteid s-reason s-queuename\n2024-01-01 00:00:01 10.0.0.9 50123 10.0.0.5 443 HTTP/1.1 GET /app/ 400 - FieldLength -';
    const { records } = readLogLines(text);
    expect(records[0]).toMatchObject({ kind: 'httperr-log', 'sc-status': 400, 's-reason': 'FieldLength' });
  });

  it('should report a half log line instead of dropping it silently', () => {
    const { records, messages, unreadable } = readLogLines('2024-03-01 10:00:00 10.0.0.5 GET /default.htm');
    expect(records).toHaveLength(0);
    expect(unreadable).toBe(1);
    expect(messages[0]?.ruleId).toBe('iis-log/unreadable-line');
  });

  it('should read lines that end in CR alone, as in LF or CRLF', () => {
    const lines = [IIS85, IIS85.replace('401 1 1326', '200 0 0')];
    for (const eol of ['\r', '\n', '\r\n']) expect(readLogLines(lines.join(eol)).records.map((r) => [r.line, r['sc-status']])).toEqual([[1, 401], [2, 200]]);
  });

  it('should read a headerless HTTPERR line whose status is `-`, with HTTP/2 streamid or a URL holding U+FFFD', () => {
    const { records } = readLogLines(
      ['2018-12-30 14:22:07 ::1%0 49958 ::1%0 80 - - - - - - Timer_ConnectionIdle -', '2018-01-01 11:12:13 85.181.35.98 64388 127.0.0.1 80 - - - - - Timer_MinBytesPerSecond -', '2018-05-05 05:05:55 10.1.1.1 1234 10.0.0.5 443 HTTP/1.1 GET /\ufffd.\ufffd./win.ini 404 - NotFound -'].join('\n'),
    );
    expect(records.map((r) => [r.kind, r['sc-status'], r['c-ip'], r['s-reason'], r['cs-uri-stem']])).toEqual([
      ['httperr-log', undefined, '::1%0', 'Timer_ConnectionIdle', undefined],
      ['httperr-log', undefined, '85.181.35.98', 'Timer_MinBytesPerSecond', undefined],
      ['httperr-log', 404, '10.1.1.1', 'NotFound', '/\ufffd.\ufffd./win.ini'],
    ]);
  });

  it('should take c-ip (IPv6 with a zone id too) and cs-username in IIS order when only the status triplet is found', () => {
    const line = '2023-08-28 08:58:45 exchange02 fe80::d9e3:e981:da2d:427b%3 POST /mapi/emsmdb/ MailboxId=x 444 EXAMPLE\\ann fe80::d9e3:e981:da2d:427b%3 Microsoft+Office/16.0 - 401 2 5 4 10.0.61.69,10.93.4.75 36391';
    expect(readLogLines(line).records[0]).toMatchObject({ layout: 'triplet', 'c-ip': 'fe80::d9e3:e981:da2d:427b%3', 'cs-username': 'EXAMPLE\\ann', 'sc-status': 401, 'cs-uri-stem': '/mapi/emsmdb/' });
  });

  it('should keep every line of a multi-line paste in order', () => {
    const text = [IIS85, IIS85.replace('401 1 1326', '401 2 5'), IIS85.replace('401 1 1326', '200 0 0')].join('\n');
    expect(readLogLines(text).records.map((r) => r['sc-status'])).toEqual([401, 401, 200]);
  });

  it.each([
    ['Microsoft Internet Information Services 6.0', '6'],
    ['Microsoft Internet Information Services 7.5', '7+'],
    ['Microsoft Internet Information Services 10.0', '7+'],
  ])('should read the era from #Software: %s', (value, era) => {
    expect(versionFromSoftware(value)?.era).toBe(era);
  });
});
