import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readEvents } from '../../src/parse/event-log.js';
import type { EventRecord } from '../../src/symptoms.js';

function fixture(name: string): string {
  return readFileSync(new URL(`../fixtures/events/${name}`, import.meta.url), 'utf8');
}

interface Case {
  readonly title: string;
  readonly file: string;
  readonly expected: ReadonlyArray<Partial<EventRecord>>;
}

// Legacy events restate the KB 909887 examples (shared/seeds/001) with a concrete account name.
const cases: readonly Case[] = [
  {
    title: 'a legacy 534 copied from the Windows 2003 Event Viewer',
    file: 'legacy-534-event-viewer.txt',
    expected: [{
      EventID: 534, format: 'legacy-text', Source: 'Security',
      Reason: 'The user has not been granted the requested logon type at this machine',
      TargetUserName: 'IUSR_WEB01', TargetDomainName: 'WEB01', LogonType: 8, LogonProcessName: 'Advapi',
      AuthenticationPackageName: 'Negotiate', WorkstationName: 'WEB01',
    }],
  },
  {
    title: 'a legacy 530 that has no Logon Type line',
    file: 'legacy-530-no-logon-type.txt',
    expected: [{
      EventID: 530, format: 'legacy-text', Reason: 'Account logon time restriction violation',
      TargetUserName: 'IUSR_WEB01', LogonProcessName: 'Advapi', AuthenticationPackageName: 'Negotiate',
    }],
  },
  {
    title: 'a legacy 532 with every label run together on one line',
    file: 'legacy-532-one-line.txt',
    expected: [{
      EventID: 532, format: 'one-line', Source: 'Security', Reason: 'The specified user account has expired',
      TargetUserName: 'webanon', LogonType: 8, LogonProcessName: 'Advapi', AuthenticationPackageName: 'Negotiate',
    }],
  },
  {
    title: 'a legacy 529 given as one line starting at Event ID',
    file: 'legacy-529-one-line.txt',
    expected: [{
      EventID: 529, format: 'one-line', Reason: 'Unknown user name or bad password', TargetUserName: 'IUSR_WEB01',
      LogonType: 8, LogonProcessName: 'Advapi', AuthenticationPackageName: 'Negotiate',
    }],
  },
  {
    title: 'a legacy 533 whose "Authentication Package" label wraps onto the next line',
    file: 'legacy-533-wrapped-label.txt',
    expected: [{
      EventID: 533, Reason: 'User not allowed to logon at this computer', TargetUserName: 'webanon',
      TargetDomainName: 'CONTOSO', LogonType: 8, LogonProcessName: 'Advapi', AuthenticationPackageName: 'Negotiate',
    }],
  },
  {
    title: 'the event id of a "Logon Failure:" block from its reason text',
    file: 'legacy-531-without-id.txt',
    expected: [{ EventID: 531, Reason: 'Account currently disabled', TargetUserName: 'svc_intranet', TargetDomainName: 'CONTOSO' }],
  },
  {
    title: 'the decimal error code of a Windows 2000 event 681 as hex',
    file: 'legacy-681-decimal-code.txt',
    expected: [{
      EventID: 681, TargetUserName: 'jdoe', AuthenticationPackageName: 'MICROSOFT_AUTHENTICATION_PACKAGE_V1_0',
      WorkstationName: 'WEB01', FailureCode: '0xC000006A',
    }],
  },
  {
    title: 'the decimal Kerberos failure code of an event 675 as hex',
    file: 'legacy-675-decimal-failure-code.txt',
    expected: [{ EventID: 675, Reason: 'Pre-authentication failed', TargetUserName: 'jdoe', FailureCode: '0x18', IpAddress: '10.1.2.57' }],
  },
  {
    title: 'the second Account Name of a 4625 text view as the target account',
    file: '4625-event-viewer.txt',
    expected: [{
      EventID: 4625, format: 'modern-text', Source: 'Microsoft-Windows-Security-Auditing',
      Reason: 'Unknown user name or bad password', TargetUserName: 'jdoe', TargetDomainName: 'CONTOSO', LogonType: 8,
      LogonProcessName: 'Advapi', AuthenticationPackageName: 'Negotiate', Status: '0xC000006D', SubStatus: '0xC000006A',
      ProcessName: 'C:\\Windows\\System32\\inetsrv\\w3wp.exe', IpAddress: '10.1.2.57', WorkstationName: 'WEB01',
    }],
  },
  {
    title: 'Sub Status from a 4625 XML view',
    file: '4625-xml.xml',
    expected: [{
      EventID: 4625, format: 'xml', Source: 'Microsoft-Windows-Security-Auditing',
      Reason: 'Unknown user name or bad password', TargetUserName: 'jdoe', TargetDomainName: 'CONTOSO', LogonType: 8,
      LogonProcessName: 'Advapi', AuthenticationPackageName: 'Negotiate', Status: '0xC000006D', SubStatus: '0xC000006A',
      ProcessName: 'C:\\Windows\\System32\\inetsrv\\w3wp.exe', IpAddress: '10.1.2.57', WorkstationName: 'WEB01',
    }],
  },
  {
    title: 'both events of a Get-WinEvent | Format-List paste',
    file: '4625-and-4776-format-list.txt',
    expected: [
      {
        EventID: 4625, format: 'format-list', Source: 'Microsoft-Windows-Security-Auditing', TargetUserName: 'jdoe',
        LogonType: 3, LogonProcessName: 'NtLmSsp', AuthenticationPackageName: 'NTLM', Status: '0xC000006D',
        SubStatus: '0xC0000064', WorkstationName: 'CLIENT07', IpAddress: '10.1.2.57',
      },
      { EventID: 4776, format: 'format-list', TargetUserName: 'jdoe', WorkstationName: 'CLIENT07', FailureCode: '0xC0000064' },
    ],
  },
  {
    title: 'a squashed one-line 4625',
    file: '4625-one-line.txt',
    expected: [{
      EventID: 4625, format: 'one-line', Reason: 'The user has not been granted the requested logon type at this machine',
      Status: '0xC000015B', SubStatus: '0x0', LogonType: 3, ProcessName: 'C:\\Windows\\System32\\inetsrv\\w3wp.exe',
    }],
  },
  {
    title: 'a short "4625 Status: ... Sub Status: ..." note',
    file: '4625-short.txt',
    expected: [{ EventID: 4625, Status: '0xC000006E', SubStatus: '0xC0000072', TargetUserName: 'svc_web' }],
  },
  {
    title: 'a 4625 fragment without inventing an event id',
    file: '4625-fragment-without-id.txt',
    expected: [{ EventID: undefined, Reason: 'Unknown user name or bad password', Status: '0xC000006D', SubStatus: '0xC0000064' }],
  },
  {
    title: 'the locked account and the caller computer of a 4740',
    file: '4740-event-viewer.txt',
    expected: [{ EventID: 4740, TargetUserName: 'svc_web', WorkstationName: 'WEB01', Reason: 'A user account was locked out' }],
  },
  {
    title: 'the Failure Code of a 4771',
    file: '4771-event-viewer.txt',
    expected: [{ EventID: 4771, TargetUserName: 'jdoe', FailureCode: '0x18', IpAddress: '::ffff:10.1.2.57' }],
  },
  {
    title: 'the Error Code of a 4776 message pasted without its header',
    file: '4776-message-only.txt',
    expected: [{
      EventID: 4776, TargetUserName: 'IUSR_WEB01', WorkstationName: 'WEB01', FailureCode: '0xC000006A',
      AuthenticationPackageName: 'MICROSOFT_AUTHENTICATION_PACKAGE_V1_0',
    }],
  },
  {
    title: 'an event 1104 (the security log is full)',
    file: '1104-event-viewer.txt',
    expected: [{ EventID: 1104, Source: 'Microsoft-Windows-Eventlog', Reason: 'The security log is now full' }],
  },
  {
    title: 'a Kerberos System-log event 4 with its server and target name',
    file: 'kerberos-4-event-viewer.txt',
    expected: [{
      EventID: 4, Source: 'Microsoft-Windows-Security-Kerberos', Reason: 'KRB_AP_ERR_MODIFIED',
      fields: expect.objectContaining({ Server: 'web01$', 'Target Name': 'HTTP/intranet.contoso.com' }) as EventRecord['fields'],
    }],
  },
  {
    title: 'a Windows 2003 Kerberos event 4 given as one line',
    file: 'kerberos-4-one-line-2003.txt',
    expected: [{
      EventID: 4, format: 'one-line', Source: 'Kerberos', Reason: 'KRB_AP_ERR_MODIFIED',
      fields: expect.objectContaining({ Server: 'WEB01$' }) as EventRecord['fields'],
    }],
  },
  {
    title: 'a text event and an XML event of one paste in paste order',
    file: 'mixed-text-then-xml.txt',
    expected: [
      { EventID: 529, format: 'one-line', TargetUserName: 'IUSR_WEB01' },
      { EventID: 4625, format: 'xml', TargetUserName: 'jdoe', SubStatus: '0xC000006A' },
    ],
  },
  {
    title: 'an NTLM operational audit event',
    file: 'ntlm-8002-event-viewer.txt',
    expected: [{ EventID: 8002, Reason: 'NTLM server blocked audit: Audit Incoming NTLM Traffic that would be blocked' }],
  },
  {
    title: 'each event of a paste that holds three, in order',
    file: 'several-events.txt',
    expected: [
      { EventID: 4625, TargetUserName: 'jdoe', Status: '0xC0000234', SubStatus: '0x0', Reason: 'Account locked out' },
      { EventID: 4625, TargetUserName: 'asmith', Status: '0xC000006D', SubStatus: '0xC000006A' },
      { EventID: 4740, TargetUserName: 'jdoe', WorkstationName: 'WEB01' },
    ],
  },
  {
    title: 'the caller computer of a 4740 XML view and the error code of a 4776 XML view',
    file: 'xml-4740-and-4776.xml',
    expected: [
      { EventID: 4740, format: 'xml', TargetUserName: 'svc_web', WorkstationName: 'WEB01', TargetDomainName: undefined },
      { EventID: 4776, format: 'xml', TargetUserName: 'svc_web', WorkstationName: 'WEB01', FailureCode: '0xC000006A', Status: undefined },
    ],
  },
];

describe('readEvents', () => {
  it.each(cases)('should read $title', ({ file, expected }) => {
    const { events } = readEvents(fixture(file));
    expect(events).toHaveLength(expected.length);
    expected.forEach((want, i) => {
      // An `undefined` in the table means the field must be absent.
      const entries = Object.entries(want);
      expect(events[i]).toMatchObject({ kind: 'event', ...Object.fromEntries(entries.filter(([, v]) => v !== undefined)) });
      for (const [key] of entries.filter(([, v]) => v === undefined)) expect(events[i]).not.toHaveProperty(key);
    });
  });

  it('should keep every label of a 4625 text view in fields, the target account under its section', () => {
    const [event] = readEvents(fixture('4625-event-viewer.txt')).events;
    expect(event?.fields).toMatchObject({
      'Account Name': 'DefaultAppPool',
      'Account For Which Logon Failed: Account Name': 'jdoe',
      'Sub Status': '0xC000006A',
      'Logon Process': 'Advapi',
    });
  });

  it('should stop an event at the prose that follows it', () => {
    const [event] = readEvents(fixture('4625-event-viewer.txt')).events;
    expect(Object.values(event?.fields ?? {}).join(' ')).not.toMatch(/Explanation paragraph/);
  });

  it.each([
    ['a 4625 recognised by its message', '4776-message-only.txt', 'event-log/id-from-message'],
    ['a legacy event recognised by its reason', 'legacy-531-without-id.txt', 'event-log/id-from-reason'],
  ])('should say so when the id of %s was not written in the paste', (_title, file, ruleId) => {
    expect(readEvents(fixture(file)).messages).toContainEqual(expect.objectContaining({ severity: 'info', ruleId }));
  });

  it.each([
    ['prose that mentions an event id', 'After the password change I see event 534 and sometimes Event ID 4625 in the log.'],
    ['prose with a colon that is not an event label', 'Reason: I think the IUSR password changed when we moved servers.'],
    ['an IIS log line', '2024-03-05 14:22:31 10.1.2.10 GET /reports/ - 80 - 10.1.2.57 Mozilla/5.0 401 2 5 0'],
    ['a command', '/iis401 event 534'],
    ['garbage', 'asdf;lkj: qwerty: :::: zxcv\n\n\t: : :'],
    ['binary-looking text', '\u0000\u0001\u0002PK\u0003\u0004\u0014\u0000\b\u0000\ufffd\ufffd:\u0007\u0000Event ID:\u0000'],
    ['an empty string', ''],
    ['an IIS error page', 'HTTP Error 401.2 - Unauthorized\nModule: IIS Web Core\nError Code: 0x80070005'],
  ])('should find no event in %s', (_title, text) => {
    expect(readEvents(text).events).toEqual([]);
  });

  it('should treat labels named like Object.prototype members as unknown', () => {
    const text = 'Event ID: 4625\nconstructor: x\ntoString: y\nFailure Reason: %%2313\nSub Status: 0xc0000064\n<Data Name="__proto__">z</Data>';
    expect(readEvents(text).events).toEqual([
      expect.objectContaining({ EventID: 4625, Reason: 'Unknown user name or bad password', SubStatus: '0xC0000064' }),
    ]);
  });

  it('should not throw on input that is not a string', () => {
    expect(readEvents(undefined as unknown as string)).toMatchObject({ events: [], messages: [] });
  });

  it('should return on a 1 MB random string', () => {
    const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789 :\t\n<>="/\\.-_%&;#xEventIDData';
    let seed = 42;
    const chars: string[] = [];
    for (let i = 0; i < 1_048_576; i++) {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      chars.push(alphabet[seed % alphabet.length] ?? ' ');
    }
    expect(() => readEvents(chars.join(''))).not.toThrow();
  });

  it('should return on a megabyte of repeated labels and colons', () => {
    expect(() => readEvents('Event ID: 4625 Account Name: '.repeat(40_000))).not.toThrow();
    expect(() => readEvents(`<Event><EventID>4625</EventID>${'<Data Name="x">'.repeat(60_000)}`)).not.toThrow();
  });
});
