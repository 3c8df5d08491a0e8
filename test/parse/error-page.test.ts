import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readErrorPages, toErrorCode, withoutPageBoilerplate } from '../../src/parse/error-page.js';
import type { ErrorPageRecord } from '../../src/symptoms.js';

function fixture(name: string): string {
  return readFileSync(new URL(`../fixtures/pages/${name}`, import.meta.url), 'utf8');
}

interface Case {
  readonly title: string;
  readonly file: string;
  readonly expected: ErrorPageRecord;
}

const cases: readonly Case[] = [
  {
    title: 'an IIS 6 401.1 page copied as text',
    file: 'iis6-401-1.txt',
    expected: {
      kind: 'error-page', style: 'iis6', 'sc-status': 401, 'sc-substatus': 1,
      Heading: 'HTTP Error 401.1 - Unauthorized: Access is denied due to invalid credentials.',
    },
  },
  {
    title: 'an IIS 6 401.2 page saved as HTML',
    file: 'iis6-401-2.html',
    expected: {
      kind: 'error-page', style: 'iis6', 'sc-status': 401, 'sc-substatus': 2,
      Heading: 'HTTP Error 401.2 - Unauthorized: Access is denied due to server configuration.',
    },
  },
  {
    title: 'an IIS 6 401.3 page',
    file: 'iis6-401-3.txt',
    expected: {
      kind: 'error-page', style: 'iis6', 'sc-status': 401, 'sc-substatus': 3,
      Heading: 'HTTP Error 401.3 - Unauthorized: Access is denied due to an ACL set on the requested resource.',
    },
  },
  {
    title: 'an IIS 5 401.3 page',
    file: 'iis5-401-3.txt',
    expected: { kind: 'error-page', style: 'iis5', 'sc-status': 401, 'sc-substatus': 3, Heading: 'HTTP 401.3 - Access denied by ACL on resource' },
  },
  {
    title: 'an IIS 7 detailed 401.1 page with tab-separated details',
    file: 'iis7-401-1-detailed.txt',
    expected: {
      kind: 'error-page', style: 'iis7-detailed', 'sc-status': 401, 'sc-substatus': 1, Heading: 'HTTP Error 401.1 - Unauthorized',
      Module: 'WindowsAuthenticationModule', Notification: 'AuthenticateRequest', Handler: 'StaticFile',
      ErrorCode: '0x80090305', RequestedURL: 'http://intranet.contoso.com:80/', PhysicalPath: 'C:\\inetpub\\wwwroot',
      LogonMethod: 'Not yet determined', LogonUser: 'Not yet determined',
    },
  },
  {
    title: 'an IIS 10 detailed 401.2 page whose values sit on the line after their labels',
    file: 'iis10-401-2-label-lines.txt',
    expected: {
      kind: 'error-page', style: 'iis7-detailed', 'sc-status': 401, 'sc-substatus': 2, Heading: 'HTTP Error 401.2 - Unauthorized',
      Module: 'IIS Web Core', Notification: 'AuthenticateRequest', Handler: 'StaticFile', ErrorCode: '0x80070005',
      RequestedURL: 'https://intranet.contoso.com:443/reports/', PhysicalPath: 'D:\\sites\\intranet\\reports\\',
      LogonMethod: 'Not yet determined', LogonUser: 'Not yet determined',
    },
  },
  {
    title: 'an IIS 10 detailed 401.3 page as raw HTML table cells',
    file: 'iis10-401-3-detailed.html',
    expected: {
      kind: 'error-page', style: 'iis7-detailed', 'sc-status': 401, 'sc-substatus': 3, Heading: 'HTTP Error 401.3 - Unauthorized',
      Module: 'IIS Web Core', Notification: 'AuthenticateRequest', Handler: 'StaticFile', ErrorCode: '0x80070005',
      RequestedURL: 'http://localhost:80/docs/q&a.htm', PhysicalPath: 'C:\\inetpub\\wwwroot\\docs\\q&a.htm',
      LogonMethod: 'Anonymous', LogonUser: 'Anonymous',
    },
  },
  {
    title: 'the IIS custom 401 page without a sub-status',
    file: 'iis10-custom-401.html',
    expected: { kind: 'error-page', style: 'iis7-custom', 'sc-status': 401, Heading: '401 - Unauthorized: Access is denied due to invalid credentials.' },
  },
  {
    title: 'the HTTP.sys 401 page',
    file: 'httpsys-401.html',
    expected: { kind: 'error-page', style: 'httpsys', 'sc-status': 401, Heading: 'HTTP Error 401. The requested resource requires user authentication.' },
  },
  {
    title: 'the HTTP.sys "Request Too Long" page as a 400',
    file: 'httpsys-400-request-too-long.txt',
    expected: { kind: 'error-page', style: 'httpsys', 'sc-status': 400, Heading: 'Bad Request - Request Too Long' },
  },
  {
    title: 'a 403.14 page, so the diagnosis can say it is not a 401',
    file: 'iis7-403-14.txt',
    expected: {
      kind: 'error-page', style: 'iis7-detailed', 'sc-status': 403, 'sc-substatus': 14, Heading: 'HTTP Error 403.14 - Forbidden',
      Module: 'DirectoryListingModule', Notification: 'ExecuteRequestHandler', Handler: 'StaticFile', ErrorCode: '0x00000000',
      RequestedURL: 'http://localhost:80/app/', PhysicalPath: 'C:\\inetpub\\wwwroot\\app\\', LogonMethod: 'Anonymous', LogonUser: 'Anonymous',
    },
  },
  {
    title: 'a 500.19 page pasted after a sentence of prose',
    file: 'iis7-500-19-and-prose.txt',
    expected: {
      kind: 'error-page', style: 'iis7-detailed', 'sc-status': 500, 'sc-substatus': 19, Heading: 'HTTP Error 500.19 - Internal Server Error',
      Module: 'IIS Web Core', Notification: 'BeginRequest', Handler: 'Not yet determined', ErrorCode: '0x80070021',
    },
  },
  {
    title: 'the detailed-error table pasted without its heading',
    file: 'details-only.txt',
    expected: {
      kind: 'error-page', style: 'iis7-detailed', Module: 'WindowsAuthenticationModule', Notification: 'AuthenticateRequest',
      Handler: 'StaticFile', ErrorCode: '0x80090305',
    },
  },
  {
    title: "Chrome's HTTP ERROR 401 page",
    file: 'chrome-http-error-401.txt',
    expected: { kind: 'error-page', style: 'browser', 'sc-status': 401, Heading: 'HTTP ERROR 401' },
  },
];

describe('readErrorPages', () => {
  it.each(cases)('should read $title', ({ file, expected }) => {
    expect(readErrorPages(fixture(file)).pages).toEqual([expected]);
  });

  it('should say that the sub-status of the custom page must come from the log or a local request', () => {
    const { messages } = readErrorPages(fixture('iis10-custom-401.html'));
    expect(messages).toEqual([
      expect.objectContaining({ severity: 'info', ruleId: 'error-page/custom-page', text: expect.stringMatching(/W3C log.*local|server itself/) as string }),
    ]);
  });

  it.each([
    ['an IIS 6 heading inside a mixed paste', 'Two servers, same config.\nHTTP Error 401.2 - Unauthorized: Access is denied due to server configuration.\n2005-08-18 22:37:38 W3SVC1 127.0.0.1 GET /en-US/ - 80 - 127.0.0.1 Mozilla/4.0 401 2 5', 'iis6', 2],
    ['a bare "401.2 - Unauthorized" heading', '401.2 - Unauthorized', 'iis7-detailed', 2],
    ['an IIS 6 filter heading', 'HTTP Error 401.4 - Unauthorized: Access is denied by filter', 'iis6', 4],
  ])('should read %s', (_title, text, style, substatus) => {
    expect(readErrorPages(text).pages).toEqual([expect.objectContaining({ style, 'sc-status': 401, 'sc-substatus': substatus })]);
  });

  it.each([
    ['a sentence that mentions a sub-status', 'we get 401.2 on every page since the upgrade, then 401.1'],
    ['a sentence that quotes a heading mid-line', 'The browser shows HTTP Error 401.2 - Unauthorized after three prompts'],
    ['a Windows event', 'Event ID: 4776\nError Code: 0xC000006A\nLogon Account: jdoe'],
    ['an IIS log line', '2024-03-05 14:22:31 10.1.2.10 GET / - 80 - 10.1.2.57 Mozilla/5.0 401 2 5 0'],
    ['garbage', '<<<>>> &&&; <td <th </ &#xZZ; &nbsp'],
    ['binary-looking text', '\u0000\u0001\u0002PK\u0003\u0004\u0014\u0000\b\u0000\ufffd\ufffd<html>\u0007HTTP\u0000'],
    ['an empty string', ''],
  ])('should find no page in %s', (_title, text) => {
    expect(readErrorPages(text).pages).toEqual([]);
  });

  it.each([
    ['0x8007052e', '0x8007052E'],
    ['0x5', '0x00000005'],
    ['2147942405', '0x80070005'],
    ['-2147024891', '0x80070005'],
    ['Access is denied. (0x80070005)', '0x80070005'],
    ['not a code', undefined],
  ])('should normalise the error code %s', (raw, expected) => {
    expect(toErrorCode(raw)).toBe(expected);
  });

  it('should not throw on input that is not a string', () => {
    expect(readErrorPages(null as unknown as string)).toMatchObject({ pages: [], messages: [] });
  });

  it('should return on a 1 MB random string', () => {
    const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789 :\t\n<>="/\\.-_&;#HTTP Error 401.2 Module';
    let seed = 7;
    const chars: string[] = [];
    for (let i = 0; i < 1_048_576; i++) {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      chars.push(alphabet[seed % alphabet.length] ?? ' ');
    }
    expect(() => readErrorPages(chars.join(''))).not.toThrow();
  });

  it('should return on a megabyte of unclosed tags', () => {
    expect(() => readErrorPages(`${'<'.repeat(1_000_000)}<p>`)).not.toThrow();
    expect(() => readErrorPages(`<p>${'<!--'.repeat(250_000)}`)).not.toThrow();
  });
});

describe('withoutPageBoilerplate', () => {
  it('should drop the advice lists IIS prints on every page and keep the table and the admin\'s words', () => {
    const page = [
      'HTTP Error 401.2 - Unauthorized',
      'Most likely causes:',
      '  - Integrated authentication is enabled and the request was sent through a proxy.',
      'Things you can try:',
      '  - Verify the authentication settings.',
      'Detailed Error Information:',
      'Module\tUrlAuthorizationModule',
      '',
      '',
      'We only see this on the finance site.',
    ].join('\n');
    const kept = withoutPageBoilerplate(page);
    expect(kept).not.toContain('proxy');
    expect(kept).not.toContain('Verify the authentication');
    expect(kept).toContain('UrlAuthorizationModule');
    expect(kept).toContain('finance site');
  });
});
