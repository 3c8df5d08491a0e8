import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readTraces } from '../../src/parse/freb.js';
import type { TraceRecord } from '../../src/symptoms.js';

function fixture(name: string): string {
  return readFileSync(new URL(`../fixtures/freb/${name}`, import.meta.url), 'utf8');
}

interface Case {
  readonly title: string;
  readonly file: string;
  readonly expected: Partial<TraceRecord>;
  readonly ruleId?: string;
}

// The fixtures follow the layout of real fr*.xml files: the <failedRequest> attributes in IIS' order,
// WWW Server events with numeric <Data> and <freb:Description> renderings, CRLF line ends.
const cases: readonly Case[] = [
  {
    title: 'a 401.2 trace whose error status was set by IIS Web Core',
    file: 'fr000012-401-2-windows-auth.xml',
    expected: {
      kind: 'freb', url: 'http://intranet.contoso.com:80/reports/default.aspx', verb: 'GET', 'sc-status': 401, 'sc-substatus': 2,
      authenticationType: 'NOT_AVAILABLE', appPoolId: 'IntranetPool', timeTaken: 0, authTypes: ['NT', 'Basic'],
      ModuleName: 'IIS Web Core', Notification: 'AUTHENTICATE_REQUEST', ErrorCode: '0x80070005',
      events: [
        'GENERAL_REQUEST_START', 'GENERAL_ENDPOINT_INFORMATION', 'GENERAL_REQUEST_HEADERS', 'NOTIFY_MODULE_START', 'AUTH_START',
        'AUTH_REQUEST_AUTH_TYPE', 'AUTH_END', 'NOTIFY_MODULE_END', 'MODULE_SET_RESPONSE_ERROR_STATUS', 'NOTIFY_MODULE_START',
        'GENERAL_SEND_CUSTOM_ERROR', 'NOTIFY_MODULE_END', 'GENERAL_RESPONSE_HEADERS', 'GENERAL_FLUSH_RESPONSE_END', 'GENERAL_REQUEST_END',
      ],
    },
  },
  {
    title: 'a 401.1 trace whose error status was set by WindowsAuthenticationModule',
    file: 'fr000013-401-1-windows-auth.xml',
    expected: {
      'sc-status': 401, 'sc-substatus': 1, timeTaken: 15, authTypes: ['NT'], ModuleName: 'WindowsAuthenticationModule',
      Notification: 'AUTHENTICATE_REQUEST', ErrorCode: '0x8009030C',
    },
  },
  {
    title: 'what precedes the cut of a truncated trace',
    file: 'fr000012-truncated.xml',
    expected: {
      url: 'http://intranet.contoso.com:80/reports/default.aspx', 'sc-status': 401, 'sc-substatus': 2, authTypes: ['NT', 'Basic'],
      ModuleName: 'IIS Web Core', Notification: 'AUTHENTICATE_REQUEST', ErrorCode: undefined,
      events: ['GENERAL_REQUEST_START', 'GENERAL_ENDPOINT_INFORMATION', 'GENERAL_REQUEST_HEADERS', 'NOTIFY_MODULE_START', 'AUTH_START', 'AUTH_REQUEST_AUTH_TYPE', 'AUTH_END', 'NOTIFY_MODULE_END'],
    },
    ruleId: 'freb/truncated',
  },
  {
    title: 'events pasted without the <failedRequest> header',
    file: 'fr-events-without-header.xml',
    expected: {
      url: undefined, 'sc-status': 401, 'sc-substatus': 2, authTypes: ['NT', 'Basic'], ModuleName: 'IIS Web Core', ErrorCode: '0x80070005',
    },
    ruleId: 'freb/no-header',
  },
  {
    title: 'the compact view as the browser renders it',
    file: 'freb-compact-view.txt',
    expected: {
      'sc-status': 401, 'sc-substatus': 2, authTypes: ['NT', 'Basic'], ModuleName: 'IIS Web Core',
      Notification: 'AUTHENTICATE_REQUEST', ErrorCode: '0x80070005',
      events: ['AUTH_START', 'AUTH_REQUEST_AUTH_TYPE', 'AUTH_END', 'MODULE_SET_RESPONSE_ERROR_STATUS'],
    },
    ruleId: 'freb/no-header',
  },
];

describe('readTraces', () => {
  it.each(cases)('should read $title', ({ file, expected, ruleId }) => {
    const { traces, messages } = readTraces(fixture(file));
    expect(traces).toHaveLength(1);
    const entries = Object.entries(expected);
    expect(traces[0]).toMatchObject(Object.fromEntries(entries.filter(([, v]) => v !== undefined)));
    for (const [key] of entries.filter(([, v]) => v === undefined)) expect(traces[0]).not.toHaveProperty(key);
    if (ruleId) expect(messages).toContainEqual(expect.objectContaining({ severity: 'info', ruleId }));
    else expect(messages).toEqual([]);
  });

  it('should read the authenticated user and the offered schemes of a trace that succeeded', () => {
    const trace = [
      '<failedRequest url="http://web01:80/" siteId="1" appPoolId="DefaultAppPool" processId="1" verb="GET" remoteUserName="CONTOSO\\jdoe" userName="CONTOSO\\jdoe" tokenUserName="CONTOSO\\jdoe" authenticationType="Negotiate" activityId="{0}" failureReason="STATUS_CODE" statusCode="401.3" triggerStatusCode="401" timeTaken="31" xmlns:freb="http://schemas.microsoft.com/win/2006/06/iis/freb">',
      '<Event><System><Provider Name="WWW Server"/></System><EventData><Data Name="AuthTypeSupported">5</Data></EventData><RenderingInfo Culture="en-US"><Opcode>AUTH_START</Opcode></RenderingInfo></Event>',
      '<Event><System><Provider Name="WWW Server"/></System><EventData><Data Name="AuthType">4</Data><Data Name="NTLMUsed">false</Data><Data Name="RemoteUserName">CONTOSO\\jdoe</Data><Data Name="AuthUserName">CONTOSO\\jdoe</Data><Data Name="TokenImpersonationLevel">2</Data></EventData><RenderingInfo Culture="en-US"><Opcode>AUTH_SUCCEEDED</Opcode></RenderingInfo></Event>',
      '<Event><System><Provider Name="WWW Server"/></System><EventData><Data Name="ModuleName">IIS Web Core</Data><Data Name="Notification">4</Data><Data Name="HttpStatus">401</Data><Data Name="HttpReason">Unauthorized</Data><Data Name="HttpSubStatus">3</Data><Data Name="ErrorCode">-2147024891</Data></EventData><RenderingInfo Culture="en-US"><Opcode>MODULE_SET_RESPONSE_ERROR_STATUS</Opcode></RenderingInfo></Event>',
      '</failedRequest>',
    ].join('\n');
    expect(readTraces(trace).traces).toEqual([{
      kind: 'freb', url: 'http://web01:80/', verb: 'GET', 'sc-status': 401, 'sc-substatus': 3, authenticationType: 'Negotiate',
      userName: 'CONTOSO\\jdoe', remoteUserName: 'CONTOSO\\jdoe', tokenUserName: 'CONTOSO\\jdoe', appPoolId: 'DefaultAppPool',
      timeTaken: 31, authTypes: ['Anonymous', 'NT'], ModuleName: 'IIS Web Core', Notification: 'AUTHORIZE_REQUEST',
      ErrorCode: '0x80070005', authenticatedUser: 'CONTOSO\\jdoe',
      events: ['AUTH_START', 'AUTH_SUCCEEDED', 'MODULE_SET_RESPONSE_ERROR_STATUS'],
    }]);
  });

  it.each([
    ['a Windows Security event in XML', readFileSync(new URL('../fixtures/events/4625-xml.xml', import.meta.url), 'utf8')],
    ['an IIS error page', 'HTTP Error 401.2 - Unauthorized\nModule\tIIS Web Core\nError Code\t0x80070005'],
    ['prose that names FREB events', 'In the FREB log I see MODULE_SET_RESPONSE_ERROR_STATUS right after AUTH_START, what does it mean?'],
    ['garbage', 'failedRequest <Event <Event> <Data <freb:Description AUTH_ ="'],
    ['binary-looking text', '\u0000\u0001\u0002PK\u0003\u0004\u0014\u0000\b\u0000\ufffd\ufffd<failedReq\u0007\u0000'],
    ['an empty string', ''],
  ])('should find no trace in %s', (_title, text) => {
    expect(readTraces(text).traces).toEqual([]);
  });

  it('should not throw on input that is not a string', () => {
    expect(readTraces(42 as unknown as string)).toEqual({ traces: [], messages: [] });
  });

  it('should return on a 1 MB random string', () => {
    const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789 :\t\n<>="/\\.-_AUTH_START<Event>Data Name';
    let seed = 3;
    const chars: string[] = [];
    for (let i = 0; i < 1_048_576; i++) {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      chars.push(alphabet[seed % alphabet.length] ?? ' ');
    }
    expect(() => readTraces(chars.join(''))).not.toThrow();
  });

  it('should return on a megabyte of unclosed elements', () => {
    expect(() => readTraces('<failedRequest '.repeat(70_000))).not.toThrow();
    expect(() => readTraces(`<failedRequest url="${'a'.repeat(1_000_000)}`)).not.toThrow();
    expect(() => readTraces('<Event><Data Name="ModuleName">'.repeat(30_000))).not.toThrow();
  });
});
