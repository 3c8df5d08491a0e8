import type { Heading, List, ListItem, Root, RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import type { IisEra } from '../symptoms.js';
import { REQUIRED_SECTIONS, STEPS_SECTION } from './schema.js';
import type { FrontMatter } from './schema.js';

export interface Step {
  /** The step as written (Markdown, code blocks included), without its list marker. */
  readonly markdown: string;
  /** Plain text, for search and short renderings. */
  readonly text: string;
  /** Set when the step is labelled for one IIS generation (`**IIS 6:**` / `**IIS 7+:**`). */
  readonly era?: IisEra;
}

export interface ArticleBody {
  /** The H2 section titles, in order. */
  readonly sections: readonly string[];
  readonly steps: readonly Step[];
  /** Plain text of each H2 section, by title. */
  readonly sectionText: Readonly<Record<string, string>>;
  readonly headings: readonly string[];
  /** Every link target in the body. */
  readonly links: ReadonlyArray<{ readonly url: string; readonly line: number }>;
  readonly text: string;
}

export interface BodyProblem {
  readonly field: string;
  readonly line?: number;
  readonly message: string;
}

const parser = unified().use(remarkParse);

function eraOf(item: ListItem): IisEra | undefined {
  const first = item.children[0];
  if (first?.type !== 'paragraph') return undefined;
  const lead = first.children[0];
  const label = lead?.type === 'strong' ? toString(lead) : '';
  if (/^IIS\s*7\+?/i.test(label) || /^IIS\s*(?:8|10)/i.test(label)) return '7+';
  if (/^IIS\s*[56]/i.test(label)) return '6';
  return undefined;
}

function collectLinks(node: Root | RootContent, out: Array<{ url: string; line: number }>, lineOffset: number): void {
  if (node.type === 'link' || node.type === 'definition') out.push({ url: node.url, line: (node.position?.start.line ?? 0) + lineOffset });
  if ('children' in node) for (const child of node.children) collectLinks(child as RootContent, out, lineOffset);
}

/**
 * Markdown that does not read as written on a git host: raw HTML (`<authorization>` vanishes as a tag)
 * and code blocks that name no language (no highlighting). Comments (`<!-- -->`) are fine.
 */
function collectMarkupProblems(node: Root | RootContent, out: BodyProblem[], lineOffset: number): void {
  const line = (node.position?.start.line ?? 0) + lineOffset;
  if (node.type === 'html' && !node.value.trimStart().startsWith('<!--')) {
    out.push({ field: 'markdown', line, message: `raw HTML "${node.value.slice(0, 40)}" is swallowed on a git host; put it in backticks or escape it as \\<tag>` });
  }
  if (node.type === 'code' && !node.lang) out.push({ field: 'markdown', line, message: 'a code block names no language (```cmd, ```powershell, ```xml, ```text, ...)' });
  if ('children' in node) for (const child of node.children) collectMarkupProblems(child as RootContent, out, lineOffset);
}

/** Problems of Markdown outside the article format (kb/README.md): raw HTML and unnamed code blocks. */
export function checkMarkup(markdown: string): BodyProblem[] {
  const problems: BodyProblem[] = [];
  collectMarkupProblems(parser.parse(markdown) as Root, problems, 0);
  return problems;
}

/** Reads the sections, the ordered steps and the plain text of an article body. */
export function readBody(markdown: string, kind: FrontMatter['kind'], lineOffset = 0): { body: ArticleBody; problems: BodyProblem[] } {
  const problems: BodyProblem[] = [];
  const tree = parser.parse(markdown) as Root;
  const sections: string[] = [];
  const headings: string[] = [];
  const sectionText: Record<string, string> = {};
  const stepLists: List[] = [];
  let current: string | undefined;
  let h1 = 0;
  for (const node of tree.children) {
    if (node.type === 'heading') {
      const title = toString(node as Heading).trim();
      headings.push(title);
      if (node.depth === 1) h1++;
      if (node.depth === 2) {
        current = title;
        sections.push(title);
        sectionText[title] = '';
      }
      continue;
    }
    if (current === undefined) continue;
    sectionText[current] = `${sectionText[current] ?? ''} ${toString(node)}`.trim();
    if (current === STEPS_SECTION[kind] && node.type === 'list' && node.ordered) stepLists.push(node);
  }
  if (h1 !== 1) problems.push({ field: 'body', message: `an article has exactly one "# Title" heading (found ${h1})` });
  const required = REQUIRED_SECTIONS[kind];
  const present = sections.filter((s) => required.includes(s));
  for (const name of required) {
    if (!sections.includes(name)) problems.push({ field: `section "${name}"`, message: `the "## ${name}" section is missing` });
  }
  if (present.join('|') !== required.filter((s) => sections.includes(s)).join('|')) {
    problems.push({ field: 'sections', message: `sections must come in this order: ${required.join(', ')}` });
  }
  if (stepLists.length !== 1 && sections.includes(STEPS_SECTION[kind])) {
    problems.push({ field: `section "${STEPS_SECTION[kind]}"`, message: `"## ${STEPS_SECTION[kind]}" must hold exactly one ordered list of steps (found ${stepLists.length})` });
  }
  const steps: Step[] = (stepLists[0]?.children ?? []).map((item) => {
    const start = item.position?.start.offset ?? 0;
    const end = item.position?.end.offset ?? start;
    const raw = markdown.slice(start, end).replace(/^\d+[.)]\s*/, '');
    // Undo the list indentation so code blocks render as written.
    const indent = /\n( +)\S/.exec(raw)?.[1]?.length ?? 0;
    const text = raw.replace(new RegExp(`\\n {1,${Math.max(indent, 1)}}`, 'g'), '\n').trim();
    const era = eraOf(item);
    return { markdown: text, text: toString(item).replace(/\s+/g, ' ').trim(), ...(era ? { era } : {}) };
  });
  const links: Array<{ url: string; line: number }> = [];
  collectLinks(tree, links, lineOffset);
  collectMarkupProblems(tree, problems, lineOffset);
  return {
    body: { sections, steps, sectionText, headings, links, text: toString(tree).replace(/\s+/g, ' ').trim() },
    problems,
  };
}
