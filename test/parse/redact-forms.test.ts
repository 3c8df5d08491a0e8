import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from '../../src/parse/index.js';
import { redactSecrets } from '../../src/parse/redact.js';
import { renderJson } from '../../src/render/json.js';
import { renderSlack } from '../../src/render/slack.js';
import { renderText } from '../../src/render/text.js';
import { projectRoot } from '../../src/root.js';
import { preparePaste } from '../../src/worker/tasks.js';
import { realEngine } from '../helpers/kb-engine.js';

// Every secret form an admin pastes (issue 11), each built from the form itself: [name, paste, secret].
// The secret must leave by no output: parse(), the JSON, text and Slack renderings, the input the bot
// remembers for its paging buttons, and the real command line.
export const SECRET_FORMS: ReadonlyArray<readonly [string, string, string]> = [
  ['appcmd /text:processModel.password, the value on the next line', 'C:\\> appcmd list apppool "Shop" /text:processModel.password\nN3xtL1neSecret', 'N3xtL1neSecret'],
  ['Set-ItemProperty -Name processModel.password -Value', "Set-ItemProperty IIS:\\AppPools\\Shop -Name processModel.password -Value 'S3tItemPl4nt'", 'S3tItemPl4nt'],
  ['Set-WebConfigurationProperty -Name password -Value', 'Set-WebConfigurationProperty -PSPath IIS:\\ -Filter system.webServer/security/authentication/anonymousAuthentication -Name password -Value WebCfgPl4nt9', 'WebCfgPl4nt9'],
  ['ConvertTo-SecureString -AsPlainText -Force -String', '$p = ConvertTo-SecureString -AsPlainText -Force -String "SecStrPl4nt"', 'SecStrPl4nt'],
  ['ConvertTo-SecureString with the value first', "$p = ConvertTo-SecureString 'SecStr2Pl4nt' -AsPlainText -Force", 'SecStr2Pl4nt'],
  ['net user /add NAME PASS', 'net user /add svcweb NetAddPl4nt', 'NetAddPl4nt'],
  ['net user NAME PASS /add', 'net user svcweb NetAdd2Pl4nt /add', 'NetAdd2Pl4nt'],
  ['schtasks /rp', 'schtasks /create /tn Sync /tr c:\\sync.cmd /ru CONTOSO\\svc /rp SchtPl4nt77 /sc daily', 'SchtPl4nt77'],
  ['psexec -p', 'psexec \\\\web01 -u CONTOSO\\admin -p PsExPl4nt! cmd', 'PsExPl4nt!'],
  ['sqlcmd -P', 'sqlcmd -S sql01 -U sa -P SqlPl4nt#1 -Q "select 1"', 'SqlPl4nt#1'],
  ['curl -u user:pass', 'curl --ntlm -u "CONTOSO\\bob:CurlPl4nt" https://intranet/', 'CurlPl4nt'],
  ['curl --user=user:pass', 'curl --user=bob:Curl2Pl4nt https://intranet/', 'Curl2Pl4nt'],
  ['JSON "password": "..."', '{"userName": "CONTOSO\\\\svc", "password": "JsonPl4nt\\"q"}', 'JsonPl4nt'],
  ['FREB header value with Basic <base64>', '<Data Name="HeaderName">Authorization</Data><Data Name="HeaderValue">Basic Ym9iOkZyZWJQbDRudA==</Data>', 'Ym9iOkZyZWJQbDRudA=='],
  ['https://user:pass@host', 'git clone https://bob:UrlPl4nt@tfs.contoso.com/repo.git', 'UrlPl4nt'],
  ['DOMAIN%5Cuser in a URL', 'https://CONTOSO%5Cbob:Url2Pl4nt@intranet.contoso.com/app', 'Url2Pl4nt'],
  ['a git remote', 'git remote add origin https://x-token:GitRemPl4nt@git.contoso.com/team/app.git', 'GitRemPl4nt'],
  ['"the password for X is ..."', 'the password for svc_web is Pr0sePl4nt and it still fails with 401.1', 'Pr0sePl4nt'],
  ['pass= in a query string', '2024-03-01 10:00:00 10.0.0.5 GET /login.aspx user=bob&pass=QueryPl4nt 80 - 10.0.0.9 Mozilla/5.0 - 401 1 1326 15', 'QueryPl4nt'],
  ['access_token in a query', 'GET /api/items?access_token=AccTokPl4nt123 401', 'AccTokPl4nt123'],
  ['client_secret in a query', 'POST /oauth/token?client_id=app&client_secret=CliSecPl4nt 401', 'CliSecPl4nt'],
  ['an OWIN .AspNet.ApplicationCookie', 'Cookie: .AspNet.ApplicationCookie=OwinPl4ntCookieValue', 'OwinPl4ntCookieValue'],
  ['an OWIN cookie in a W3C cs(Cookie) field', '2024-03-01 10:00:00 GET / - 443 - 10.0.0.9 Mozilla/5.0 .AspNet.ApplicationCookie=Owin2Pl4nt;+x=1 401 0 0', 'Owin2Pl4nt'],
  ['a SiteMinder SMSESSION cookie', '2024-03-01 10:00:00 GET / - 443 - 10.0.0.9 Mozilla/5.0 SMSESSION=SmSessPl4nt+abc 401 2 5', 'SmSessPl4nt'],
  ['a logged cs(Authorization) with Basic+', '2024-03-01 10:00:00 GET / - 80 - 10.0.0.9 Mozilla/5.0 Basic+Ym9iOkxvZ1BsNG50 401 1 1326', 'Ym9iOkxvZ1BsNG50'],
  ['an AWS access key id', 'aws_access_key_id = AKIAIOSFODNN7PL4NTXX', 'AKIAIOSFODNN7PL4NTXX'],
  ['an AWS secret access key', 'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYPL4NTKEY', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYPL4NTKEY'],
  ['a bare JWT', 'token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJib2IifQ.c2lnbmF0dXJlUGw0bnQ', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJib2IifQ.c2lnbmF0dXJlUGw0bnQ'],
  ['a GitHub token', 'git push https://github.com/org/app ghp_Pl4ntGitHubTokenValue0123456789abcd', 'ghp_Pl4ntGitHubTokenValue0123456789abcd'],
  ['a fine-grained GitHub token', 'GH_TOKEN=github_pat_11ABCDEFG0Pl4ntFineGrainedToken_xyz', 'github_pat_11ABCDEFG0Pl4ntFineGrainedToken_xyz'],
  ['an X-API-Key header', 'X-API-Key: ApiKeyPl4nt0123', 'ApiKeyPl4nt0123'],
  ['a PEM private key', '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAPl4ntPemBody0123456789\n-----END RSA PRIVATE KEY-----', 'MIIEowIBAAKCAQEAPl4ntPemBody0123456789'],
  ['machineKey validationKey', '<machineKey validationKey="A1B2C3D4E5F6Pl4nt0011" decryptionKey="F6E5D4C3B2A1Pl4nt99" validation="SHA1" />', 'A1B2C3D4E5F6Pl4nt0011'],
  ['machineKey decryptionKey', '<machineKey validationKey="A1B2C3D4E5F6Pl4nt0011" decryptionKey="F6E5D4C3B2A1Pl4nt99" validation="SHA1" />', 'F6E5D4C3B2A1Pl4nt99'],
  ['NetworkCredential("user","pass") in code', 'var c = new NetworkCredential("svc_web", "NetCredPl4nt", "CONTOSO");', 'NetCredPl4nt'],
  // The forms redacted before issue 11, kept on every output too.
  ['adsutil GET output', 'AnonymousUserPass               : (STRING) "AdsPl4nt!Secret"', 'AdsPl4nt!Secret'],
  ['net user NAME PASS', 'net user IUSR_WEB01 Hunter2Pl4nt', 'Hunter2Pl4nt'],
  ['a Basic Authorization header', 'Authorization: Basic dXNlcjpwbGFudGVkUGFzcw==', 'dXNlcjpwbGFudGVkUGFzcw=='],
  ['a Cookie header', 'Cookie: .ASPXAUTH=0123456789ABCDEFpl4nt; theme=dark', '0123456789ABCDEFpl4nt'],
  ['a connection string', 'Server=sql01;Database=app;User Id=web;Password=Conn$tr1ngPl4nt;', 'Conn$tr1ngPl4nt'],
  ['an appcmd /password: switch', 'appcmd set config -section:anonymousAuthentication /password:AppcmdPl4nt1 /commit:apphost', 'AppcmdPl4nt1'],
  ['a Slack token', 'token xoxb-1234567890-pl4nted-token', 'xoxb-1234567890-pl4nted-token'],
];

/** Every output of one paste that the project produces without Slack. */
async function outputsOf(paste: string): Promise<Record<string, string>> {
  const engine = await realEngine();
  const diagnosis = engine.diagnose(paste);
  return {
    'parse()': JSON.stringify(parse(paste)),
    'diagnose --json': renderJson(diagnosis),
    'diagnose text': renderText(diagnosis, { all: true }),
    Slack: JSON.stringify(renderSlack(diagnosis)),
    'paging memory': preparePaste(engine, paste).redacted,
  };
}

describe('every secret form on every output', () => {
  it.each(SECRET_FORMS)('should keep %s out of every output', async (_name, paste, secret) => {
    expect(redactSecrets(paste).count).toBeGreaterThan(0);
    for (const [output, text] of Object.entries(await outputsOf(`401.1 on our site\n${paste}\n`))) {
      expect({ output, leaks: text.includes(secret) }).toEqual({ output, leaks: false });
    }
  });

  it('should keep every form out of the real command line, JSON and text', () => {
    const root = projectRoot();
    const paste = SECRET_FORMS.map(([, form]) => form).join('\n\n');
    for (const args of [['diagnose', '--json', '--all'], ['diagnose', '--all']]) {
      const result = spawnSync(process.execPath, [join(root, 'bin', 'iis401.js'), ...args], { cwd: root, input: paste, encoding: 'utf8', timeout: 60_000 });
      expect(result.status).toBe(0);
      const leaked = SECRET_FORMS.filter(([, , secret]) => result.stdout.includes(secret) || result.stderr.includes(secret)).map(([name]) => name);
      expect({ args: args.join(' '), leaked }).toEqual({ args: args.join(' '), leaked: [] });
    }
  }, 120_000);
});

describe('redaction that must not take ordinary words', () => {
  it.each([
    'IIS uses Basic authentication on this site',
    'curl -v https://intranet/ returns 401',
    'ssh -p 22 admin@host works',
    'the password for the pool expired last week',
    '<machineKey validationKey="AutoGenerate,IsolateApps" />',
    'sqlcmd -S sql01 -E -p',
  ])('should leave "%s" as it is', (text) => {
    expect(redactSecrets(text).text).toBe(text);
  });
});
