import { renderScanAnswer } from '../render/slack.js';
import type { SlackMessage } from '../render/slack.js';
import { BudgetExceededError } from '../worker/pool.js';
import { renderAnswer } from './answer.js';
import type { SlackServices } from './services.js';

export { decodeText } from '../worker/tasks.js';

/** Files the bot reads: W3C / HTTPERR logs and text exports of events or error pages. */
export const READABLE_FILE = /\.(log|txt)$/i;

export type FileAnswer =
  | {
      readonly kind: 'answer';
      readonly message: SlackMessage;
      /** The file holds a 401 (or another IIS 401 signal): worth answering in a channel. */
      readonly found: boolean;
    }
  /** The scan ran over its budget and was stopped: the person who shared it hears why, privately in a channel. */
  | { readonly kind: 'over-budget' };

/**
 * Scans a shared log in a worker, under the file budget; when the scanner fails the text is diagnosed as
 * a paste instead (in the same task), so a shared file always gets an answer.
 */
export async function answerFile(services: SlackServices, data: Buffer, name: string): Promise<FileAnswer> {
  let result;
  try {
    result = await services.tasks.run({ kind: 'file', data, name });
  } catch (error) {
    if (error instanceof BudgetExceededError) return { kind: 'over-budget' };
    throw error;
  }
  if (result.kind === 'paste') {
    services.logger.warn(`iis401: the scanner could not read ${name} (${result.warning}); diagnosing it as a paste`);
    const cut = result.cut ? ' (its first part)' : '';
    return { kind: 'answer', message: renderAnswer(services, result.prepared, { notice: `I read ${name} as a paste${cut}.` }), found: result.prepared.signal };
  }
  const message = renderScanAnswer({
    fileName: name,
    sections: [...result.sections],
    text: result.text,
    kbVersion: services.engine.kb.version,
    inputHash: result.inputHash,
    ...(result.table ? { table: result.table } : {}),
    ...(result.topCause ? { topCause: result.topCause } : {}),
    ...(services.config.kbBaseUrl ? { kbBaseUrl: services.config.kbBaseUrl } : {}),
  });
  return { kind: 'answer', message, found: result.found };
}
