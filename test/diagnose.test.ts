import { describe, expect, it } from 'vitest';
import { stepsFor } from '../src/diagnose.js';
import { realEngine } from './helpers/kb-engine.js';

const line = (uri: string, user: string, ip: string, triplet: string) => `2024-03-01 10:00:00 10.0.0.5 GET ${uri} - 80 ${user} ${ip} Mozilla/5.0 - ${triplet} 15`;

describe('diagnose', () => {
  it('should call a 401.2, 401.1, 200 sequence for one client and URL the normal challenge, not a fault', async () => {
    const d = (await realEngine()).diagnose([line('/a', '-', '10.0.0.9', '401 2 5'), line('/a', '-', '10.0.0.9', '401 1 2148074254'), line('/a', 'CONTOSO\\amy', '10.0.0.9', '200 0 0')].join('\n'));
    expect(d.verdict).toBe('normal-challenge');
    expect(d.causes[0]?.id).toBe('auth-handshake-normal');
    expect(d.headline).toMatch(/normal/i);
  });

  it('should diagnose the 401s that never succeed, not the challenge legs beside them', async () => {
    const d = (await realEngine()).diagnose([
      line('/a', '-', '10.0.0.9', '401 2 5'),
      line('/a', '-', '10.0.0.9', '401 1 2148074254'),
      line('/a', 'CONTOSO\\amy', '10.0.0.9', '200 0 0'),
      line('/b', '-', '10.0.0.7', '401 1 1909'),
    ].join('\n'));
    expect(d.causes[0]?.id).toBe('account-locked-out');
    expect(d.causes[0]?.why.join(' ')).toContain('log line 4');
  });

  it('should read an empty cs-username as the anonymous account and a user name as a person', async () => {
    const engine = await realEngine();
    expect(engine.diagnose(line('/', '-', '10.0.0.9', '401 1 1326')).causes[0]?.id).toBe('anon-password-mismatch');
    expect(engine.diagnose(line('/', 'CONTOSO\\jdoe', '10.0.0.9', '401 1 1326')).causes[0]?.id).toBe('wrong-client-credentials');
  });

  it('should pick IIS 6 steps for an IIS 6 log and IIS 7+ steps for an IIS 10 log', async () => {
    const engine = await realEngine();
    const iis6 = engine.diagnose(`#Software: Microsoft Internet Information Services 6.0\n${line('/', '-', '10.0.0.9', '401 1 1385')}`);
    const iis10 = engine.diagnose(`#Software: Microsoft Internet Information Services 10.0\n${line('/', '-', '10.0.0.9', '401 1 1385')}`);
    expect(iis6.input.iis?.era).toBe('6');
    expect(iis10.input.iis?.era).toBe('7+');
    expect(iis6.causes[0]?.steps.some((s) => s.startsWith('**IIS 7+:**'))).toBe(false);
    expect(iis10.causes[0]?.steps.some((s) => s.startsWith('**IIS 6:**'))).toBe(false);
    expect(iis6.causes[0]?.steps).not.toEqual(iis10.causes[0]?.steps);
  });

  it('should show both eras, labelled, when the version is unknown', async () => {
    const d = (await realEngine()).diagnose('event 534');
    expect(d.input.iis).toBeUndefined();
    expect(d.notes.join(' ')).toMatch(/IIS 6 and IIS 7\+/);
  });

  it('should say "this is not a 401" for a 403.14 and not force a 401 cause', async () => {
    const d = (await realEngine()).diagnose(line('/', '-', '10.0.0.9', '403 14 0'));
    expect(d.verdict).toBe('not-401');
    expect(d.headline).toMatch(/not a 401: 403\.14 means directory listing denied/);
    expect(d.causes).toEqual([]);
  });

  it('should still diagnose a 400 that is a Kerberos header too large', async () => {
    const d = (await realEngine()).diagnose('Bad Request - Request Too Long. HTTP Error 400. The size of the request headers is too long.');
    expect(d.causes[0]?.id).toBe('kerberos-token-too-large');
  });

  it('should answer an empty paste with where to start', async () => {
    const d = (await realEngine()).diagnose('');
    expect(d.verdict).toBe('nothing-recognised');
    expect(d.causes).toEqual([]);
    expect(d.next.length).toBeGreaterThan(0);
  });

  it('should answer garbage kindly', async () => {
    const d = (await realEngine()).diagnose('asdf qwerty zxcv');
    expect(d.verdict).toBe('nothing-recognised');
    expect(d.notes.join(' ')).toMatch(/Paste a W3C log line/);
  });

  it('should report two unrelated problems in one paste', async () => {
    const d = (await realEngine()).diagnose([
      line('/files/a.pdf', '-', '10.0.0.9', '401 3 5'),
      'Event ID: 539 Description: Logon Failure: Reason: Account locked out User Name: svc-batch Logon Type: 8',
    ].join('\n'));
    const ids = d.causes.slice(0, 2).map((c) => c.id).sort();
    expect(ids).toEqual(['account-locked-out', 'ntfs-acl-denied']);
    expect(d.notes[0]).toMatch(/two separate problems/);
  });

  it('should give every cause its reasons, a confidence and the article', async () => {
    const d = (await realEngine()).diagnose(line('/', '-', '10.0.0.9', '401 1 1909'));
    const [first] = d.causes;
    expect(first?.confidence).toBe('high');
    expect(first?.why[0]).toMatch(/1909/);
    expect(first?.article).toBe('kb/causes/account-locked-out.md');
    expect(first?.rules).toContain('account-locked-out/code');
  });

  it('should offer a next check with commands when the evidence is thin', async () => {
    const d = (await realEngine()).diagnose('users get 401.1 on the intranet site since this morning');
    expect(d.causes[0]?.confidence).not.toBe('high');
    expect(d.next[0]?.commands.length).toBeGreaterThan(0);
  });

  it('should fill the capture kit with what the paste told (the account name)', async () => {
    const d = (await realEngine()).diagnose('An account failed to log on.\nAccount For Which Logon Failed:\n\tAccount Name:\t\tsvc-web\nFailure Information:\n\tStatus:\t\t\t0xC000006D\n\tSub Status:\t\t0xC000006A');
    const commands = d.next.flatMap((n) => n.commands).join('\n');
    if (commands.includes('net user')) expect(commands).toContain('svc-web');
    expect(d.causes.map((c) => c.id)).toEqual(expect.arrayContaining(['wrong-client-credentials']));
  });

  it('should be deterministic', async () => {
    const engine = await realEngine();
    const text = 'intermittent 401 behind the load balancer with Windows authentication';
    expect(JSON.stringify(engine.diagnose(text).causes)).toBe(JSON.stringify(engine.diagnose(text).causes));
  });

  it('should answer help and search commands', async () => {
    const engine = await realEngine();
    expect(engine.diagnose('help').verdict).toBe('help');
    const search = engine.diagnose('search guests deny network');
    expect(search.verdict).toBe('search');
    expect(search.search?.[0]?.id).toBe('logon-right-denied');
  });
});

describe('stepsFor', () => {
  const steps = [{ markdown: 'both', text: 'both' }, { markdown: 'old', text: 'old', era: '6' as const }, { markdown: 'new', text: 'new', era: '7+' as const }];

  it.each([
    [undefined, ['both', 'old', 'new']],
    ['6' as const, ['both', 'old']],
    ['7+' as const, ['both', 'new']],
  ])('should choose the steps for era %s', (era, expected) => {
    expect(stepsFor(steps, era)).toEqual(expected);
  });
});

describe('lockout risk', () => {
  it('should warn when one account fails with a bad password again and again', async () => {
    const lines = Array.from({ length: 4 }, (_, i) => `2024-03-01 10:00:0${i} 10.0.0.5 GET /app - 443 CONTOSO\\svc-report 10.0.0.9 UA - 401 1 1326 15`);
    const d = (await realEngine()).diagnose(lines.join('\n'));
    expect(d.causes[0]?.id).toBe('wrong-client-credentials');
    expect(d.notes.join(' ')).toMatch(/4 bad-password failures for CONTOSO\\svc-report.*locked out/);
  });

  it('should not warn for a single failure', async () => {
    const d = (await realEngine()).diagnose('2024-03-01 10:00:00 10.0.0.5 GET /app - 443 CONTOSO\\svc 10.0.0.9 UA - 401 1 1326 15');
    expect(d.notes.join(' ')).not.toMatch(/bad-password failures/);
  });
});
