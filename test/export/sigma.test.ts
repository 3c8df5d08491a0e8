import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { Article } from '../../src/kb/load.js';
import type { Rule } from '../../src/kb/schema.js';
import { exportSigma, levelOf, SIGMA_RULE_DATE } from '../../src/export/sigma.js';
import type { ExportedRule } from '../../src/export/sigma.js';
import { ruleYaml, indexMarkdown } from '../../src/export/render.js';
import { uuidV5 } from '../../src/export/uuid.js';
import { matchesDetection } from './evaluate.js';
import { parse, siemRecords } from './records.js';

// The mapping of each kind of kb condition to Sigma, on made-up rules in a made-up article.

function article(rules: Array<Partial<Rule> & Pick<Rule, 'id' | 'when'>>, id = 'test-cause'): Article {
  return {
    id,
    kind: 'cause',
    title: 'A test cause for the Sigma export',
    summary: 'Only for the tests: a cause whose rules exercise one condition kind each.',
    substatus: ['401.1'],
    iis: ['7.0+'],
    symptoms: [],
    codes: { win32: [], ntstatus: [], hresult: [], events: [] },
    related: [],
    sources: ['test'],
    samples: [],
    prior: 0.1,
    rules: rules.map((r) => ({ weight: 8, why: 'because the test says so', samples: [], not_samples: [], ...r })),
    sections: [],
    steps: [],
    sectionText: {},
    headings: [],
    links: [],
    text: '',
    path: `kb/causes/${id}.md`,
    frontMatterLines: 10,
    engineKeysInFrontMatter: [],
  };
}

function exportOne(when: Rule['when'], extra: Partial<Rule> = {}): ReturnType<typeof exportSigma> {
  return exportSigma([article([{ id: 'test-cause/rule', when, ...extra }])]);
}

function only(when: Rule['when'], source: ExportedRule['source']): ExportedRule {
  const found = exportOne(when).rules.find((r) => r.source === source);
  if (!found) throw new Error(`no ${source} rule for ${JSON.stringify(when)}`);
  return found;
}

const W3C = (user: string, triplet: string): string => `2024-03-01 10:00:00 10.0.0.5 GET /app/ - 80 ${user} 10.0.0.9 Mozilla/5.0 - ${triplet} 15`;

/** Whether the Sigma rule fires on some log line or event of a paste. */
function firesOn(rule: ExportedRule, text: string): boolean {
  const records = siemRecords(parse(text));
  if (records.length === 0) throw new Error(`no record in ${text}`);
  return records.some((record) => matchesDetection(rule.sigma.detection, record.fields));
}

describe('codes', () => {
  it('should write a Win32 code and its twins as the values of sc-win32-status, unsigned and signed', () => {
    const rule = only({ code: 'win32:1909' }, 'iis-log');
    expect(rule.sigma.detection).toEqual({
      selection_code: { 'sc-win32-status': [1909, 2147944309, -2147022987, 3221226036, -1073741260] },
      condition: 'selection_code',
    });
    expect(firesOn(rule, W3C('-', '401 1 1909'))).toBe(true);
    expect(firesOn(rule, W3C('-', '401 1 -1073741260'))).toBe(true);
    expect(firesOn(rule, W3C('-', '401 1 1326'))).toBe(false);
  });

  it('should write the same code as the NTSTATUS of a 4625 and as its legacy event id in the Security log', () => {
    const rule = only({ code: 'win32:1909' }, 'windows-security');
    expect(rule.sigma.logsource).toEqual({ product: 'windows', service: 'security' });
    expect(rule.sigma.detection.selection_code).toEqual([
      { Status: ['0x80070775', '0xC0000234'] },
      { SubStatus: ['0x80070775', '0xC0000234'] },
      { EventID: 539 },
    ]);
    expect(firesOn(rule, 'An account failed to log on.\nEvent ID: 4625\nAccount Name: jdoe\nStatus: 0xC000006E\nSub Status: 0xc0000234')).toBe(true);
    expect(firesOn(rule, 'Event ID: 539\nUser Name: IUSR_WEB01')).toBe(true);
    expect(firesOn(rule, 'An account failed to log on.\nEvent ID: 4625\nAccount Name: jdoe\nStatus: 0xC000006D\nSub Status: 0xC000006A')).toBe(false);
  });

  it('should write a 401 sub-status as sc-status and sc-substatus, and only for the IIS log', () => {
    const result = exportOne({ code: { any: ['substatus:401.3', 'substatus:401.5'] } });
    expect(result.rules.map((r) => r.source)).toEqual(['iis-log']);
    expect(result.rules[0]?.sigma.detection.selection_code).toEqual({ 'sc-status': 401, 'sc-substatus': [3, 5] });
  });

  it('should write a Kerberos failure code as the Status of the Kerberos events', () => {
    const rule = only({ code: 'kerberos:0x18' }, 'windows-security');
    expect(rule.sigma.detection.selection_code).toEqual({ EventID: [4768, 4769, 4771, 675, 676], Status: '0x18' });
    expect(firesOn(rule, 'Event ID: 4771\nAccount Name: jdoe\nFailure Code: 0x18')).toBe(true);
    expect(exportOne({ code: 'kerberos:0x18' }).rules).toHaveLength(1);
  });

  it('should put System event 4 from the Kerberos client and the NTLM events in their own logs', () => {
    const system = only({ code: 'event:4' }, 'windows-system');
    expect(system.sigma.logsource).toEqual({ product: 'windows', service: 'system' });
    expect(system.sigma.detection.selection_code).toEqual({ Provider_Name: ['Microsoft-Windows-Security-Kerberos', 'Kerberos'], EventID: 4 });
    const ntlm = only({ code: { any: ['event:4001', 'event:8004'] } }, 'windows-ntlm');
    expect(ntlm.sigma.logsource).toEqual({ product: 'windows', service: 'ntlm' });
    expect(ntlm.sigma.detection.selection_code).toEqual({ EventID: [4001, 8004] });
  });

  it('should turn none into a filter, and drop it in a log that never carries those codes', () => {
    const rule = only({ 'sc-status': 401, code: { none: ['win32:1909'] } }, 'iis-log');
    expect(rule.sigma.detection.condition).toBe('selection_sc_status and not filter_code');
    expect(firesOn(rule, W3C('-', '401 1 1326'))).toBe(true);
    expect(firesOn(rule, W3C('-', '401 1 1909'))).toBe(false);
  });

  it('should AND the codes of all when other record fields bind them to one line', () => {
    const rule = only({ 'sc-status': 401, code: { all: ['substatus:401.2', 'hresult:0x8009030E'] } }, 'iis-log');
    expect(rule.sigma.detection.condition).toBe('selection_sc_status and selection_code and selection_code_2');
    expect(firesOn(rule, W3C('-', '401 2 2148074254'))).toBe(true);
    expect(firesOn(rule, W3C('-', '401 2 5'))).toBe(false);
  });
});

describe('record fields', () => {
  it('should write bare numbers and any-lists of numbers as equality', () => {
    const rule = only({ 'sc-status': 401, 'sc-substatus': { any: [1, 2] } }, 'iis-log');
    expect(rule.sigma.detection).toMatchObject({ selection_sc_status: { 'sc-status': 401 }, selection_sc_substatus: { 'sc-substatus': [1, 2] } });
  });

  it('should write min and max as gte and lte', () => {
    const rule = only({ 'sc-substatus': { min: 501, max: 504 } }, 'iis-log');
    expect(rule.sigma.detection).toEqual({
      selection_sc_substatus: { 'sc-substatus|gte': 501 },
      selection_sc_substatus_2: { 'sc-substatus|lte': 504 },
      condition: 'selection_sc_substatus and selection_sc_substatus_2',
    });
    expect(firesOn(rule, W3C('-', '401 503 0'))).toBe(true);
    expect(firesOn(rule, W3C('-', '401 2 5'))).toBe(false);
  });

  it('should write a large sc-win32-status also in the signed form some IIS 7.5 logs use', () => {
    const rule = only({ 'sc-win32-status': 3221225581 }, 'iis-log');
    expect(rule.sigma.detection.selection_sc_win32_status).toEqual({ 'sc-win32-status': [3221225581, -1073741715] });
    expect(firesOn(rule, W3C('-', '401 1 -1073741715'))).toBe(true);
  });

  it('should write any / all / none on text fields as contains, escaping Sigma wildcards', () => {
    const rule = only({ IpAddress: { any: ['127.0.0.1', '::1'] }, TargetUserName: { all: ['a*b'] }, ProcessName: { none: ['C:\\tools\\'] } }, 'windows-security');
    expect(rule.sigma.detection).toMatchObject({
      selection_ipaddress: { 'IpAddress|contains': ['127.0.0.1', '::1'] },
      selection_targetusername: { 'TargetUserName|contains|all': ['a\\*b'] },
      filter_processname: { 'ProcessName|contains': 'C:\\\\tools\\\\' },
    });
    expect(firesOn(rule, 'Event ID: 4625\nAccount Name: xa*by\nSource Network Address: ::1\nCaller Process Name: C:\\Windows\\System32\\inetsrv\\w3wp.exe')).toBe(true);
    expect(firesOn(rule, 'Event ID: 4625\nAccount Name: xaZby\nSource Network Address: ::1')).toBe(false);
    expect(firesOn(rule, 'Event ID: 4625\nAccount Name: xa*by\nSource Network Address: ::1\nCaller Process Name: C:\\tools\\x.exe')).toBe(false);
  });

  it('should write present and absent as the empty field a log writes (- or nothing)', () => {
    const absent = only({ 'sc-status': 401, 'cs-username': { absent: true } }, 'iis-log');
    expect(absent.sigma.detection.selection_cs_username).toEqual([{ 'cs-username': null }, { 'cs-username': '-' }]);
    expect(firesOn(absent, W3C('-', '401 1 1326'))).toBe(true);
    expect(firesOn(absent, W3C('CONTOSO\\jdoe', '401 1 1326'))).toBe(false);
    const present = only({ 'sc-status': 401, 'cs-username': { present: true, none: ['\\'] } }, 'iis-log');
    expect(present.sigma.detection.condition).toBe('selection_sc_status and not filter_cs_username and not filter_cs_username_2');
    expect(firesOn(present, W3C('jdoe', '401 1 1326'))).toBe(true);
    expect(firesOn(present, W3C('CONTOSO\\jdoe', '401 1 1326'))).toBe(false);
    expect(firesOn(present, W3C('-', '401 1 1326'))).toBe(false);
  });

  it('should keep only the event ids of each log', () => {
    const result = exportOne({ EventID: { any: [4625, 4] } });
    expect(result.rules.map((r) => [r.source, r.sigma.detection.selection_eventid])).toEqual([
      ['windows-security', { EventID: 4625 }],
      ['windows-system', { EventID: 4 }],
    ]);
  });

  it('should read a record condition as the log it names, and refuse an error page', () => {
    expect(exportOne({ record: 'iis-log', 'sc-status': 401 }).rules.map((r) => r.source)).toEqual(['iis-log']);
    const refused = exportOne({ record: 'error-page', 'sc-status': 401 });
    expect(refused.rules).toEqual([]);
    expect(refused.notExported[0]?.reason).toMatch(/error-page/);
  });
});

describe('anonymous', () => {
  it('should read anonymous in the IIS log as an empty cs-username', () => {
    const anonymous = only({ 'sc-win32-status': 1326, anonymous: true }, 'iis-log');
    expect(firesOn(anonymous, W3C('-', '401 1 1326'))).toBe(true);
    expect(firesOn(anonymous, W3C('jdoe', '401 1 1326'))).toBe(false);
    const user = only({ 'sc-win32-status': 1326, anonymous: false }, 'iis-log');
    expect(firesOn(user, W3C('jdoe', '401 1 1326'))).toBe(true);
    expect(firesOn(user, W3C('-', '401 1 1326'))).toBe(false);
  });

  it('should read anonymous in the Security log as the IUSR accounts, and a user as any other named account', () => {
    const anonymous = only({ EventID: 4625, anonymous: true }, 'windows-security');
    expect(firesOn(anonymous, 'Event ID: 4625\nAccount Name: IUSR_WEB01')).toBe(true);
    expect(firesOn(anonymous, 'Event ID: 4625\nAccount Name: jdoe')).toBe(false);
    const user = only({ EventID: 4625, anonymous: false }, 'windows-security');
    expect(firesOn(user, 'Event ID: 4625\nAccount Name: jdoe\nLogon Type: 3')).toBe(true);
    expect(firesOn(user, 'Event ID: 4625\nAccount Name: IUSR')).toBe(false);
    // IIS logging on with a stored password (type 8 from w3wp) may be either: the matcher does not decide.
    expect(firesOn(user, 'Event ID: 4625\nAccount Name: svc-web\nLogon Type: 8\nCaller Process Name: C:\\Windows\\System32\\inetsrv\\w3wp.exe')).toBe(false);
  });
});

describe('what Sigma cannot express', () => {
  it.each<[string, Rule['when'], RegExp]>([
    ['phrase tags', { tag: 'guests-group', code: 'substatus:401.1' }, /^tag: phrase tags/],
    ['words of the paste', { text: { any: ['loopback'] } }, /^text: /],
    ['the order of requests', { sequence: 'challenge-complete' }, /^sequence: .*one event at a time/],
    ['the IIS version', { 'sc-status': 401, iis: '6' }, /^iis: /],
    ['error page fields', { Module: { any: ['UrlAuthorization'] } }, /^Module: .*error page/],
    ['codes that two lines may hold together', { code: { all: ['substatus:401.2', 'hresult:0x8009030E'] } }, /different lines/],
    ['fields of two logs at once', { 'sc-status': 401, EventID: 4625 }, /never meet in one log event/],
  ])('should list a rule on %s with the reason', (_name, when, reason) => {
    const result = exportOne(when);
    expect(result.rules).toEqual([]);
    expect(result.notExported).toEqual([{ kbRule: 'test-cause/rule', cause: 'test-cause', reason: expect.stringMatching(reason) }]);
  });
});

describe('rule metadata', () => {
  it('should derive a stable version 5 UUID from the kb rule id and the log', () => {
    // RFC 4122 appendix B style vector: uuid5(DNS namespace, "www.example.com").
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
    const first = exportOne({ code: 'win32:1909' }).rules;
    const again = exportOne({ code: 'win32:1909' }, { weight: 3, why: 'another reason' }).rules;
    expect(first.map((r) => r.sigma.id)).toEqual(again.map((r) => r.sigma.id));
    expect(new Set(first.map((r) => r.sigma.id)).size).toBe(first.length);
    for (const r of first) expect(r.sigma.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('should carry the cause, the why, the article, a fixed date and the cause tag', () => {
    const rule = only({ code: 'win32:1909' }, 'iis-log');
    expect(rule.sigma).toMatchObject({
      status: 'experimental',
      date: SIGMA_RULE_DATE,
      references: ['kb/causes/test-cause.md'],
      tags: ['iis401.test-cause'],
      logsource: { category: 'webserver' },
      level: 'medium',
    });
    expect(rule.sigma.description).toContain('A test cause for the Sigma export');
    expect(rule.sigma.description).toContain('because the test says so');
    expect(rule.sigma.description).toContain('iis401 diagnose');
    expect(rule.sigma.fields).toEqual(expect.arrayContaining(['cs-uri-stem', 'c-ip', 'cs-username', 'sc-win32-status']));
    expect(rule.file).toBe('iis-log/test-cause.rule.yml');
  });

  it('should link the article under KB_BASE_URL when one is given', () => {
    const [rule] = exportSigma([article([{ id: 'test-cause/rule', when: { code: 'win32:1909' } }])], { kbBaseUrl: 'https://git.example.com/org/iis401/blob/main/' }).rules;
    expect(rule?.sigma.references).toEqual(['https://git.example.com/org/iis401/blob/main/kb/causes/test-cause.md']);
  });

  it.each([
    [10, 'high'],
    [9, 'high'],
    [8, 'medium'],
    [7, 'medium'],
    [5, 'low'],
    [3.5, 'informational'],
  ])('should map weight %s to level %s', (weight, level) => {
    expect(levelOf(weight, 'test-cause')).toBe(level);
  });

  it('should keep the normal handshake informational whatever its weight', () => {
    expect(levelOf(10, 'auth-handshake-normal')).toBe('informational');
  });

  it('should warn about the normal challenge legs, and keep the rule informational, only where it fires on them', () => {
    const legs = only({ code: 'substatus:401.2' }, 'iis-log');
    expect(legs.sigma.falsepositives.join(' ')).toMatch(/challenge legs \(401 2 5/);
    expect(legs.sigma.level).toBe('informational');
    const lockout = only({ code: 'win32:1909' }, 'iis-log');
    expect(lockout.sigma.falsepositives.join(' ')).not.toMatch(/challenge legs/);
  });
});

describe('the files', () => {
  it('should write YAML that PyYAML reads back as the same rule, with 1.1 lookalikes quoted', () => {
    const rule = only({ code: 'kerberos:0x18', TargetUserName: 'yes' }, 'windows-security');
    const text = ruleYaml(rule);
    expect(text.startsWith('# Generated by iis401 export sigma from kb/causes/test-cause.md')).toBe(true);
    expect(text).toContain('Status: "0x18"');
    expect(text).toContain('TargetUserName: "yes"');
    expect(parseYaml(text, { version: '1.1' })).toEqual(JSON.parse(JSON.stringify(rule.sigma)));
  });

  it('should list every exported and every refused rule in the index', () => {
    const result = exportSigma([article([
      { id: 'test-cause/code', when: { code: 'win32:1909' } },
      { id: 'test-cause/words', when: { tag: 'guests-group' } },
    ])]);
    const index = indexMarkdown(result);
    for (const r of result.rules) expect(index).toContain(`[${r.file}](${r.file})`);
    expect(index).toMatch(/\| test-cause\/words \| tag: phrase tags/);
  });
});
