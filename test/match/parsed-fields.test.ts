import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from '../../src/parse/index.js';
import { readEvents } from '../../src/parse/event-log.js';
import { eventOriginFits } from '../../src/codes/event-origin.js';
import { realEngine } from '../helpers/kb-engine.js';

// Rules respect the fields the parser got right (issue 9 item 1): an event's provider and log, the logon
// type, the module on an error page, the Kerberos failure code.

function fixture(name: string): string {
  return readFileSync(new URL(`../fixtures/fields/${name}`, import.meta.url), 'utf8');
}

const LOGON_CAUSES = ['wrong-client-credentials', 'anon-password-mismatch', 'loopback-check', 'account-locked-out', 'logon-right-denied'];

describe('the provider and log of an event', () => {
  it.each([
    ['application-4625-eventsystem.xml', 'xml'],
    ['application-4625-eventsystem.txt', 'modern-text'],
    ['application-4625-format-list.txt', 'format-list'],
  ])('should read the provider and the log of %s', (file, format) => {
    expect(readEvents(fixture(file)).events).toMatchObject([{ EventID: 4625, format, Source: 'Microsoft-Windows-EventSystem', Channel: 'Application' }]);
  });

  it.each(['application-4625-eventsystem.xml', 'application-4625-eventsystem.txt', 'application-4625-format-list.txt'])(
    'should not take the EventSystem 4625 of %s for a failed logon',
    async (file) => {
      expect(parse(fixture(file)).codes.map((c) => c.key)).not.toContain('event:4625');
      const d = (await realEngine()).diagnose(fixture(file));
      for (const cause of d.causes) expect(cause.why.join(' ')).not.toMatch(/event 4625|logon fail/i);
      expect(d.causes.filter((c) => c.confidence !== 'low').map((c) => c.id)).toEqual([]);
    },
  );

  it('should keep an event whose provider and log are not shown (most pastes)', () => {
    expect(eventOriginFits(4625)).toBe(true);
    expect(eventOriginFits(4625, 'Microsoft-Windows-Security-Auditing', 'Security')).toBe(true);
    expect(eventOriginFits(529, 'Security')).toBe(true);
    expect(eventOriginFits(4625, 'Microsoft-Windows-EventSystem')).toBe(false);
    expect(eventOriginFits(4625, undefined, 'Application')).toBe(false);
    expect(eventOriginFits(11, 'Microsoft-Windows-Kerberos-Key-Distribution-Center', 'System')).toBe(true);
    expect(eventOriginFits(11, 'Microsoft-Windows-Security-Auditing')).toBe(false);
  });

  it('should still read a Security-log 4625 as a failed logon', async () => {
    const text = fixture('application-4625-eventsystem.txt')
      .replace('Application', 'Security').replace('Microsoft-Windows-EventSystem', 'Microsoft-Windows-Security-Auditing')
      .replace(/The EventSystem.*$/s, 'An account failed to log on.\nLogon Type: 3\nAccount Name: jdoe\nFailure Reason: Unknown user name or bad password.\nStatus: 0xC000006D\nSub Status: 0xC000006A\n');
    const d = (await realEngine()).diagnose(text);
    expect(LOGON_CAUSES).toContain(d.causes[0]?.id);
  });
});

describe('the module on an error page', () => {
  it('should not answer a 401.1 from WindowsAuthenticationModule with the anonymous account password', async () => {
    const d = (await realEngine()).diagnose(fixture('page-401.1-windows-module.txt'));
    expect(d.causes[0]?.id).toBe('wrong-client-credentials');
    const anonymous = d.causes.find((c) => c.id === 'anon-password-mismatch');
    expect(anonymous?.why.join(' ') ?? '').not.toMatch(/1326|0xC000006A/);
  });

  it('should still point a 401.1 from AnonymousAuthenticationModule at the anonymous account', async () => {
    const d = (await realEngine()).diagnose(fixture('page-401.1-anonymous-module.txt'));
    expect(d.causes.slice(0, 2).map((c) => c.id)).toContain('anon-password-mismatch');
    expect(d.causes.find((c) => c.id === 'wrong-client-credentials')?.why.join(' ') ?? '').not.toMatch(/1326|0xC000006A/);
  });

  it('should keep the code rule for a code typed in a sentence, with no record to rule it out', async () => {
    const d = (await realEngine()).diagnose('IIS 10 site, anonymous access, log shows 0xC000006A');
    expect(d.causes.map((c) => c.id)).toContain('anon-password-mismatch');
  });
});

describe('the logon type of an event', () => {
  it('should not read an interactive logon (type 2) from 127.0.0.1 as the loopback check', async () => {
    const d = (await realEngine()).diagnose(fixture('4625-interactive-from-loopback.txt'));
    // The fitted model ranks every cause, so the loopback check may be listed; no rule may point at it.
    expect(d.causes[0]?.id).not.toBe('loopback-check');
    expect(d.causes.find((c) => c.id === 'loopback-check')?.rules ?? []).toEqual([]);
  });

  it('should read a network logon (type 3) from 127.0.0.1 as the loopback check', async () => {
    const d = (await realEngine()).diagnose(fixture('4625-network-from-loopback.txt'));
    expect(d.causes.slice(0, 2).map((c) => c.id)).toContain('loopback-check');
  });

  it('should not read a failed RDP logon (type 10) as IIS logging on its anonymous account', async () => {
    const text = fixture('4625-interactive-from-loopback.txt').replace('Logon Type:\t\t\t2', 'Logon Type:\t\t\t10');
    const d = (await realEngine()).diagnose(text);
    expect(d.causes.find((c) => c.id === 'anon-password-mismatch')?.why.join(' ') ?? '').not.toMatch(/1326|0xC000006A/);
  });
});

describe('Kerberos failure codes', () => {
  const event4768 = (code: string): string => readFileSync(new URL('../fixtures/admin-words/event-4768-0x6.txt', import.meta.url), 'utf8').replace('Result Code:\t\t0x6', `Result Code:\t\t${code}`);

  it('should answer 0x6 (client not found) with the user name the client sent, not the encryption type its label names', async () => {
    const d = (await realEngine()).diagnose(event4768('0x6'));
    expect(d.causes[0]?.id).toBe('wrong-client-credentials');
    expect(d.causes[0]?.why.join(' ')).toMatch(/0x6|KDC_ERR_C_PRINCIPAL_UNKNOWN/);
    expect(d.causes.map((c) => c.id)).not.toContain('kerberos-encryption-type-mismatch');
  });

  it('should answer 0x7 (server principal not found) with the SPN', async () => {
    const text = 'A Kerberos service ticket was requested.\nAccount Name: jdoe@CONTOSO.LOCAL\nService Name: HTTP/intranet.contoso.local\nFailure Code: 0x7\n';
    expect((await realEngine()).diagnose(text).causes[0]?.id).toBe('kerberos-spn-misconfigured');
  });

  it('should take the encryption type from the failure code 0xE, not from the label', async () => {
    expect((await realEngine()).diagnose(event4768('0xE')).causes[0]?.id).toBe('kerberos-encryption-type-mismatch');
  });
});

describe('Netlogon and KDC events as codes', () => {
  it.each([
    ['Event ID: 5719 Source: NETLOGON Description: This computer was not able to set up a secure session with a domain controller in domain CONTOSO.', 'event:5719', 'dc-unreachable-secure-channel'],
    ['Event ID: 3210 Source: NETLOGON Description: Failed to authenticate with \\\\DC01, a Windows domain controller for domain CONTOSO.', 'event:3210', 'dc-unreachable-secure-channel'],
    ['the web server logs event 5816 every few minutes during the morning peak', 'event:5816', 'netlogon-maxconcurrentapi'],
    ['System log: event 5818 and event 5819, NTLM logons are slow', 'event:5819', 'netlogon-maxconcurrentapi'],
  ])('should decode %s as a known code and answer with its cause', async (text, key, cause) => {
    const code = parse(text).codes.find((c) => c.key === key);
    expect(code?.known).toBe(true);
    expect((await realEngine()).diagnose(text).causes[0]?.id).toBe(cause);
  });

  it('should read a KDC event 11 record as a duplicate SPN, and an event 11 of another provider not', async () => {
    const kdc = 'Log Name: System\nSource: Microsoft-Windows-Kerberos-Key-Distribution-Center\nEvent ID: 11\nLevel: Error\nDescription:\nThere are multiple accounts with name HTTP/web01 of type DS_SERVICE_PRINCIPAL_NAME.\n';
    expect((await realEngine()).diagnose(kdc).causes[0]).toMatchObject({ id: 'duplicate-spn', confidence: 'high' });
    const other = 'Log Name: Application\nSource: MsiInstaller\nEvent ID: 11\nDescription:\nProduct: Contoso Agent -- Installation completed successfully.\n';
    expect(parse(other).codes.map((c) => c.key)).not.toContain('event:11');
    expect((await realEngine()).diagnose(other).causes.filter((c) => c.confidence === 'high')).toEqual([]);
  });
});
