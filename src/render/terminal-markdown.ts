import type { Code, List, ListItem, Nodes, Paragraph, PhrasingContent, RootContent } from 'mdast';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import wrapAnsi from 'wrap-ansi';
import { articleLink } from './links.js';
import { groupByShell, shellOfLanguage } from './shell.js';
import type { TextStyle } from './style.js';

// Kb Markdown (a fix step, a summary) -> terminal text wrapped to a width: the kb's own hard wraps are
// re-flowed, links become something a terminal user can open, and every command block names its shell.

export interface TerminalOptions {
  /** Columns available, indentation included. */
  readonly width: number;
  /** Spaces before every line. */
  readonly indent: number;
  readonly style: TextStyle;
  /** The article the Markdown comes from, for its relative links. */
  readonly from?: string;
  readonly kbBaseUrl?: string;
}

const parser = unified().use(remarkParse);

/** Wraps text (ANSI-aware, wide characters counted by their columns) and indents every line. */
export function wrapIndented(text: string, width: number, indent: number, hanging = indent): string {
  const room = Math.max(20, width - Math.max(indent, hanging));
  // Most lines are short printable ASCII: one column per character, nothing to wrap (and measuring
  // grapheme widths is the costly part of wrapping).
  const fits = text.length <= room && /^[\x20-\x7e]*$/.test(text);
  return (fits ? text.trim() : wrapAnsi(text, room, { hard: true, trim: true }))
    .split('\n')
    .map((line, i) => `${' '.repeat(i === 0 ? indent : hanging)}${line}`)
    .join('\n');
}

function inline(nodes: readonly PhrasingContent[], options: TerminalOptions): string {
  return nodes
    .map((node): string => {
      switch (node.type) {
        case 'text':
          return node.value.replace(/\s+/g, ' ');
        case 'strong':
          return options.style.bold(inline(node.children, options));
        case 'emphasis':
          return inline(node.children, options);
        case 'inlineCode':
          return options.style.cyan(node.value);
        case 'break':
          return '\n';
        case 'link': {
          const label = inline(node.children, options);
          const target = articleLink(node.url, options);
          return target && target !== label ? `${label} (${target})` : label;
        }
        case 'html':
          return node.value;
        default:
          return 'children' in node ? inline(node.children as PhrasingContent[], options) : 'value' in node ? String(node.value) : '';
      }
    })
    .join('');
}

function code(node: Code, options: TerminalOptions): string {
  const lines = node.value.split('\n');
  const groups = shellOfLanguage(node.lang) ? [{ shell: shellOfLanguage(node.lang), commands: lines }] : groupByShell(lines);
  const pad = ' '.repeat(options.indent + 2);
  return groups
    .map((group) => {
      // Commands are not re-flowed; a line longer than the screen continues on the next, further indented.
      const body = group.commands
        .map((line) => {
          const lead = line.length - line.trimStart().length;
          return wrapIndented(options.style.cyan(line.trimStart()), options.width, options.indent + 2 + lead, options.indent + 6 + lead);
        })
        .join('\n');
      return group.shell ? `${' '.repeat(options.indent)}${options.style.dim(`${group.shell}:`)}\n${body}` : body || pad;
    })
    .join('\n');
}

function list(node: List, options: TerminalOptions): string {
  return node.children
    .map((item: ListItem, i) => {
      const marker = node.ordered ? `${(node.start ?? 1) + i}. ` : '- ';
      const inner = { ...options, indent: options.indent + marker.length };
      const text = item.children.map((child) => block(child, inner)).join('\n');
      return `${' '.repeat(options.indent)}${marker}${text.slice(inner.indent)}`;
    })
    .join('\n');
}

function block(node: RootContent | Nodes, options: TerminalOptions): string {
  switch (node.type) {
    case 'paragraph':
      return wrapIndented(inline((node as Paragraph).children, options), options.width, options.indent);
    case 'heading':
      return wrapIndented(options.style.bold(inline(node.children, options)), options.width, options.indent);
    case 'code':
      return code(node, options);
    case 'list':
      return list(node, options);
    case 'blockquote':
      return node.children.map((child) => block(child, { ...options, indent: options.indent + 2 })).join('\n\n');
    case 'thematicBreak':
      return '';
    case 'table':
      return node.children.map((row) => wrapIndented(row.children.map((cell) => inline(cell.children, options)).join(' | '), options.width, options.indent)).join('\n');
    case 'html':
      return wrapIndented(node.value, options.width, options.indent);
    default:
      return 'children' in node ? (node.children as RootContent[]).map((child) => block(child, options)).join('\n\n') : '';
  }
}

// The same kb steps are rendered again and again (a console session, a scan's causes): parsing and
// wrapping them once per layout keeps a long answer cheap. Bounded; cleared when full.
const rendered = new Map<string, string>();
const RENDERED_MAX = 4000;

/** Markdown as terminal text: blocks separated by a blank line, each line at most `width` columns. */
export function markdownToTerminal(markdown: string, options: TerminalOptions): string {
  const key = JSON.stringify([markdown, options.width, options.indent, options.style.bold('x'), options.from, options.kbBaseUrl]);
  const known = rendered.get(key);
  if (known !== undefined) return known;
  const tree = parser.parse(markdown);
  const text = tree.children.map((node) => block(node, options)).filter((part) => part !== '').join('\n\n');
  if (rendered.size >= RENDERED_MAX) rendered.clear();
  rendered.set(key, text);
  return text;
}
