import type { Diagnosis } from '../diagnose.js';
import { articleLink } from './links.js';
import { namesFromPaste, withPasteNames } from './names.js';
import { questionLines } from './question-text.js';
import type { AnswerHint } from './question-text.js';
import { groupByShell } from './shell.js';
import { DEFAULT_WIDTH, PLAIN } from './style.js';
import type { TextStyle } from './style.js';
import { markdownToTerminal, wrapIndented } from './terminal-markdown.js';
import { escapeControls } from '../text/well-formed.js';
import { HELP_INTRO, SLASH_USAGE } from './usage.js';

export interface TextOptions {
  /** Every cause's steps, not only the first. */
  readonly all?: boolean;
  /** Columns to wrap to (default 80). */
  readonly width?: number;
  /** Colour and bold (default plain). */
  readonly style?: TextStyle;
  /** Where article links point (KB_BASE_URL); without it, paths from the project root. */
  readonly kbBaseUrl?: string;
  /** How the next question says to answer it (default: with --answer on the command line). */
  readonly answerHint?: AnswerHint;
}

export { DEFAULT_WIDTH } from './style.js';

/** The diagnosis as a person reads it in a terminal: wrapped to `width`, links openable, shells labelled. */
export function renderText(diagnosis: Diagnosis, options: TextOptions = {}): string {
  const text = textOf(diagnosis, options);
  // Control characters from the paste (C1 survives the parser) are shown, not obeyed; with colour on, the
  // ESC bytes are the style's own (the parser already turned every ESC of the paste into a space).
  return options.style && options.style !== PLAIN ? text.split('\x1b').map(escapeControls).join('\x1b') : escapeControls(text);
}

function textOf(diagnosis: Diagnosis, options: TextOptions): string {
  const width = Math.max(40, options.width ?? DEFAULT_WIDTH);
  const style = options.style ?? PLAIN;
  const md = (markdown: string, indent: number, from?: string): string =>
    markdownToTerminal(markdown, { width, indent, style, ...(from ? { from } : {}), ...(options.kbBaseUrl ? { kbBaseUrl: options.kbBaseUrl } : {}) });
  const wrap = (text: string, indent: number, hanging = indent): string => wrapIndented(text, width, indent, hanging);
  const link = (path: string): string => articleLink(path, options.kbBaseUrl ? { kbBaseUrl: options.kbBaseUrl } : {}) ?? path;
  const names = namesFromPaste(diagnosis.symptoms);
  const out: string[] = [];
  if (diagnosis.verdict === 'help') {
    return [wrap(HELP_INTRO, 0), '', 'In Slack:', ...SLASH_USAGE.map((l) => wrap(l, 2, 29)), '', 'On the command line: iis401 --help'].join('\n');
  }
  if (diagnosis.verdict === 'search') {
    out.push(wrap(style.bold(diagnosis.headline), 0), '');
    if (!diagnosis.search?.length) out.push('No article matches those words.');
    for (const hit of diagnosis.search ?? []) out.push(wrap(`${style.bold(hit.id)}  ${hit.title}`, 0, 4), wrap(hit.summary, 4));
    return out.join('\n');
  }
  out.push(wrap(style.bold(diagnosis.headline), 0));
  for (const note of diagnosis.notes.filter((n) => !n.startsWith('Code read:'))) out.push(wrap(`note: ${note}`, 2, 8));
  diagnosis.causes.forEach((cause, i) => {
    out.push('', wrap(style.bold(`${i + 1}. ${cause.title}`), 0, 3), wrap(style.dim(`${cause.id} · confidence ${cause.confidence} · score ${cause.score}`), 3));
    for (const why of cause.why) out.push(wrap(`- ${why}`, 3, 5));
    if (i === 0 || options.all) {
      out.push('   Fix:');
      cause.steps.forEach((step, n) => {
        const number = `${n + 1}. `;
        const text = md(withPasteNames(step, names), 5 + number.length, cause.article);
        out.push(`     ${number}${text.slice(5 + number.length)}`, '');
      });
      if (out[out.length - 1] === '') out.pop();
    }
    out.push(wrap(`Article: ${link(cause.article)}`, 3, 5));
  });
  out.push(...questionLines(diagnosis, style, width, options.answerHint));
  for (const check of diagnosis.next) {
    out.push('', wrap(style.bold(`Next check: ${check.title}`), 0, 2), wrap(check.tells, 2));
    for (const group of groupByShell(check.commands)) {
      if (group.shell) out.push(`  ${style.dim(`${group.shell}:`)}`);
      for (const command of group.commands) out.push(wrap(style.cyan(command), 4, 8));
    }
    if (check.guide) out.push(wrap(`Guide: ${link(check.guide)}`, 2, 4));
  }
  const codes = diagnosis.notes.filter((n) => n.startsWith('Code read:'));
  if (codes.length) out.push('', ...codes.map((c) => wrap(c, 0, 2)));
  out.push('', wrap(style.dim(`(kb ${diagnosis.kbVersion}; read: ${diagnosis.input.kinds.join(', ') || 'nothing'}${diagnosis.input.redactions ? `; ${diagnosis.input.redactions} secret(s) redacted` : ''})`), 0, 1));
  return out.join('\n');
}
