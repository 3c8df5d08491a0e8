import type { Middleware, SlackEventMiddlewareArgs } from '@slack/bolt';
import { BudgetExceededError, PoolBusyError } from '../../../worker/pool.js';
import { prepareInput, renderAnswer, tellStopOrFailure } from '../../answer.js';
import { reportFailure, tellFailure } from '../../failure.js';
import { isFromPerson, messageKey } from '../../message.js';
import type { MessageLike } from '../../message.js';
import type { Registration } from '../../registration.js';
import { postInThread } from '../../reply.js';
import type { SlackServices } from '../../services.js';
import { mayCarryIisSignal } from '../../signal.js';
import { fromSlackText, mentions } from '../../slack-text.js';
import { logAnswer } from '../../log.js';

export const registration = { kind: 'event', event: 'message', channelTypes: ['channel', 'group'] } as const satisfies Registration;

const CHANNEL_TYPES: readonly string[] = registration.channelTypes;

/**
 * A message in a channel the bot is in: answered in its thread only when it carries an IIS 401 signal
 * (see signal.ts). Messages that mention the bot are left to the app_mention listener. A message that
 * cannot carry one is never diagnosed; one whose reading runs over budget gets a private note.
 */
export function channelMessage(services: SlackServices): Middleware<SlackEventMiddlewareArgs<'message'>> {
  return async ({ event, context, client, logger }) => {
    const started = performance.now();
    const message = event as unknown as MessageLike;
    if (!CHANNEL_TYPES.includes(message.channel_type ?? '')) return;
    if (!isFromPerson(message, context, ['thread_broadcast']) || !message.text) return;
    if (mentions(message.text, context.botUserId)) return;
    const threadTs = message.thread_ts ?? message.ts;
    const text = fromSlackText(message.text, context.botUserId);
    if (!mayCarryIisSignal(text)) return;
    const tell = (reply: string): Promise<unknown> => client.chat.postEphemeral({ channel: message.channel, user: message.user ?? '', thread_ts: threadTs, text: reply });
    let answering = false;
    try {
      const prepared = await prepareInput(services, text);
      if (!prepared.signal) return;
      if (!services.seen.claim(messageKey(message.channel, message.ts))) return;
      answering = true;
      const answer = renderAnswer(services, prepared);
      await postInThread(client, message.channel, threadTs, answer);
      logAnswer(logger, 'channel', answer, started);
    } catch (error) {
      // Only a message we set out to answer deserves a word back; otherwise the log is enough. A paste
      // stopped over budget may well have been one: its author hears why, privately. One not read because
      // the bot is busy may be mere talk with a number in it, so the channel is not told.
      if (!answering && error instanceof BudgetExceededError && services.seen.claim(messageKey(message.channel, message.ts))) {
        await tellStopOrFailure(logger, 'a channel message', error, (notice) => tell(notice.text));
        return;
      }
      if (!answering && error instanceof PoolBusyError) {
        logger.warn(`iis401: a channel message was not read: ${error.message}`);
        return;
      }
      if (!answering) {
        reportFailure(logger, 'a channel message', error);
        return;
      }
      await tellFailure(logger, 'a channel message', error, tell);
    }
  };
}
