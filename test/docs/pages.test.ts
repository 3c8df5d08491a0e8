import { describe, expect, it } from 'vitest';
import { AREAS, areaOf } from '../../src/docs/areas.js';
import { codeSpellings, generateSite, pagePath, shortTitle } from '../../src/docs/pages.js';
import { readArticleBody } from '../../src/kb/load.js';
import { projectRoot } from '../../src/root.js';
import { realEngine } from '../helpers/kb-engine.js';

describe('the docs areas', () => {
  it('should place every catalog cause in a named area, none in "Other"', async () => {
    const { kb } = await realEngine();
    expect(kb.articles.filter((a) => areaOf(a) === 'other').map((a) => a.id)).toEqual([]);
  });

  it.each([
    ['an unknown id with a 401.3 sub-status', { id: 'brand-new-acl-cause', substatus: ['401.3'] }, 'permissions'],
    ['an unknown id with an IP-restriction sub-status', { id: 'brand-new-ip-cause', substatus: ['401.503'] }, 'permissions'],
    ['an unknown id with a 401.1 sub-status', { id: 'brand-new-logon-cause', substatus: ['401.1'] }, 'other'],
    ['an unknown id with no sub-status', { id: 'brand-new-cause', substatus: [] }, 'other'],
  ])('should put %s in its fallback area', (_name, article, area) => {
    expect(areaOf(article)).toBe(area);
  });
});

describe('the generated docs pages', () => {
  const root = projectRoot();

  it('should have a page for every article, the catalog and the home page, and a sidebar entry for every article', async () => {
    const { kb } = await realEngine();
    const site = generateSite(kb, (a) => readArticleBody(root, a));
    expect([...site.pages.keys()].sort()).toEqual(['catalog.md', 'index.md', ...kb.articles.map(pagePath)].sort());
    const links = site.data.sidebar.flatMap((g) => g.items.map((i) => i.link));
    for (const article of kb.articles) expect(links).toContain(`/${pagePath(article).replace(/\.md$/, '')}`);
    const groups = site.data.sidebar.map((g) => g.text);
    expect(groups.filter((g) => AREAS.some((a) => a.title === g))).toEqual(groups.slice(1));
  });

  it('should list every catalog id in the catalog table', async () => {
    const { kb } = await realEngine();
    const catalog = generateSite(kb, (a) => readArticleBody(root, a)).pages.get('catalog.md') ?? '';
    for (const entry of kb.catalog) expect(catalog).toContain(`| \`${entry.id}\` |`);
  });

  it('should link related causes both ways: "Related" on one page, "Linked from" on the other', async () => {
    const { kb } = await realEngine();
    const site = generateSite(kb, (a) => readArticleBody(root, a));
    const locked = site.pages.get('causes/account-locked-out.md') ?? '';
    expect(locked).toMatch(/\| Related \|.*\(anon-password-mismatch\.md\)/);
    const mismatch = site.pages.get('causes/anon-password-mismatch.md') ?? '';
    const linkedFrom = mismatch.slice(mismatch.indexOf('## Linked from'));
    expect(linkedFrom).toContain('(account-locked-out.md)');
  });

  it('should keep the body as written, inside v-pre, after the summary and the codes', async () => {
    const { kb } = await realEngine();
    const article = kb.byId.get('account-locked-out');
    if (!article) throw new Error('account-locked-out is in the catalog');
    const page = generateSite(kb, (a) => readArticleBody(root, a)).pages.get(pagePath(article)) ?? '';
    expect(page).toMatch(/^---\ntitle: /);
    expect(page).toContain(`::: v-pre\n# ${article.title}\n\n> ${article.summary}`);
    expect(page).toContain('## Fix');
    expect(page.trimEnd().endsWith(':::')).toBe(true);
    for (const symptom of article.symptoms) expect(page).toContain(`- ${symptom}`);
  });

  it('should spell a code every way Windows writes it', () => {
    const spellings = codeSpellings({ substatus: ['401.1'], codes: { win32: [1326], ntstatus: ['0xC000006D'], hresult: ['0x8009030C'], events: [529] } }).join(' ');
    for (const spelling of ['401.1', '401 1', '1326', '0x52E', '0x8007052E', 'ERROR_LOGON_FAILURE', '0xC000006D', 'STATUS_LOGON_FAILURE', '0x8009030C', '2148074252', 'event 529']) {
      expect(spellings).toContain(spelling);
    }
  });

  it.each([
    ['Anonymous (or app) account locked out, often by stale passwords', 'Anonymous (or app) account locked out'],
    ['The client sent a wrong user name or password (typed, cached, or auto-login)', 'The client sent a wrong user name or password (typed, cached, or auto-login)'],
    ['Short, then more', 'Short, then more'],
  ])('should shorten "%s" for the sidebar', (title, short) => {
    expect(shortTitle(title)).toBe(short);
  });
});
