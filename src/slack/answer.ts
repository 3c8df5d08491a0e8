import type { Logger } from '@slack/bolt';
import type { Diagnosis } from '../diagnose.js';
import { answersOfButton, renderNotice, renderSlack } from '../render/slack.js';
import type { ButtonValue, SlackMessage, SlackRenderOptions } from '../render/slack.js';
import { BudgetExceededError, PoolBusyError, PoolClosedError } from '../worker/pool.js';
import type { PreparedInput } from '../worker/tasks.js';
import { tellFailure } from './failure.js';
import type { SlackServices } from './services.js';

// From text to a Slack answer. The input is redacted and diagnosed in a worker thread under the answer's
// budget (src/worker/), before it is hashed or remembered; it is remembered (in memory, for an hour) only
// so that "Next cause" and "All steps" can re-render.

export { hashInput } from '../worker/tasks.js';
export type { PreparedInput } from '../worker/tasks.js';

export const EXPIRED_TEXT = 'That answer is more than an hour old, so its input is gone (pastes are kept in memory only, never on disk). Paste it again, or run /iis401 again.';
export const NO_TEXT = 'That message has no text I can read. Paste the log line, the event or the error page as text, or share the .log file with me.';

/** What an over-budget task is answered with: what happened, and how to ask so that it fits. */
export const OVER_BUDGET_TEXT = 'That is too large or too unusual to read in time, so I stopped reading it. Here is how to narrow it: paste one log line (the 401 and the line before it), or the one Security event logged at the same moment, or the error page without its boilerplate; for whole log files, run `iis401 scan` on the server where they are.';
export const BUSY_TEXT = 'I am reading many large pastes and files right now, so I did not start on that one. Ask again in a minute; a single log line or event is always answered quickly.';
export const STOPPING_TEXT = 'I am restarting and could not finish that answer. Ask again in a minute.';
export const WORKING_TEXT = 'Reading that paste: the answer follows here in a moment.';

export interface Answer extends SlackMessage {
  readonly diagnosis: Diagnosis;
  readonly hash: string;
}

export type AnswerOptions = Pick<SlackRenderOptions, 'share' | 'featured' | 'allSteps' | 'notice' | 'byline'>;

/** Redacts and diagnoses `text` in a worker; rejects with BudgetExceededError when it runs over budget. */
export function prepareInput(services: SlackServices, text: string, answers?: Readonly<Record<string, string>>): Promise<PreparedInput> {
  return services.tasks.run({ kind: 'paste', text, ...(answers && Object.keys(answers).length > 0 ? { answers } : {}) });
}

/** The kind answer to a task that was stopped or refused (over budget, busy, the bot stopping); undefined for other errors. */
export function budgetNotice(error: unknown): SlackMessage | undefined {
  if (error instanceof BudgetExceededError) return renderNotice(OVER_BUDGET_TEXT);
  if (error instanceof PoolBusyError) return renderNotice(BUSY_TEXT);
  if (error instanceof PoolClosedError) return renderNotice(STOPPING_TEXT);
  return undefined;
}

/** `work`, or the budget notice when it was stopped; other errors are thrown on. */
export async function orBudgetNotice(work: Promise<SlackMessage>): Promise<SlackMessage> {
  try {
    return await work;
  } catch (error) {
    const notice = budgetNotice(error);
    if (notice) return notice;
    throw error;
  }
}

/** Tells the user why a task stopped (budget, restart), or reports any other failure with a reference id. */
export async function tellStopOrFailure(logger: Logger, where: string, error: unknown, send: (message: SlackMessage) => Promise<unknown>): Promise<void> {
  const notice = budgetNotice(error);
  if (!notice) return tellFailure(logger, where, error, (text) => send(renderNotice(text)));
  logger.info(`iis401: ${where} was stopped: ${error instanceof Error ? error.message : String(error)}`);
  try {
    await send(notice);
  } catch (second) {
    logger.error(`iis401: could not tell the user why ${where} stopped: ${second instanceof Error ? second.message : String(second)}`);
  }
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

/** The answer to a paste, or the budget notice when reading it was stopped. */
export function answerInput(services: SlackServices, text: string, options: AnswerOptions = {}): Promise<SlackMessage> {
  return orBudgetNotice(prepareInput(services, text).then((prepared) => renderAnswer(services, prepared, options)));
}

/** The answer a button asks for, from the remembered input; undefined once it has expired. */
export async function answerAgain(services: SlackServices, value: ButtonValue, options: AnswerOptions): Promise<SlackMessage | undefined> {
  const redacted = services.inputs.get(value.h);
  if (redacted === undefined) return undefined;
  // A budget stop is thrown on (tellStopOrFailure answers it privately): a notice must never be shared.
  const prepared = await prepareInput(services, redacted, answersOfButton(value));
  return renderSlack(prepared.diagnosis, renderOptions(services, value.h, options));
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

/** Verbs and their argument are short: longer text is a paste, never a malformed verb. */
const MAX_VERB_TEXT = 200;

/**
 * Most command text diagnosed (characters). Slack itself sends far less; the cap keeps one command's
 * cost bounded whatever arrives.
 */
export const MAX_COMMAND_TEXT = 256 * 1024;

/** The slash command: empty text or `help` gives the help, a malformed argument a kind usage answer. */
export async function commandAnswer(services: SlackServices, text: string): Promise<SlackMessage> {
  const trimmed = text.trim();
  if (trimmed === '') return helpAnswer(services);
  return orBudgetNotice(answerCommandText(services, trimmed));
}

async function answerCommandText(services: SlackServices, trimmed: string): Promise<SlackMessage> {
  const cut = trimmed.length > MAX_COMMAND_TEXT;
  const prepared = await prepareInput(services, cut ? trimmed.slice(0, MAX_COMMAND_TEXT) : trimmed);
  const usage = trimmed.length <= MAX_VERB_TEXT ? VERB_USAGE.find(([pattern]) => pattern.test(trimmed.replace(/\s+/g, ' '))) : undefined;
  if (usage && !prepared.diagnosis.symptoms.command) {
    return helpAnswer(services, `I could not read "${prepared.redacted.slice(0, 60)}": ${usage[1]}`);
  }
  const notice = cut ? `That paste is ${trimmed.length.toLocaleString('en-US')} characters; only the first ${MAX_COMMAND_TEXT.toLocaleString('en-US')} were read. Share the log file with me to have all of it scanned.` : undefined;
  return renderAnswer(services, prepared, { share: true, ...(notice ? { notice } : {}) });
}
