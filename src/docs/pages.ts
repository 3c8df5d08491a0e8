import { HRESULT, NTSTATUS, WIN32 } from '../codes/tables.js';
import type { Article, KnowledgeBase } from '../kb/load.js';
import { AREAS, areaOf, areaTitle } from './areas.js';
import type { AreaId } from './areas.js';

// The kb as VitePress pages. Everything comes from the loaded kb (its zod-typed articles and the catalog),
// so the site follows the loader wherever the data lives; only the Markdown body is taken as written.
// The pages are generated at build time into a temporary folder and never committed.

export interface SidebarItem {
  readonly text: string;
  readonly link: string;
}

export interface SidebarGroup {
  readonly text: string;
  readonly collapsed: boolean;
  readonly items: readonly SidebarItem[];
}

export interface SiteData {
  readonly kbVersion: string;
  readonly causes: number;
  readonly guides: number;
  readonly sidebar: readonly SidebarGroup[];
}

export interface GeneratedSite {
  /** Page path inside the pages folder (`causes/account-locked-out.md`) -> Markdown. */
  readonly pages: ReadonlyMap<string, string>;
  readonly data: SiteData;
}

/** The site path of an article: `kb/causes/x.md` -> `causes/x.md`. */
export function pagePath(article: Pick<Article, 'path'>): string {
  return article.path.replace(/^kb\//, '');
}

/** The site URL of an article, without extension (VitePress resolves both `.html` and clean URLs). */
export function pageLink(article: Pick<Article, 'path'>): string {
  return `/${pagePath(article).replace(/\.md$/, '')}`;
}

/** A relative Markdown link from one page to another, as kb bodies write them. */
function relativeLink(from: Article, to: Article): string {
  const [fromDir] = pagePath(from).split('/');
  const [toDir, toFile] = pagePath(to).split('/');
  return fromDir === toDir ? (toFile ?? '') : `../${pagePath(to)}`;
}

/** Text safe inside a Markdown table cell or link text. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\[/g, '\\[').replace(/\]/g, '\\]').replace(/\n/g, ' ');
}

/** A short sidebar label: the title up to its first clause break, when that still says enough. */
export function shortTitle(title: string): string {
  let depth = 0;
  for (let i = 0; i < title.length - 1; i++) {
    const c = title[i];
    if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    // A break inside parentheses is not a clause break: "(typed, cached, ...)".
    else if (depth === 0 && i >= 20 && (c === ',' || c === ';' || c === ':') && title[i + 1] === ' ') return title.slice(0, i);
  }
  return title;
}

/** Every way Windows and IIS write the article's codes, so a search for any one of them finds the page. */
export function codeSpellings(article: Pick<Article, 'codes' | 'substatus'>): string[] {
  const out: string[] = article.substatus.map((s) => `${s} (${s.replace('.', ' ')})`);
  for (const n of article.codes.win32) {
    const name = WIN32[n]?.name;
    out.push(`Win32 ${n} = 0x${n.toString(16).toUpperCase()} = HRESULT 0x8007${n.toString(16).toUpperCase().padStart(4, '0')}${name ? ` (${name})` : ''}`);
  }
  for (const code of article.codes.ntstatus) out.push(`NTSTATUS ${code}${NTSTATUS[code] ? ` (${NTSTATUS[code].name})` : ''}`);
  for (const code of article.codes.hresult) out.push(`HRESULT ${code} = ${Number.parseInt(code.slice(2), 16)}${HRESULT[code] ? ` (${HRESULT[code].name})` : ''}`);
  for (const id of article.codes.events) out.push(`event ${id}`);
  return out;
}

function linksTo(article: Article, target: Article): boolean {
  if (article.related.includes(target.id)) return true;
  const file = pagePath(target).split('/')[1] ?? '';
  return article.links.some((l) => l.url.split('#')[0]?.endsWith(file) === true);
}

function articlePage(article: Article, body: string, kb: KnowledgeBase): string {
  const related = article.related.map((id) => kb.byId.get(id)).filter((a): a is Article => a !== undefined);
  const linkedFrom = kb.articles.filter((other) => other.id !== article.id && linksTo(other, article));
  const glance = [
    '| At a glance | |',
    '|---|---|',
    `| Area | ${areaTitle(areaOf(article))} |`,
    ...(article.substatus.length ? [`| Sub-status | ${article.substatus.join(', ')} |`] : []),
    `| IIS | ${article.iis.join(', ')} |`,
    ...(codeSpellings(article).length ? [`| Codes | ${codeSpellings(article).map(cell).join(' · ')} |`] : []),
    ...(related.length ? [`| Related | ${related.map((r) => `[${cell(r.title)}](${relativeLink(article, r)})`).join(' · ')} |`] : []),
  ];
  // The H1 stays first; the summary and the at-a-glance table follow it.
  const [h1 = '', ...rest] = body.trimStart().split('\n');
  const reported = article.symptoms.length ? ['::: details How admins report it', ...article.symptoms.map((s) => `- ${s}`), ':::', ''] : [];
  const backlinks = linkedFrom.length ? ['', '## Linked from', '', ...linkedFrom.map((a) => `- [${cell(a.title)}](${relativeLink(article, a)})`)] : [];
  const frontMatter = ['---', `title: ${JSON.stringify(article.title)}`, `description: ${JSON.stringify(article.summary)}`, `kind: ${article.kind}`, `articleId: ${article.id}`, '---'];
  // v-pre: the body is shown as written; Vue must not read `{{ }}` in it as a template.
  return [...frontMatter, '', '::: v-pre', h1, '', `> ${article.summary}`, '', ...glance, '', ...reported, rest.join('\n').trim(), ...backlinks, ':::', ''].join('\n');
}

function catalogPage(kb: KnowledgeBase): string {
  const causeRows = kb.catalog.map((entry) => {
    const article = kb.byId.get(entry.id);
    const link = article ? `[${cell(entry.title)}](${pagePath(article)})` : cell(entry.title);
    const codes = article ? [...article.codes.win32.map(String), ...article.codes.ntstatus, ...article.codes.events.map((e) => `event ${e}`)].join(', ') : '';
    return `| \`${entry.id}\` | ${link} | ${entry.substatus.join(', ')} | ${areaTitle(areaOf({ id: entry.id, substatus: entry.substatus }))} | ${codes} |`;
  });
  const guideRows = kb.articles.filter((a) => a.kind === 'guide').map((a) => `| [${cell(a.title)}](${pagePath(a)}) | ${cell(a.summary)} |`);
  return [
    '---',
    'title: Catalog',
    'description: Every cause iis401 knows, with its sub-status, area and codes.',
    '---',
    '',
    '# The cause catalog',
    '',
    `Every cause id of \`kb/catalog.yml\` (kb ${kb.version}). The ids are stable: the bot, the command line and their JSON output use them.`,
    '',
    '| Id | Cause | Sub-status | Area | Codes |',
    '|---|---|---|---|---|',
    ...causeRows,
    '',
    '## Guides',
    '',
    '| Guide | What it is for |',
    '|---|---|',
    ...guideRows,
    '',
  ].join('\n');
}

function homePage(kb: KnowledgeBase): string {
  const causes = kb.articles.filter((a) => a.kind === 'cause').length;
  const start = kb.byId.get('401-overview');
  return [
    '---',
    'layout: home',
    'title: iis401',
    'hero:',
    '  name: iis401',
    '  text: Why does IIS say 401?',
    `  tagline: ${JSON.stringify(`${causes} causes of IIS 401 Unauthorized, their fixes step by step for IIS 6 and IIS 7+, and a paste box that diagnoses your log line, event or error page right here, offline.`)}`,
    '  actions:',
    '    - theme: brand',
    '      text: The cause catalog',
    '      link: /catalog',
    ...(start ? ['    - theme: alt', '      text: 401 sub-statuses at a glance', `      link: ${pageLink(start)}`] : []),
    '---',
    '',
  ].join('\n');
}

function sidebar(kb: KnowledgeBase): SidebarGroup[] {
  const byArea = new Map<AreaId, SidebarItem[]>();
  for (const article of kb.articles) {
    const area = areaOf(article);
    const items = byArea.get(area) ?? [];
    items.push({ text: `${shortTitle(article.title)}${article.kind === 'guide' ? ' (guide)' : ''}`, link: pageLink(article) });
    byArea.set(area, items);
  }
  const groups: SidebarGroup[] = [{ text: 'Overview', collapsed: false, items: [{ text: 'Paste and diagnose', link: '/' }, { text: 'The cause catalog', link: '/catalog' }] }];
  for (const area of AREAS) {
    const items = byArea.get(area.id);
    if (items?.length) groups.push({ text: area.title, collapsed: false, items });
  }
  return groups;
}

/** Every page of the site and the data its config needs. `bodyOf` gives an article's Markdown body. */
export function generateSite(kb: KnowledgeBase, bodyOf: (article: Article) => string): GeneratedSite {
  const pages = new Map<string, string>();
  pages.set('index.md', homePage(kb));
  pages.set('catalog.md', catalogPage(kb));
  for (const article of kb.articles) pages.set(pagePath(article), articlePage(article, bodyOf(article), kb));
  const causes = kb.articles.filter((a) => a.kind === 'cause').length;
  return { pages, data: { kbVersion: kb.version, causes, guides: kb.articles.length - causes, sidebar: sidebar(kb) } };
}
