import type { Middleware, SlackEventMiddlewareArgs } from '@slack/bolt';
import { prepareInput, renderAnswer } from '../../answer.js';
import { reportFailure, tellFailure } from '../../failure.js';
import { isFromPerson, messageKey } from '../../message.js';
import type { MessageLike } from '../../message.js';
import type { Registration } from '../../registration.js';
import { postInThread } from '../../reply.js';
import type { SlackServices } from '../../services.js';
import { carriesIisSignal } from '../../signal.js';
import { fromSlackText, mentions } from '../../slack-text.js';
import { logAnswer } from '../../log.js';

export const registration = { kind: 'event', event: 'message', channelTypes: ['channel', 'group'] } as const satisfies Registration;

const CHANNEL_TYPES: readonly string[] = registration.channelTypes;

/**
 * A message in a channel the bot is in: answered in its thread only when it carries an IIS 401 signal
 * (see signal.ts). Messages that mention the bot are left to the app_mention listener.
 */
export function channelMessage(services: SlackServices): Middleware<SlackEventMiddlewareArgs<'message'>> {
  return async ({ event, context, client, logger }) => {
    const started = performance.now();
    const message = event as unknown as MessageLike;
    if (!CHANNEL_TYPES.includes(message.channel_type ?? '')) return;
    if (!isFromPerson(message, context, ['thread_broadcast']) || !message.text) return;
    if (mentions(message.text, context.botUserId)) return;
    const threadTs = message.thread_ts ?? message.ts;
    let answering = false;
    try {
      const prepared = prepareInput(services, fromSlackText(message.text, context.botUserId));
      if (!carriesIisSignal(prepared.diagnosis)) return;
      if (!services.seen.claim(messageKey(message.channel, message.ts))) return;
      answering = true;
      const answer = renderAnswer(services, prepared);
      await postInThread(client, message.channel, threadTs, answer);
      logAnswer(logger, 'channel', answer, started);
    } catch (error) {
      // Only a message we set out to answer deserves a word back; otherwise the log is enough.
      if (!answering) {
        reportFailure(logger, 'a channel message', error);
        return;
      }
      await tellFailure(logger, 'a channel message', error, (text) =>
        client.chat.postEphemeral({ channel: message.channel, user: message.user ?? '', thread_ts: threadTs, text }),
      );
    }
  };
}
