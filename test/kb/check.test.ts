import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkKnowledgeBase } from '../../src/kb/check.js';
import { renderIndex, withIndex } from '../../src/kb/index-page.js';
import { loadKnowledgeBase } from '../../src/kb/load.js';
import type { KbProblem } from '../../src/kb/load.js';
import { projectRoot } from '../../src/root.js';

const VALID = join(import.meta.dirname, '..', 'fixtures', 'kb', 'valid');
const made: string[] = [];

/** A copy of the valid fixture kb with one file changed. */
function brokenCopy(edit: (root: string) => void): string {
  const root = mkdtempSync(join(tmpdir(), 'iis401-kb-'));
  made.push(root);
  cpSync(VALID, root, { recursive: true });
  edit(root);
  return root;
}

function rewrite(root: string, file: string, change: (text: string) => string): void {
  const path = join(root, 'kb', file);
  writeFileSync(path, change(readFileSync(path, 'utf8')));
}

function problemsOf(root: string): KbProblem[] {
  const { kb, problems } = loadKnowledgeBase(root);
  return [...problems, ...checkKnowledgeBase(kb)];
}

afterEach(() => {
  for (const root of made.splice(0)) rmSync(root, { recursive: true, force: true });
});

describe('the knowledge base of this repository', () => {
  it('should pass every check', () => {
    expect(problemsOf(projectRoot())).toEqual([]);
  });

  it('should have exactly one cause article for every catalog id', () => {
    const { kb } = loadKnowledgeBase(projectRoot());
    const causes = kb.articles.filter((a) => a.kind === 'cause').map((a) => a.id).sort();
    expect(causes).toEqual(kb.catalog.map((c) => c.id).sort());
    expect(kb.catalog.length).toBeGreaterThanOrEqual(37);
  });

  it('should hold the how-to guides the causes link to', () => {
    const { kb } = loadKnowledgeBase(projectRoot());
    const guides = kb.articles.filter((a) => a.kind === 'guide').map((a) => a.id);
    expect(guides).toEqual(expect.arrayContaining(['401-overview', 'find-substatus-and-win32-code', 'audit-logon-failures', 'anonymous-identity-and-password', 'request-identity-and-reach', 'iis-on-a-domain-controller']));
  });

  it('should keep the index in kb/README.md current', () => {
    const { kb } = loadKnowledgeBase(projectRoot());
    expect(withIndex(kb.readme, kb.articles)).toBe(kb.readme);
  });

  it('should name a seed document in the sources of the articles that draw on the seeds', () => {
    const { kb } = loadKnowledgeBase(projectRoot());
    const cited = new Set(kb.articles.flatMap((a) => a.sources.map((s) => /seed (\d{3})/.exec(s)?.[1]).filter(Boolean)));
    expect([...cited].sort()).toEqual(['000', '001', '002', '003', '004']);
  });

  it('should give every cause fix steps, and label era-specific steps for both eras somewhere', () => {
    const { kb } = loadKnowledgeBase(projectRoot());
    for (const article of kb.articles) expect(article.steps.length, article.id).toBeGreaterThan(0);
    const eras = new Set(kb.articles.flatMap((a) => a.steps.map((s) => s.era)));
    expect(eras).toEqual(new Set(['6', '7+', undefined]));
  });
});

describe('checkKnowledgeBase on broken fixtures', () => {
  it('should pass the valid fixture', () => {
    expect(problemsOf(VALID)).toEqual([]);
  });

  it.each<[string, (root: string) => void, Partial<KbProblem>]>([
    ['a schema error', (r) => rewrite(r, 'causes/alpha-cause.md', (t) => t.replace('title: Alpha cause of a 401.1\n', '')), { file: 'kb/causes/alpha-cause.md', field: 'title' }],
    ['a YAML syntax error', (r) => rewrite(r, 'causes/alpha-cause.md', (t) => t.replace('iis: ["6.0", "7.0+"]', 'iis: ["6.0", "7.0+"')), { file: 'kb/causes/alpha-cause.md', field: 'front matter' }],
    ['a catalog id without article', (r) => rewrite(r, 'catalog.yml', (t) => `${t}  - id: gamma-cause\n    title: Gamma\n`), { file: 'kb/catalog.yml', field: 'gamma-cause' }],
    ['a cause missing from the catalog', (r) => rewrite(r, 'catalog.yml', (t) => t.replace(/  - id: beta-cause[\s\S]*$/, '')), { file: 'kb/causes/beta-cause.md', field: 'id' }],
    ['a duplicate id', (r) => rewrite(r, 'guides/a-guide.md', (t) => t.replace('id: a-guide', 'id: alpha-cause')), { file: 'kb/guides/a-guide.md', field: 'id' }],
    ['a broken relative link', (r) => rewrite(r, 'causes/alpha-cause.md', (t) => t.replace('../guides/a-guide.md', '../guides/missing.md')), { file: 'kb/causes/alpha-cause.md', field: 'link' }],
    ['a missing section', (r) => rewrite(r, 'causes/alpha-cause.md', (t) => t.replace('## Check that it worked', '## Afterwards')), { file: 'kb/causes/alpha-cause.md', field: 'section "Check that it worked"' }],
    ['fix steps that are not one ordered list', (r) => rewrite(r, 'causes/alpha-cause.md', (t) => t.replace(/^\d\. /gm, '- ')), { file: 'kb/causes/alpha-cause.md', field: 'section "Fix"' }],
    ['an unknown related id', (r) => rewrite(r, 'causes/alpha-cause.md', (t) => t.replace('related: [beta-cause, a-guide]', 'related: [beta-cause, nowhere]')), { field: 'related' }],
    ['a rule on an unknown field', (r) => rewrite(r, 'rules/alpha-cause.yml', (t) => t.replace('when: {code: "win32:1326"}', 'when: {colour: "red"}')), { file: 'kb/rules/alpha-cause.yml', field: 'rules[0].when.colour' }],
    ['a rule naming an undefined tag', (r) => rewrite(r, 'rules/alpha-cause.yml', (t) => t.replace('when: {code: "win32:1326"}', 'when: {tag: no-such-tag}')), { file: 'kb/rules/alpha-cause.yml', field: 'rules[0].when.tag' }],
    ['a rule id of another cause', (r) => rewrite(r, 'rules/alpha-cause.yml', (t) => t.replace('id: alpha-cause/code', 'id: beta-cause/code')), { file: 'kb/rules/alpha-cause.yml', field: 'rules[0].id' }],
    ['a cause without rules', (r) => rewrite(r, 'rules/beta-cause.yml', (t) => t.replace(/rules:[\s\S]*$/, 'rules: []\n')), { file: 'kb/causes/beta-cause.md', field: 'rules' }],
    ['a rules file that does not validate', (r) => rewrite(r, 'rules/alpha-cause.yml', (t) => t.replace('weight: 8', 'weight: 80')), { file: 'kb/rules/alpha-cause.yml', field: 'rules.0.weight' }],
    ['a rules file without its article', (r) => writeFileSync(join(r, 'kb', 'rules', 'gamma-cause.yml'), 'id: gamma-cause\nrules: []\n'), { file: 'kb/rules/gamma-cause.yml', field: 'id' }],
    ['a rules file under another id', (r) => rewrite(r, 'rules/alpha-cause.yml', (t) => t.replace('id: alpha-cause\n', 'id: alpha-other\n')), { file: 'kb/rules/alpha-cause.yml', field: 'id' }],
    ['a cause article that still carries rules', (r) => rewrite(r, 'causes/alpha-cause.md', (t) => t.replace('sources: ["test fixture"]', 'sources: ["test fixture"]\nprior: 0.3')), { file: 'kb/causes/alpha-cause.md', field: 'prior' }],
    ['front matter over 25 lines', (r) => rewrite(r, 'causes/alpha-cause.md', (t) => t.replace('sources: ["test fixture"]', `sources:\n${'  - "test fixture"\n'.repeat(20)}`.trimEnd())), { file: 'kb/causes/alpha-cause.md', field: 'front matter' }],
    ['raw HTML in the prose of an article', (r) => rewrite(r, 'causes/alpha-cause.md', (t) => t.replace('Because.', 'The name is HTTP/<host> here.')), { file: 'kb/causes/alpha-cause.md', field: 'markdown' }],
    ['a code block without a language', (r) => rewrite(r, 'causes/alpha-cause.md', (t) => t.replace('```cmd', '```')), { file: 'kb/causes/alpha-cause.md', field: 'markdown' }],
    ['raw HTML in kb/README.md', (r) => rewrite(r, 'README.md', (t) => t.replace('<!-- index:start -->', 'See <authorization> below.\n\n<!-- index:start -->')), { file: 'kb/README.md', field: 'markdown' }],
    ['an article the index does not list', (r) => rewrite(r, 'README.md', (t) => t.replace(/- \[A guide for the tests\].*\n/, '')), { file: 'kb/README.md', field: 'index' }],
  ])('should report %s, naming file and field', (_name, edit, expected) => {
    const problems = problemsOf(brokenCopy(edit));
    expect(problems).toEqual(expect.arrayContaining([expect.objectContaining(expected)]));
  });

  // The kb audit's dangerous and wrong steps (D1, D3, D4, W2-W6): each must be caught if it comes back.
  it.each<[string, string]>([
    ['icacls /reset /T over a tree without /save (D1)', 'icacls "C:\\inetpub\\sites\\shop\\*" /reset /T /C'],
    ['net stop http /y (D3)', 'net stop http /y'],
    ['netsh http delete sslcert without a saved binding (D4)', 'netsh http delete sslcert ipport=0.0.0.0:443'],
    ['runas as the logon-right test (W2)', 'runas /user:CONTOSO\\svc-web cmd'],
    ['curl --http2 without curl -V (W3)', 'curl -v --http2 --negotiate -u : https://api.contoso.com/'],
    ['the "full (or CrashOnAuditFail" reading (W4)', 'If the log is full (or `CrashOnAuditFail` is set), logons stop.'],
    ['an SPN moved to the pool account without useAppPoolCredentials (W5)', 'setspn -S HTTP/intranet.contoso.com CONTOSO\\svc-intranet'],
    ['the Delegation/Impersonation level reading (W1)', '`Delegation` means a token that may go one more hop, `Impersonation` one that may not.'],
    ['the SPN from the URL host name (W6)', 'the browser asks for a service ticket for `HTTP/<the host name in the URL>`.'],
    ['Guests taken out of the Deny right (D5)', 'Open **Deny access to this computer from the network** and remove the account, or Guests.'],
    ['Guests taken out of the Deny right, IIS 6 wording (D5)', 'take it (or Guests) out of **Deny access to this computer from the network**.'],
    ['a password reset without an inventory of its consumers (D2)', 'Windows will not reveal the password, so `Set-ADAccountPassword svc-web -Reset`.'],
    ['encryption types restricted with no password reset before (D6)', "`Set-ADUser svc-portal -Replace @{'msDS-SupportedEncryptionTypes'=24}`"],
  ])('should report a fix step with %s, naming file and step', (_name, step) => {
    const root = brokenCopy((r) => rewrite(r, 'causes/alpha-cause.md', (t) => t.replace('3. Check both.', `3. Check both.\n\n   ${step}`)));
    expect(problemsOf(root)).toEqual(expect.arrayContaining([expect.objectContaining({ file: 'kb/causes/alpha-cause.md', field: 'Fix step 3' })]));
  });

  it.each<[string, string]>([
    ['the "full (or CrashOnAuditFail" title (W4)', 'Because the log is full (or CrashOnAuditFail is set).'],
    ['the SPN from the URL host name (W6)', 'The browser asks for a service ticket for `HTTP/<the host name in the URL>`.'],
  ])('should report %s outside the steps too', (_name, sentence) => {
    const root = brokenCopy((r) => rewrite(r, 'causes/alpha-cause.md', (t) => t.replace('Because.', sentence)));
    expect(problemsOf(root)).toEqual(expect.arrayContaining([expect.objectContaining({ file: 'kb/causes/alpha-cause.md', field: 'body' })]));
  });

  it('should accept encryption types restricted after the password reset (D6)', () => {
    const root = brokenCopy((r) => rewrite(r, 'causes/alpha-cause.md', (t) => t
      .replace('2. **IIS 6:** Do the old thing.', '2. **IIS 6:** Do the old thing: Reset Password for every consumer in one change.')
      .replace('3. Check both.', "3. Check both.\n\n   `Set-ADUser svc-portal -Replace @{'msDS-SupportedEncryptionTypes'=24}`")));
    expect(problemsOf(root).filter((p) => p.message.includes('(D6)'))).toEqual([]);
  });

  it('should accept the safe forms of the same steps', () => {
    const safe = [
      'icacls "C:\\inetpub\\sites\\shop" /save "%TEMP%\\shop.txt" /T /C',
      'icacls "C:\\inetpub\\sites\\shop\\images" /reset /T /C',
      'netsh http show sslcert > %TEMP%\\before.txt',
      'netsh http delete sslcert ipport=0.0.0.0:443',
      'curl -V',
      'curl -v --http2 https://api.contoso.com/',
      '',
      '**Affects:** the shop site. **Backup:** the /save and show lines. **Undo:** icacls /restore.',
    ].join('\n   ');
    const root = brokenCopy((r) => rewrite(r, 'causes/alpha-cause.md', (t) => t.replace('3. Check both.', `3. Check both.\n\n   ${safe}`)));
    expect(problemsOf(root).filter((p) => p.field?.startsWith('Fix step'))).toEqual([]);
  });

  describe('the safety convention for steps that change a server', () => {
    const LABELS = '**Affects:** every site on the server. **Backup:** `appcmd add backup before-x`. **Undo:** `appcmd restore backup before-x`.';
    const withStep = (step: string, where = '3. Check both.'): string =>
      brokenCopy((r) => rewrite(r, 'causes/alpha-cause.md', (t) => t.replace('3. Check both.', `${where}\n\n   ${step}`)));
    const messagesOf = (root: string, field: string): string[] => problemsOf(root).filter((p) => p.field === field).map((p) => `${p.file}: ${p.message}`);

    it('should pass a state-changing step that carries its Affects, Backup and Undo lines', () => {
      expect(messagesOf(withStep(`\`appcmd set config "Shop" -section:x /a:b\`\n\n   ${LABELS}`), 'Fix step 3')).toEqual([]);
    });

    it.each<[string, string, string]>([
      ['appcmd set', 'appcmd.exe set config "Shop" -section:anonymousAuthentication /enabled:false', 'no "Affects:", "Backup:", "Undo:" line'],
      ['icacls /grant', 'icacls D:\\web /grant "IUSR:(OI)(CI)RX"', 'icacls /grant'],
      ['setspn -S', 'setspn -S HTTP/web WEB01', 'setspn'],
      ['netsh http add', 'netsh http add sslcert ipport=0.0.0.0:443 certhash=ab appid={x}', 'netsh http'],
      ['Set-ADAccountPassword', 'Set-ADAccountPassword svc-web -Reset', 'Set-ADAccountPassword'],
      ['net user with a password', 'net user svc-web *', 'net user'],
      ['reg add', 'reg add HKLM\\SYSTEM\\x /v y /t REG_DWORD /d 1 /f', 'reg add'],
      ['Set-ItemProperty on HKLM', "Set-ItemProperty -Path 'HKLM:\\SYSTEM\\x' -Name y -Value 1", 'HKLM'],
      ['adsutil SET', 'cscript adsutil.vbs SET W3SVC/AnonymousUserPass "x"', 'adsutil'],
      ['Remove-WebConfigurationProperty', 'Remove-WebConfigurationProperty -Filter x -Name y', 'Remove-WebConfigurationProperty'],
    ])('should fail %s without its lines, naming file and step', (_name, command, named) => {
      const messages = messagesOf(withStep(`\`${command}\``), 'Fix step 3').filter((m) => m.includes('changes state'));
      expect(messages).toEqual([expect.stringContaining('kb/causes/alpha-cause.md: changes state')]);
      expect(messages[0]).toContain(named);
    });

    it('should name the one label a step lacks', () => {
      const step = '`appcmd set config "Shop" -section:x /a:b` **Affects:** the shop. **Backup:** `appcmd add backup b`.';
      expect(messagesOf(withStep(step), 'Fix step 3')).toEqual([expect.stringContaining('no "Undo:" line')]);
    });

    it('should want a maintenance window for a restart', () => {
      expect(messagesOf(withStep(`\`iisreset\`\n\n   ${LABELS}`), 'Fix step 3')).toEqual([expect.stringContaining('maintenance window')]);
      expect(messagesOf(withStep(`\`iisreset\` in a maintenance window (a pool recycle is lighter).\n\n   ${LABELS}`), 'Fix step 3')).toEqual([]);
    });

    it('should want a read-only check first', () => {
      const root = brokenCopy((r) => rewrite(r, 'causes/alpha-cause.md', (t) => t.replace('appcmd list site', 'appcmd set site "Shop" /serverAutoStart:false')));
      expect(messagesOf(root, 'Fix step 1')).toEqual(expect.arrayContaining([expect.stringContaining('start with a read-only check')]));
    });

    it('should put an option that lowers a control after the ones that keep it, and say so', () => {
      const lowering = 'reg add HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa /v DisableLoopbackCheck /t REG_DWORD /d 1 /f';
      const keeping = `\`appcmd set config "Shop" -section:x /a:b\`\n\n   ${LABELS}`;
      const root = brokenCopy((r) => rewrite(r, 'causes/alpha-cause.md', (t) => t.replace('2. **IIS 6:** Do the old thing.', `2. **IIS 6:** Do the old thing.\n\n   \`${lowering}\`\n\n   ${LABELS}`).replace('3. Check both.', `3. Check both.\n\n   ${keeping}`)));
      const messages = messagesOf(root, 'Fix step 2');
      expect(messages).toEqual(expect.arrayContaining([expect.stringContaining('without a "Security:" line'), expect.stringContaining('before the options that keep it')]));
    });

    it('should check the steps of guides too', () => {
      const root = brokenCopy((r) => rewrite(r, 'guides/a-guide.md', (t) => t.replace('2. Second.', '2. Second: `net stop w3svc`.')));
      expect(problemsOf(root)).toEqual(expect.arrayContaining([expect.objectContaining({ file: 'kb/guides/a-guide.md', field: 'Steps step 2' })]));
    });
  });

  it('should report every problem in one run', () => {
    const root = brokenCopy((r) => {
      rewrite(r, 'causes/alpha-cause.md', (t) => t.replace('../guides/a-guide.md', '../guides/missing.md').replace('## Check that it worked', '## Afterwards'));
      rewrite(r, 'catalog.yml', (t) => `${t}  - id: gamma-cause\n    title: Gamma\n`);
    });
    const fields = problemsOf(root).map((p) => p.field);
    expect(fields).toEqual(expect.arrayContaining(['link', 'section "Check that it worked"', 'gamma-cause']));
  });
});

describe('the generated index', () => {
  it('should escape Markdown and HTML in titles, so a raw tag is shown and not swallowed', async () => {
    const { unified } = await import('unified');
    const { default: remarkParse } = await import('remark-parse');
    const { toString } = await import('mdast-util-to-string');
    const { kb } = loadKnowledgeBase(VALID);
    const title = 'IIS 7+ <authorization> and <deny users="?"> with *stars*, [brackets], IUSR_<server> & a|pipe';
    const article = { ...kb.articles[0]!, title };
    type Node = { type: string; children?: Node[] };
    const tree = unified().use(remarkParse).parse(renderIndex([article])) as Node;
    const links: Node[] = [];
    const find = (node: Node): void => {
      if (node.type === 'link') links.push(node);
      for (const child of node.children ?? []) find(child);
    };
    find(tree);
    expect(links.map((link) => toString(link))).toEqual([title]);
    expect(links[0]?.children?.map((c) => c.type)).toEqual(['text']);
  });
});

describe('checkStepSafety on hostile text', () => {
  it('should get through long runs of near-matches on one line (no pattern scans back and forth)', async () => {
    const { checkStepSafety } = await import('../../src/kb/safety.js');
    const runs = ['icacls /x ', 'net user a ', 'setspn -Q ', '**Affects ', 'curl --http ', 'appcmd list '].map((part) => part.repeat(40_000));
    const steps = [{ markdown: 'read only', text: 'read only' }, ...runs.map((markdown) => ({ markdown, text: markdown }))];
    const problems = checkStepSafety(steps);
    expect(problems.every((p) => p.step >= 2)).toBe(true);
  });
});
