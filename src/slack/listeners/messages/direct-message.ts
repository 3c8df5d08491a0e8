import type { Middleware, SlackEventMiddlewareArgs } from '@slack/bolt';
import { answerInput, noticeAnswer } from '../../answer.js';
import { tellFailure } from '../../failure.js';
import { isFromPerson, messageKey } from '../../message.js';
import type { MessageLike } from '../../message.js';
import type { Registration } from '../../registration.js';
import { postInThread } from '../../reply.js';
import type { SlackServices } from '../../services.js';
import { fromSlackText } from '../../slack-text.js';
import { logAnswer } from '../../log.js';

export const registration = { kind: 'event', event: 'message', channelTypes: ['im'] } as const satisfies Registration;

/** A direct message: every message a person sends is diagnosed (a file alone is left to file_shared). */
export function directMessage(services: SlackServices): Middleware<SlackEventMiddlewareArgs<'message'>> {
  return async ({ event, context, client, logger }) => {
    const started = performance.now();
    const message = event as unknown as MessageLike;
    if (message.channel_type !== 'im') return;
    if (!isFromPerson(message, context, ['file_share'])) return;
    const text = fromSlackText(message.text ?? '', context.botUserId);
    if (text === '') return;
    if (!services.seen.claim(messageKey(message.channel, message.ts))) return;
    try {
      const answer = await answerInput(services, text);
      await postInThread(client, message.channel, message.thread_ts, answer);
      logAnswer(logger, 'dm', answer, started);
    } catch (error) {
      await tellFailure(logger, 'a direct message', error, (reply) => postInThread(client, message.channel, message.thread_ts, noticeAnswer(reply)));
    }
  };
}
