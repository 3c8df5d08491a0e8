import { describe, expect, it } from 'vitest';
import { parse } from '../../src/parse/index.js';
import { redactSecrets } from '../../src/parse/redact.js';

// Each case plants one secret; the secret must not survive redaction, and the text around it must.
const PLANTED: ReadonlyArray<[string, string, string]> = [
  ['adsutil GET output', 'AnonymousUserPass               : (STRING) "Pl4nted!Secret"', 'Pl4nted!Secret'],
  ['adsutil GET without quotes', 'WAMUserPass : (STRING) Pl4ntedWam', 'Pl4ntedWam'],
  ['adsutil SET', 'cscript adsutil.vbs SET W3SVC/1/ROOT/AnonymousUserPass "S3cretSet"', 'S3cretSet'],
  ['net user', 'net user IUSR_WEB01 Hunter2Planted', 'Hunter2Planted'],
  ['net user with a quoted name', 'net user "svc web" Quoted#Pass1', 'Quoted#Pass1'],
  ['a Basic Authorization header', 'Authorization: Basic dXNlcjpwbGFudGVkUGFzcw==', 'dXNlcjpwbGFudGVkUGFzcw=='],
  ['an NTLM Authorization header', 'Authorization: NTLM TlRMTVNTUAADAAAAGAAYAHgAAAA=', 'TlRMTVNTUAADAAAAGAAYAHgAAAA='],
  ['a Negotiate Authorization header', 'Authorization: Negotiate YIIHQwYGKwYBBQUCoIIHNzCCBzOgMDAuBgkqhkiC9xIBAgIG', 'YIIHQwYGKwYBBQUCoIIHNzCCBzOgMDAuBgkqhkiC9xIBAgIG'],
  ['a WWW-Authenticate server token', 'WWW-Authenticate: Negotiate oYG2MIGzoAMKAQChCwYJKoZIgvcSAQICooGeBIGbYIGYBgkqhkiG', 'oYG2MIGzoAMKAQChCwYJKoZIgvcSAQICooGeBIGbYIGYBgkqhkiG'],
  ['a Cookie header', 'Cookie: .ASPXAUTH=0123456789ABCDEFplanted; theme=dark', '0123456789ABCDEFplanted'],
  ['a session cookie inside a W3C cs(Cookie) field', '2024-01-01 00:00:00 GET / - 80 - 10.0.0.9 UA ASP.NET_SessionId=plantedsession42;+x=1 401 1 1326', 'plantedsession42'],
  ['a connection string', 'Server=sql01;Database=app;User Id=web;Password=Conn$tr1ng!;', 'Conn$tr1ng!'],
  ['a pwd connection string', 'Data Source=sql;uid=web;pwd=PwdPlant9', 'PwdPlant9'],
  ['an applicationHost.config attribute', '<anonymousAuthentication enabled="true" userName="CONTOSO\\web" password="CfgPlant77" />', 'CfgPlant77'],
  ['an appcmd switch', 'appcmd set config -section:anonymousAuthentication /password:AppcmdPlant1 /commit:apphost', 'AppcmdPlant1'],
  ['a PowerShell -Password argument', 'New-LocalUser web -Password PsPlant88', 'PsPlant88'],
  ['ConvertTo-SecureString', 'ConvertTo-SecureString "SecureStrPlant" -AsPlainText -Force', 'SecureStrPlant'],
  ['a password in prose', 'the anonymous password is Pr0sePlant and it fails', 'Pr0sePlant'],
  ['a Slack token pasted by mistake', 'token xoxb-1234567890-planted-token', 'xoxb-1234567890-planted-token'],
];

describe('redactSecrets', () => {
  it.each(PLANTED)('should remove %s', (_name, text, secret) => {
    const result = redactSecrets(text);
    expect(result.text).not.toContain(secret);
    expect(result.count).toBeGreaterThan(0);
  });

  it.each(PLANTED)('should keep %s out of everything parse returns', (_name, text, secret) => {
    const symptoms = parse(`401.1 on our site\n${text}\n`);
    expect(JSON.stringify(symptoms)).not.toContain(secret);
    expect(symptoms.redactions).toBeGreaterThan(0);
  });

  it('should count every secret in one paste', () => {
    const text = PLANTED.map(([, line]) => line).join('\n');
    const result = redactSecrets(text);
    expect(result.count).toBeGreaterThanOrEqual(PLANTED.length);
    for (const [, , secret] of PLANTED) expect(result.text).not.toContain(secret);
  });

  it.each([
    'the password expired last week',
    'Failure Reason: Unknown user name or bad password.',
    'password is wrong according to the event',
    'AnonymousPasswordSync is true',
  ])('should leave "%s" readable', (text) => {
    expect(redactSecrets(text).text).toBe(text);
  });
});
