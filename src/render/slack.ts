// Diagnosis -> Slack Block Kit. Pure: no I/O, no clock, no randomness, so the same Diagnosis always gives
// the same message and the limits can be tested without Slack. Everything that came from the user or
// the kb is escaped (& < >); only the links built here use Slack's <url|label> syntax.
import { posix } from 'node:path';
import type { types } from '@slack/bolt';
import type { Diagnosis, RankedCause } from '../diagnose.js';
import type { NextCheck } from '../rank/next-check.js';
import { joinBaseUrl } from './links.js';
import { groupByShell } from './shell.js';
import { namesFromPaste, withPasteNames } from './names.js';
import type { ScanTable } from './scan-table.js';
import { deepWellFormed } from '../text/well-formed.js';
import { HELP_INTRO, SLASH_USAGE } from './usage.js';

type KnownBlock = types.KnownBlock;
type SectionBlock = types.SectionBlock;
type ContextBlock = types.ContextBlock;
type Button = types.Button;

/**
 * Block Kit limits (docs.slack.dev/reference/block-kit). `totalText` is our own budget below the
 * undocumented cumulative limit (`msg_blocks_too_long`, about 12-13k characters, bolt-js#2509).
 */
export const SLACK_LIMITS = {
  blocks: 50,
  sectionText: 3000,
  headerText: 150,
  contextElements: 10,
  contextText: 2000,
  buttonValue: 2000,
  totalText: 11_500,
  fallbackText: 3000,
} as const;

/** Steps shown before the "All steps" button is needed. */
export const STEP_PREVIEW = 3;

/** action_id of each button; the Slack listeners register exactly these. */
export const ACTIONS = {
  helped: 'iis401_helped',
  notHelped: 'iis401_not_helped',
  nextCause: 'iis401_next_cause',
  allSteps: 'iis401_all_steps',
  share: 'iis401_share',
  answerQuestion: 'iis401_answer_question',
} as const;

export type ActionId = (typeof ACTIONS)[keyof typeof ACTIONS];

/**
 * What a button carries back. The input itself is never in it: `h` is the sha256 of the redacted input,
 * which finds the input in the bot's short-lived memory for "Next cause" and "All steps".
 */
export interface ButtonValue {
  /** sha256 (hex) of the redacted input. */
  readonly h: string;
  /** Index of the cause the answer featured (or should feature). */
  readonly i: number;
  /** Id of the featured cause, so a vote is recorded even after the input is forgotten. */
  readonly c?: string;
  /** Rule ids that pointed at that cause. */
  readonly r?: readonly string[];
  /** The answer showed all steps. */
  readonly a?: 1;
  /** The answer offered "Share in channel" (only private answers do). */
  readonly s?: 1;
  /** kb version that answered. */
  readonly k?: string;
  /** Answers to kb/questions.yml so far, `key=value,key=value`: the re-diagnosis applies them. */
  readonly q?: string;
}

/** Longest `q` a button value may carry back: some 25 answers. */
const MAX_ANSWERS_TEXT = 1000;

/** The answers of a button value as a record; pairs that are not `key=value` are dropped (the engine skips unknown ones). */
export function answersOfButton(value: Pick<ButtonValue, 'q'>): Record<string, string> {
  const answers: Record<string, string> = {};
  for (const pair of (value.q ?? '').split(',')) {
    const [key, answer, ...rest] = pair.split('=');
    if (key && answer && rest.length === 0) answers[key] = answer;
  }
  return answers;
}

function answersText(answers: Readonly<Record<string, string>>): string | undefined {
  const pairs = Object.entries(answers).map(([key, answer]) => `${key}=${answer}`);
  return pairs.length > 0 ? pairs.join(',') : undefined;
}

/** The answers a diagnosis applied, to carry on every button so paging keeps the re-ranked order. */
function appliedAnswers(diagnosis: Diagnosis): Record<string, string> {
  return Object.fromEntries((diagnosis.answers ?? []).map((a) => [a.key, a.value]));
}

export function encodeButtonValue(value: ButtonValue): string {
  let rules = [...(value.r ?? [])];
  for (;;) {
    const json = JSON.stringify({ ...value, r: rules.length > 0 ? rules : undefined });
    if (json.length <= SLACK_LIMITS.buttonValue || rules.length === 0) return json.slice(0, SLACK_LIMITS.buttonValue);
    rules = rules.slice(0, -1);
  }
}

/** Reads a button value back; undefined when it is not one of ours. */
export function decodeButtonValue(raw: string | undefined): ButtonValue | undefined {
  if (!raw) return undefined;
  try {
    const data = JSON.parse(raw) as Record<string, unknown>;
    if (typeof data.h !== 'string' || !/^[0-9a-f]{64}$/.test(data.h)) return undefined;
    const i = typeof data.i === 'number' && Number.isInteger(data.i) && data.i >= 0 && data.i < 100 ? data.i : 0;
    return {
      h: data.h,
      i,
      ...(typeof data.c === 'string' ? { c: data.c.slice(0, 200) } : {}),
      ...(Array.isArray(data.r) ? { r: data.r.filter((x): x is string => typeof x === 'string').slice(0, 50) } : {}),
      ...(data.a === 1 ? { a: 1 as const } : {}),
      ...(data.s === 1 ? { s: 1 as const } : {}),
      ...(typeof data.k === 'string' ? { k: data.k.slice(0, 64) } : {}),
      ...(typeof data.q === 'string' && data.q.length <= MAX_ANSWERS_TEXT ? { q: data.q } : {}),
    };
  } catch {
    return undefined;
  }
}

export interface SlackRenderOptions {
  /** Where article links point, e.g. https://git.example.com/org/iis401/blob/main/ ; without it paths show as code. */
  readonly kbBaseUrl?: string;
  /** Which ranked cause to feature (0 = the best). Wraps around. */
  readonly featured?: number;
  /** Show every fix step instead of the first STEP_PREVIEW. */
  readonly allSteps?: boolean;
  /** Offer "Share in channel" (private answers only). */
  readonly share?: boolean;
  /** sha256 of the redacted input; without it the answer has no buttons. */
  readonly inputHash?: string;
  /** A plain-text line shown first (escaped here), e.g. why a command was not understood. */
  readonly notice?: string;
  /** A trusted mrkdwn context line shown last, e.g. "Shared by <@U1>". Built by the caller, not escaped. */
  readonly byline?: string;
  /** Article path for an id (search hits carry only ids). */
  readonly pathOf?: (id: string) => string | undefined;
}

export interface SlackMessage {
  readonly text: string;
  readonly blocks: KnownBlock[];
}

// ---------------------------------------------------------------------------------------------------
// mrkdwn helpers

export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A URL safe inside <url|label>: the characters that end or split the link are percent-encoded. */
function linkUrl(url: string): string {
  return url.replace(/[<>|\s]/g, (c) => encodeURIComponent(c)).replace(/&(?!amp;)/g, '&amp;');
}

function link(url: string, label: string): string {
  return `<${linkUrl(url)}|${escapeMrkdwn(label).replace(/\|/g, '¦')}>`;
}

/** Joins the kb base URL and a repository path without losing a path segment. */
export function articleUrl(kbBaseUrl: string | undefined, path: string): string | undefined {
  return kbBaseUrl ? joinBaseUrl(kbBaseUrl, path) : undefined;
}

function articleRef(path: string, options: SlackRenderOptions, label = path): string {
  const url = articleUrl(options.kbBaseUrl, path);
  return url ? link(url, label) : label === path ? `\`${escapeMrkdwn(path)}\`` : `${escapeMrkdwn(label)} (\`${escapeMrkdwn(path)}\`)`;
}

/** Drops a lone high surrogate left by a cut, which Slack would reject as invalid text. */
function cleanCut(text: string): string {
  const last = text.charCodeAt(text.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? text.slice(0, -1) : text;
}

export function truncatePlain(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${cleanCut(text.slice(0, max - 1)).trimEnd()}…`;
}

/**
 * Cuts mrkdwn to at most `max` characters without breaking an entity, a link or a code block, and ends
 * it with `tail` (default "…").
 */
export function truncateMrkdwn(text: string, max: number, tail = '…'): string {
  if (text.length <= max) return text;
  const room = Math.max(0, max - tail.length - 5);
  let cut = cleanCut(text.slice(0, room));
  const amp = cut.lastIndexOf('&');
  if (amp >= 0 && amp > cut.length - 6 && !cut.slice(amp).includes(';')) cut = cut.slice(0, amp);
  const open = cut.lastIndexOf('<');
  if (open > cut.lastIndexOf('>')) cut = cut.slice(0, open);
  const newline = cut.lastIndexOf('\n');
  if (newline > 0 && newline > cut.length - 160) cut = cut.slice(0, newline);
  const insideCode = (cut.match(/```/g) ?? []).length % 2 === 1;
  const result = insideCode ? `${cut}\n\`\`\`\n${tail}` : `${cut.trimEnd()}${tail}`;
  return result.length <= max ? result : truncatePlain(result, max);
}

/** Inline Markdown (one line, no code spans) -> mrkdwn. Links are resolved by `linkFor`. */
function inlineToMrkdwn(text: string, linkFor: (label: string, target: string) => string): string {
  const out: string[] = [];
  // Links first, on the raw text, so their targets are not escaped twice.
  const re = /\[([^\]\n]{1,300})\]\(([^)\s]{1,2000})\)/g;
  let last = 0;
  for (const m of text.matchAll(re)) {
    out.push(emphasis(escapeMrkdwn(text.slice(last, m.index))));
    out.push(linkFor(m[1] ?? '', m[2] ?? ''));
    last = (m.index ?? 0) + m[0].length;
  }
  out.push(emphasis(escapeMrkdwn(text.slice(last))));
  return out.join('');
}

function emphasis(text: string): string {
  return text
    .replace(/\*\*(?=\S)([^*\n]{1,500})\*\*/g, '\u0001$1\u0001')
    .replace(/__(?=\S)([^_\n]{1,500})__/g, '\u0001$1\u0001')
    .replace(/(^|[^\w*])\*(?=\S)([^*\n]{1,500})\*(?![\w*])/g, '$1_$2_')
    .replaceAll('\u0001', '*');
}

/** One line outside code: code spans kept, the rest converted. */
function lineToMrkdwn(line: string, linkFor: (label: string, target: string) => string): string {
  const parts = line.split(/(`[^`\n]+`)/);
  return parts.map((part, i) => (i % 2 === 1 ? escapeMrkdwn(part) : inlineToMrkdwn(part, linkFor))).join('');
}

/**
 * Markdown (as the kb writes fix steps) -> Slack mrkdwn: **bold** -> *bold*, *it* -> _it_, [t](u) -> <u|t>,
 * headings -> bold lines, "- " -> "• ", fenced code kept as ``` blocks (their indentation removed).
 * Relative links resolve against `from` (the article path) and then the kb base URL.
 */
export function markdownToMrkdwn(markdown: string, options: { kbBaseUrl?: string; from?: string } = {}): string {
  const linkFor = (label: string, target: string): string => {
    if (/^https?:\/\//i.test(target)) return link(target, label);
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return escapeMrkdwn(label);
    const [file = '', anchor] = target.split('#', 2);
    const path = options.from ? posix.normalize(posix.join(posix.dirname(options.from), file)) : file;
    const url = articleUrl(options.kbBaseUrl, path);
    if (url) return link(anchor ? `${url}#${anchor}` : url, label);
    return `${inlineToMrkdwn(label, (l) => escapeMrkdwn(l))} (\`${escapeMrkdwn(path)}\`)`;
  };
  const out: string[] = [];
  // Markdown wraps paragraphs at ~100 columns; Slack would show every wrap, so wrapped lines are joined.
  let last: 'blank' | 'text' | 'block' = 'blank';
  let fence: { indent: number; lines: string[] } | undefined;
  for (const raw of markdown.replace(/\r\n?/g, '\n').split('\n')) {
    const marker = /^(\s*)(?:```|~~~)/.exec(raw);
    if (fence) {
      if (marker) {
        out.push(`\`\`\`\n${fence.lines.join('\n')}\n\`\`\``);
        fence = undefined;
        last = 'block';
      } else {
        const indent = Math.min(fence.indent, raw.length - raw.trimStart().length);
        fence.lines.push(escapeMrkdwn(raw.slice(indent)));
      }
      continue;
    }
    if (marker) {
      fence = { indent: marker[1]?.length ?? 0, lines: [] };
      continue;
    }
    const line = raw.trim();
    if (line === '') {
      if (last !== 'blank') out.push('');
      last = 'blank';
      continue;
    }
    // One \s, then the rest trimmed: `\s+(.*)` could trade spaces between its two parts.
    const heading = /^#{1,6}\s(.*)$/.exec(line);
    if (heading) {
      out.push(`*${lineToMrkdwn((heading[1] ?? '').trim(), linkFor).replace(/\*/g, '')}*`);
      last = 'block';
      continue;
    }
    const item = /^(?:[-*+]|\d{1,2}[.)])\s+/.test(line);
    const converted = lineToMrkdwn(line.replace(/^[-*+]\s+/, '• '), linkFor);
    if (last === 'text' && !item) out[out.length - 1] = `${out[out.length - 1]} ${converted}`;
    else out.push(converted);
    last = 'text';
  }
  if (fence) out.push(`\`\`\`\n${fence.lines.join('\n')}\n\`\`\``);
  return out.join('\n').replace(/\n{3,}/g, '\n\n').trim();
}

// ---------------------------------------------------------------------------------------------------
// blocks

function section(text: string): SectionBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: truncateMrkdwn(text, SLACK_LIMITS.sectionText) } };
}

function context(elements: readonly string[]): ContextBlock {
  return {
    type: 'context',
    elements: elements.slice(0, SLACK_LIMITS.contextElements).map((text) => ({ type: 'mrkdwn', text: truncateMrkdwn(text, SLACK_LIMITS.contextText) })),
  };
}

function header(text: string): KnownBlock {
  return { type: 'header', text: { type: 'plain_text', text: truncatePlain(text.replace(/\s+/g, ' ').trim() || 'iis401', SLACK_LIMITS.headerText), emoji: false } };
}

// Plain buttons only: no single action is the main one (reading the answer is).
function button(text: string, actionId: ActionId, value: ButtonValue): Button {
  return { type: 'button', text: { type: 'plain_text', text, emoji: false }, action_id: actionId, value: encodeButtonValue(value) };
}

/** Characters of text a block carries, as Slack counts them toward the message. */
export function blockTextLength(block: KnownBlock): number {
  let n = 0;
  const visit = (node: unknown): void => {
    if (typeof node === 'string') return;
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'text' && typeof value === 'string') n += value.length;
        else visit(value);
      }
    }
  };
  visit(block);
  return n;
}

/**
 * Lays out head, body and tail within the limits: the head (header, notice) and the tail (article link,
 * candidates, buttons, footer) always stay; body blocks are added in order until the budget runs out,
 * the last one cut with "…", followed by `overflow` (a pointer to the full text).
 */
function assemble(head: KnownBlock[], body: KnownBlock[], tail: KnownBlock[], overflow: string): KnownBlock[] {
  const size = (blocks: KnownBlock[]): number => blocks.reduce((n, b) => n + blockTextLength(b), 0);
  let budget = SLACK_LIMITS.totalText - size(head) - size(tail) - overflow.length - 10;
  let slots = SLACK_LIMITS.blocks - head.length - tail.length - 1;
  const kept: KnownBlock[] = [];
  let cut = false;
  for (const block of body) {
    const n = blockTextLength(block);
    if (n <= budget && slots > 0) {
      kept.push(block);
      budget -= n;
      slots--;
      continue;
    }
    if (slots > 0 && budget > 200 && block.type === 'section' && block.text) {
      kept.push(section(truncateMrkdwn(block.text.text, budget)));
    }
    cut = true;
    break;
  }
  if (cut) kept.push(section(overflow));
  return [...head, ...kept, ...tail];
}

/**
 * What the reader should know about the input (secrets removed, input cut). Internal ids (kb version,
 * rule ids, cause ids) stay out of the channel: they are in the answer's log line (src/slack/log.ts).
 */
function inputNotes(diagnosis: Diagnosis): string[] {
  const parts: string[] = [];
  if (diagnosis.input.redactions > 0) parts.push(`${diagnosis.input.redactions} secret(s) redacted from the paste before it was read`);
  if (diagnosis.input.truncated) parts.push('input cut to its first part');
  return parts;
}

function footer(diagnosis: Diagnosis): KnownBlock[] {
  const parts = inputNotes(diagnosis);
  return parts.length > 0 ? [context([parts.join(' · ')])] : [];
}

function actions(diagnosis: Diagnosis, featured: number, options: SlackRenderOptions, hiddenSteps: boolean): KnownBlock[] {
  if (!options.inputHash || diagnosis.verdict === 'help') return [];
  const cause = diagnosis.causes[featured];
  const base: ButtonValue = {
    h: options.inputHash,
    i: featured,
    ...(cause ? { c: cause.id, r: cause.rules } : {}),
    ...(options.allSteps ? { a: 1 as const } : {}),
    ...(options.share ? { s: 1 as const } : {}),
    k: diagnosis.kbVersion,
  };
  const q = answersText(appliedAnswers(diagnosis));
  const paging: ButtonValue = { h: base.h, i: featured, ...(base.a ? { a: 1 as const } : {}), ...(base.s ? { s: 1 as const } : {}), ...(q ? { q } : {}) };
  const elements: Button[] = [];
  if (hiddenSteps) elements.push(button('All steps', ACTIONS.allSteps, { ...paging, a: 1 }));
  if (diagnosis.causes.length > 1) elements.push(button('Next cause', ACTIONS.nextCause, { ...paging, i: (featured + 1) % diagnosis.causes.length }));
  elements.push(button('Helped', ACTIONS.helped, base), button("Didn't help", ACTIONS.notHelped, base));
  if (options.share) elements.push(button('Share in channel', ACTIONS.share, paging));
  return [{ type: 'actions', block_id: 'iis401_answer', elements }];
}

/** The next question's text for a context line, with the answers that already re-ranked the causes. */
function questionText(diagnosis: Diagnosis): string | undefined {
  const question = diagnosis.question;
  if (!question) return undefined;
  const given = (diagnosis.answers ?? []).map((a) => escapeMrkdwn(a.label)).join(' · ');
  return truncateMrkdwn(`*Question:* ${escapeMrkdwn(question.text)}${given ? `\n_Answered so far:_ ${given}` : ''}`, SLACK_LIMITS.contextText);
}

/** One button per answer of the next question; a click re-diagnoses with the answers so far plus this one. */
function questionButtons(diagnosis: Diagnosis, options: SlackRenderOptions): KnownBlock[] {
  const question = diagnosis.question;
  if (!question || !options.inputHash || diagnosis.verdict === 'help') return [];
  const so = appliedAnswers(diagnosis);
  const elements = question.answers.map((a) => button(truncatePlain(a.label, 75), ACTIONS.answerQuestion, {
    h: options.inputHash as string,
    i: 0,
    ...(options.allSteps ? { a: 1 as const } : {}),
    ...(options.share ? { s: 1 as const } : {}),
    q: answersText({ ...so, [question.key]: a.value }) as string,
  }));
  return [{ type: 'actions', block_id: 'iis401_question', elements }];
}

function nextCheckText(check: NextCheck, options: SlackRenderOptions): string {
  const lines = [`*Next check: ${escapeMrkdwn(check.title)}*`, escapeMrkdwn(check.tells)];
  // One shell per block, named: a cmd line pasted into PowerShell (or the reverse) fails.
  for (const group of groupByShell(check.commands)) {
    lines.push(`${group.shell ? `_${group.shell}:_\n` : ''}\`\`\`\n${group.commands.map(escapeMrkdwn).join('\n')}\n\`\`\``);
  }
  if (check.guide) lines.push(`Guide: ${articleRef(check.guide, options)}`);
  return lines.join('\n');
}

function notesText(notes: readonly string[]): string | undefined {
  const shown = notes.filter((n) => !n.startsWith('Code read:'));
  if (shown.length === 0) return undefined;
  return shown.map((n) => `• ${escapeMrkdwn(n)}`).join('\n');
}

function codeContext(notes: readonly string[]): KnownBlock[] {
  const codes = notes.filter((n) => n.startsWith('Code read:')).slice(0, 3);
  return codes.length > 0 ? [context(codes.map(escapeMrkdwn))] : [];
}

function fallbackText(parts: readonly string[]): string {
  return truncatePlain(escapeMrkdwn(parts.filter(Boolean).join(' — ')), SLACK_LIMITS.fallbackText);
}

function withByline(blocks: KnownBlock[], options: SlackRenderOptions): KnownBlock[] {
  if (!options.byline) return blocks;
  // The byline replaces nothing: when the budget is full it takes the last slot rather than failing.
  return [...blocks.slice(0, SLACK_LIMITS.blocks - 1), context([options.byline])];
}

function renderHelp(diagnosis: Diagnosis, options: SlackRenderOptions): SlackMessage {
  const blocks: KnownBlock[] = [header('How to use iis401')];
  if (options.notice) blocks.push(section(escapeMrkdwn(options.notice)));
  blocks.push(
    section(escapeMrkdwn(HELP_INTRO)),
    section(`\`\`\`\n${SLASH_USAGE.map(escapeMrkdwn).join('\n')}\n\`\`\``),
    section(
      [
        '• *In a channel I am in*, I answer in a thread when a message holds an IIS 401 signal: a W3C log line with its status, a Windows Security event, an IIS error page.',
        '• *Mention me* (@iis401) with a paste, or alone in a thread to diagnose its first message.',
        '• *Message me directly*: every message is diagnosed.',
        '• *Share a .log or .txt file* with me and I scan it.',
        '• *Message shortcut* "Diagnose 401" on any message answers you privately.',
        'Secrets (passwords, Authorization headers, cookies) are removed before anything is read; the paste is never stored on disk.',
      ].join('\n'),
    ),
    ...footer(diagnosis),
  );
  return { text: fallbackText([options.notice ?? '', 'How to use iis401', HELP_INTRO]), blocks: withByline(blocks, options) };
}

function renderSearch(diagnosis: Diagnosis, options: SlackRenderOptions): SlackMessage {
  const head: KnownBlock[] = [header(diagnosis.headline)];
  const hits = diagnosis.search ?? [];
  const body: KnownBlock[] = hits.map((hit) => {
    const path = options.pathOf?.(hit.id);
    const title = path ? articleRef(path, options, hit.title) : `*${escapeMrkdwn(hit.title)}*`;
    return section(`${title}\n${escapeMrkdwn(hit.summary)}`);
  });
  if (hits.length === 0) body.push(section('No article matches those words. Try fewer words, a code (`/iis401 win32 1326`), a sub-status (`/iis401 401.1`) or an event id (`/iis401 event 4625`).'));
  const tail = [...actions(diagnosis, 0, options, false), ...footer(diagnosis)];
  const blocks = assemble(head, body, tail, '…more results were left out to fit Slack.');
  const text = fallbackText([diagnosis.headline, hits.map((h) => h.title).slice(0, 3).join('; ')]);
  return { text, blocks: withByline(blocks, options) };
}

function alsoPossible(others: readonly RankedCause[]): string {
  return truncateMrkdwn(`Also possible: ${others.map((c) => `${escapeMrkdwn(c.title)} (${c.confidence})`).join(' · ')}`, SLACK_LIMITS.contextText);
}

/** Blocks of the short first answer, at most this many: a thread reply stays about one screen. */
export const FIRST_ANSWER_BLOCKS = 6;
/** Characters of fix steps in the short answer: the first step, and the second when both fit. */
const FIRST_STEPS_TEXT = 1400;

function stepText(cause: RankedCause, n: number, diagnosis: Diagnosis, options: SlackRenderOptions): string {
  const step = withPasteNames(cause.steps[n] ?? '', namesFromPaste(diagnosis.symptoms));
  return `*${n + 1}.* ${markdownToMrkdwn(step, { ...(options.kbBaseUrl ? { kbBaseUrl: options.kbBaseUrl } : {}), from: cause.article })}`;
}

/**
 * The short first answer: the cause, how sure, why in one line, the first step or two, then the article,
 * the other candidates and the buttons. "All steps" gives the full answer.
 */
function renderShort(diagnosis: Diagnosis, options: SlackRenderOptions, featured: number, cause: RankedCause, title: string): SlackMessage {
  const blocks: KnownBlock[] = [header(title)];
  if (options.notice) blocks.push(section(escapeMrkdwn(options.notice)));
  const era = diagnosis.input.iis ? ` · IIS ${diagnosis.input.iis.era}` : '';
  const more = cause.why.length > 1 ? ` (+${cause.why.length - 1} more)` : '';
  const why = cause.why[0] ? `\n*Why:* ${escapeMrkdwn(truncatePlain(cause.why[0], 400))}${more}` : '';
  // Notes (a lockout risk, steps for both IIS generations) are short and matter before the first step.
  const notes = notesText(diagnosis.notes);
  blocks.push(section(truncateMrkdwn(`*Confidence:* ${cause.confidence}${era}${why}${notes ? `\n${notes}` : ''}`, 1500)));
  const steps = [stepText(cause, 0, diagnosis, options)];
  const second = cause.steps.length > 1 ? stepText(cause, 1, diagnosis, options) : undefined;
  if (second && steps[0]!.length + second.length <= FIRST_STEPS_TEXT) steps.push(second);
  if (cause.steps.length > 0) blocks.push(section(truncateMrkdwn(`*Fix*\n${steps.join('\n')}`, FIRST_STEPS_TEXT + 200, '…')));
  const hidden = cause.steps.length - (cause.steps.length > 0 ? steps.length : 0);
  const tail: string[] = [];
  if (hidden > 0 || diagnosis.next.length > 0) tail.push(`${hidden > 0 ? `${hidden} more step${hidden === 1 ? '' : 's'}` : 'The next check'}: press *All steps*`);
  tail.push(`Article: ${articleRef(cause.article, options, cause.title.length <= 80 ? cause.title : cause.article)}`);
  const others = diagnosis.causes.filter((_, i) => i !== featured).slice(0, 3);
  if (others.length > 0) tail.push(alsoPossible(others));
  const buttons = actions(diagnosis, featured, options, hidden > 0 || diagnosis.next.length > 0);
  // The short answer stays within FIRST_ANSWER_BLOCKS: the question's row only comes when it fits (a notice can take its place).
  const offered = questionButtons(diagnosis, options);
  const asked = blocks.length + 1 + buttons.length + offered.length <= FIRST_ANSWER_BLOCKS ? offered : [];
  const question = asked.length > 0 ? questionText(diagnosis) : undefined;
  if (question) tail.unshift(question);
  tail.push(...inputNotes(diagnosis));
  if (options.byline) tail.push(options.byline);
  blocks.push(context(tail), ...asked, ...buttons);
  const text = fallbackText([options.notice ?? '', title, `confidence ${cause.confidence}`, cause.summary.replace(/\s+/g, ' ')]);
  return { text, blocks };
}

function renderCauses(diagnosis: Diagnosis, options: SlackRenderOptions): SlackMessage {
  const count = diagnosis.causes.length;
  const featured = count > 0 ? (((options.featured ?? 0) % count) + count) % count : 0;
  const cause = diagnosis.causes[featured];
  const title = cause && featured > 0 ? `Cause ${featured + 1} of ${count}: ${cause.title}` : diagnosis.headline;
  if (cause && !options.allSteps) return renderShort(diagnosis, options, featured, cause, title);

  const head: KnownBlock[] = [header(title)];
  if (options.notice) head.push(section(escapeMrkdwn(options.notice)));
  const body: KnownBlock[] = [];
  if (title.replace(/\s+/g, ' ').length > SLACK_LIMITS.headerText) body.push(section(`*${escapeMrkdwn(title)}*`));

  const notes = notesText(diagnosis.notes);
  let hiddenSteps = false;
  if (cause) {
    const era = diagnosis.input.iis ? ` · IIS ${diagnosis.input.iis.era} (${escapeMrkdwn(diagnosis.input.iis.from)})` : '';
    body.push(section(`*Confidence:* ${cause.confidence}${era}\n${markdownToMrkdwn(cause.summary.replace(/\s+/g, ' '), { ...options, from: cause.article })}`));
    if (notes) body.push(section(notes));
    body.push(section(`*Why*\n${cause.why.map((w) => `• ${escapeMrkdwn(w)}`).join('\n')}`));
    const shown = options.allSteps ? cause.steps : cause.steps.slice(0, STEP_PREVIEW);
    hiddenSteps = shown.length < cause.steps.length;
    shown.forEach((_step, n) => {
      const text = stepText(cause, n, diagnosis, options);
      body.push(section(n === 0 ? `*Fix*\n${text}` : text));
    });
    if (hiddenSteps) body.push(context([`${cause.steps.length - shown.length} more step(s): press *All steps*, or read the article.`]));
  } else {
    // With no cause the codes read go beside the notes: the first message must fit FIRST_ANSWER_BLOCKS.
    const codes = diagnosis.notes.filter((n) => n.startsWith('Code read:')).slice(0, 3).map((n) => `_${escapeMrkdwn(n)}_`);
    const text = [notes, ...codes].filter(Boolean).join('\n');
    if (text) body.push(section(text));
  }
  // The first message stays short: one check there, every check behind All steps.
  const checks = options.allSteps ? diagnosis.next : diagnosis.next.slice(0, 1);
  if (checks.length < diagnosis.next.length) hiddenSteps = true;
  for (const check of checks) body.push(section(nextCheckText(check, options)));
  if (cause) body.push(...codeContext(diagnosis.notes));

  const tail: KnownBlock[] = [];
  if (cause) tail.push(section(`*Article:* ${articleRef(cause.article, options)}`));
  const others = diagnosis.causes.filter((_, i) => i !== featured).slice(0, 4);
  if (others.length > 0) {
    tail.push(context([alsoPossible(others)]));
  }
  const asked = questionButtons(diagnosis, options);
  const question = asked.length > 0 ? questionText(diagnosis) : undefined;
  if (question) tail.push(context([question]), ...asked);
  tail.push(...actions(diagnosis, featured, options, hiddenSteps), ...footer(diagnosis));

  const overflow = cause ? `…shortened to fit Slack. The full text: ${articleRef(cause.article, options)}` : '…shortened to fit Slack.';
  const blocks = assemble(head, body, tail, overflow);
  const text = fallbackText([options.notice ?? '', title, cause ? `confidence ${cause.confidence}` : '', cause?.summary.replace(/\s+/g, ' ') ?? diagnosis.notes[0] ?? '']);
  return { text, blocks: withByline(blocks, options) };
}

/** The answer for one diagnosis, within Block Kit limits, with fallback text. */
export function renderSlack(diagnosis: Diagnosis, options: SlackRenderOptions = {}): SlackMessage {
  if (diagnosis.verdict === 'help') return deepWellFormed(renderHelp(diagnosis, options));
  if (diagnosis.verdict === 'search') return deepWellFormed(renderSearch(diagnosis, options));
  return deepWellFormed(renderCauses(diagnosis, options));
}

export interface ScanAnswerOptions {
  readonly fileName: string;
  /** mrkdwn sections from the scanner (trusted: it escapes what it quotes). */
  readonly sections: readonly string[];
  readonly text: string;
  readonly kbVersion: string;
  readonly inputHash?: string;
  readonly topCause?: { readonly id: string; readonly rules: readonly string[]; readonly article?: string };
  readonly kbBaseUrl?: string;
  /** The 401 summary as a table block; the scanner's own code-block table (a section opening with ```) is then left out. */
  readonly table?: ScanTable;
}

/** Slack's table block (docs.slack.dev/reference/block-kit/blocks/table-block): raw_text cells, numbers right-aligned. */
function tableBlock(table: ScanTable): KnownBlock {
  const cell = (text: string): types.RawTextElement => ({ type: 'raw_text', text: truncatePlain(text || '-', 200) });
  return {
    type: 'table',
    column_settings: [{ is_wrapped: true }, { align: 'right' }, { align: 'right' }, { align: 'right' }],
    rows: [table.header, ...table.rows].slice(0, 100).map((row) => row.map(cell)),
  };
}

/** A log-scan report as a message: the scanner's sections within the limits, a vote, a footer. */
export function renderScanAnswer(options: ScanAnswerOptions): SlackMessage {
  const head: KnownBlock[] = [header(`Log scan: ${options.fileName}`)];
  const sections = options.table ? options.sections.filter((s) => !s.startsWith('```')) : options.sections;
  const body: KnownBlock[] = sections.map((s) => section(s));
  if (options.table) {
    body.splice(Math.min(1, body.length), 0, tableBlock(options.table));
    if (options.table.more > 0) body.splice(2, 0, context([`… and ${options.table.more} more code pairs (iis401 scan --json lists them all)`]));
  }
  const tail: KnownBlock[] = [];
  const cause = options.topCause;
  if (cause?.article) tail.push(section(`*Article:* ${articleRef(cause.article, options)}`));
  if (options.inputHash) {
    const value: ButtonValue = { h: options.inputHash, i: 0, ...(cause ? { c: cause.id, r: cause.rules } : {}), k: options.kbVersion };
    tail.push({ type: 'actions', block_id: 'iis401_scan', elements: [button('Helped', ACTIONS.helped, value), button("Didn't help", ACTIONS.notHelped, value)] });
  }
  const blocks = assemble(head, body, tail, '…the report was shortened to fit Slack; run `iis401 scan` on the file for all of it.');
  return deepWellFormed({ text: truncatePlain(options.text || `Log scan: ${options.fileName}`, SLACK_LIMITS.fallbackText), blocks });
}

/** A short message (failures, expiries, size limits) as blocks plus fallback text. */
export function renderNotice(text: string): SlackMessage {
  const escaped = escapeMrkdwn(text);
  return deepWellFormed({ text: truncatePlain(escaped, SLACK_LIMITS.fallbackText), blocks: [section(escaped)] });
}
