import { createHash } from 'node:crypto';
import type { Diagnosis } from '../diagnose.js';
import { MAX_PASTE } from '../parse/index.js';
import { redactSecrets } from '../parse/redact.js';
import { renderNotice, renderSlack } from '../render/slack.js';
import type { ButtonValue, SlackMessage, SlackRenderOptions } from '../render/slack.js';
import type { SlackServices } from './services.js';

// From text to a Slack answer. The input is redacted before it is hashed or remembered, and it is
// remembered (in memory, for an hour) only so that "Next cause" and "All steps" can re-render.

export const EXPIRED_TEXT = 'That answer is more than an hour old, so its input is gone (pastes are kept in memory only, never on disk). Paste it again, or run /iis401 again.';
export const NO_TEXT = 'That message has no text I can read. Paste the log line, the event or the error page as text, or share the .log file with me.';

export interface PreparedInput {
  readonly diagnosis: Diagnosis;
  /** The input with secrets removed and cut to what the parser reads. */
  readonly redacted: string;
  /** sha256 (hex) of `redacted`. */
  readonly hash: string;
}

export interface Answer extends SlackMessage {
  readonly diagnosis: Diagnosis;
  readonly hash: string;
}

export type AnswerOptions = Pick<SlackRenderOptions, 'share' | 'featured' | 'allSteps' | 'notice' | 'byline'>;

export function hashInput(redacted: string): string {
  return createHash('sha256').update(redacted, 'utf8').digest('hex');
}

export function prepareInput(services: SlackServices, text: string): PreparedInput {
  const redacted = redactSecrets(text.slice(0, MAX_PASTE)).text;
  return { diagnosis: services.engine.diagnose(text), redacted, hash: hashInput(redacted) };
}

function renderOptions(services: SlackServices, hash: string | undefined, options: AnswerOptions): SlackRenderOptions {
  return {
    ...options,
    ...(services.config.kbBaseUrl ? { kbBaseUrl: services.config.kbBaseUrl } : {}),
    ...(hash ? { inputHash: hash } : {}),
    pathOf: (id) => services.engine.kb.byId.get(id)?.path,
  };
}

/** Renders a prepared input and remembers it for the paging buttons. */
export function renderAnswer(services: SlackServices, prepared: PreparedInput, options: AnswerOptions = {}): Answer {
  if (prepared.diagnosis.verdict !== 'help') services.inputs.set(prepared.hash, prepared.redacted);
  const message = renderSlack(prepared.diagnosis, renderOptions(services, prepared.diagnosis.verdict === 'help' ? undefined : prepared.hash, options));
  return { ...message, diagnosis: prepared.diagnosis, hash: prepared.hash };
}

export function answerInput(services: SlackServices, text: string, options: AnswerOptions = {}): Answer {
  return renderAnswer(services, prepareInput(services, text), options);
}

/** The answer a button asks for, from the remembered input; undefined once it has expired. */
export function answerAgain(services: SlackServices, value: ButtonValue, options: AnswerOptions): SlackMessage | undefined {
  const redacted = services.inputs.get(value.h);
  if (redacted === undefined) return undefined;
  return renderSlack(services.engine.diagnose(redacted), renderOptions(services, value.h, options));
}

export function helpAnswer(services: SlackServices, notice?: string): SlackMessage {
  return renderSlack(services.engine.diagnose('help'), renderOptions(services, undefined, notice ? { notice } : {}));
}

export function noticeAnswer(text: string): SlackMessage {
  return renderNotice(text);
}

const VERB_USAGE: ReadonlyArray<readonly [RegExp, string]> = [
  [/^(?:event|evt|eventid)(?:\s+\S+)?$/i, '`event` takes a Windows event id, e.g. `/iis401 event 4625` or `/iis401 event 4625 0xC000006A`.'],
  [/^win32(?:\s+\S+)?$/i, '`win32` takes a code, e.g. `/iis401 win32 1326`, `/iis401 win32 0xC000006D` or `/iis401 win32 2148074254`.'],
  [/^(?:search|find)$/i, '`search` needs words, e.g. `/iis401 search guests deny network logon`.'],
];

/**
 * Most command text diagnosed on the ack path (characters). Slack itself sends far less; the cap keeps
 * the answer inside the 3-second ack window whatever arrives.
 */
export const MAX_COMMAND_TEXT = 256 * 1024;

/** The slash command: empty text or `help` gives the help, a malformed argument a kind usage answer. */
export function commandAnswer(services: SlackServices, text: string): SlackMessage {
  const trimmed = text.trim();
  if (trimmed === '') return helpAnswer(services);
  const cut = trimmed.length > MAX_COMMAND_TEXT;
  const prepared = prepareInput(services, cut ? trimmed.slice(0, MAX_COMMAND_TEXT) : trimmed);
  const usage = VERB_USAGE.find(([pattern]) => pattern.test(trimmed.replace(/\s+/g, ' ')));
  if (usage && !prepared.diagnosis.symptoms.command) {
    return helpAnswer(services, `I could not read "${prepared.redacted.slice(0, 60)}": ${usage[1]}`);
  }
  const notice = cut ? `That paste is ${trimmed.length.toLocaleString('en-US')} characters; only the first ${MAX_COMMAND_TEXT.toLocaleString('en-US')} were read. Share the log file with me to have all of it scanned.` : undefined;
  return renderAnswer(services, prepared, { share: true, ...(notice ? { notice } : {}) });
}
