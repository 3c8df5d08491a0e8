import { randomBytes } from 'node:crypto';
import type { Logger } from '@slack/bolt';

/** A short id that ties what the user is told to the log line with the detail. */
export function newReference(): string {
  return randomBytes(4).toString('hex');
}

/**
 * Logs the failure with a fresh reference id and returns the one line the user sees: no stack trace, no
 * error text (it may quote the paste), only the id to look up.
 */
export function reportFailure(logger: Logger, where: string, error: unknown): string {
  const reference = newReference();
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  logger.error(`iis401 [ref ${reference}] ${where} failed: ${detail}`);
  return `Sorry, something went wrong while answering. Reference: ${reference} (the details are in the bot's log under this id).`;
}

/** Reports the failure and tells the user with `send`; a failure to tell is logged, never thrown. */
export async function tellFailure(logger: Logger, where: string, error: unknown, send: (text: string) => Promise<unknown>): Promise<void> {
  const text = reportFailure(logger, where, error);
  try {
    await send(text);
  } catch (second) {
    logger.error(`iis401: could not tell the user about a failure: ${second instanceof Error ? second.message : String(second)}`);
  }
}
