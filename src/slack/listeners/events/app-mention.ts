import type { Middleware, SlackEventMiddlewareArgs } from '@slack/bolt';
import { answerInput, helpAnswer, noticeAnswer } from '../../answer.js';
import { tellFailure } from '../../failure.js';
import { isFromPerson, messageKey } from '../../message.js';
import type { MessageLike } from '../../message.js';
import type { Registration } from '../../registration.js';
import { postInThread } from '../../reply.js';
import type { SlackServices } from '../../services.js';
import { fromSlackText } from '../../slack-text.js';
import { logAnswer } from '../../log.js';

export const registration = { kind: 'event', event: 'app_mention' } as const satisfies Registration;

/**
 * @iis401 <paste>: diagnoses the text without the mention, in the thread. A mention alone inside a
 * thread diagnoses the thread's first message (conversations.replies needs the *:history scopes).
 */
export function appMention(services: SlackServices): Middleware<SlackEventMiddlewareArgs<'app_mention'>> {
  return async ({ event, context, client, logger }) => {
    const started = performance.now();
    const mention = { ...event, type: 'app_mention' } as unknown as MessageLike;
    if (!isFromPerson(mention, context, ['thread_broadcast'])) return;
    // The same post also arrives as a message event; whichever comes first answers.
    if (!services.seen.claim(messageKey(mention.channel, mention.ts))) return;
    const threadTs = mention.thread_ts ?? mention.ts;
    try {
      let text = fromSlackText(mention.text ?? '', context.botUserId);
      let notice: string | undefined;
      if (text === '' && mention.thread_ts && mention.thread_ts !== mention.ts) {
        const replies = await client.conversations.replies({ channel: mention.channel, ts: mention.thread_ts, limit: 1, inclusive: true });
        const parent = replies.messages?.[0];
        text = fromSlackText(parent?.text ?? '', context.botUserId);
        notice = text === '' ? undefined : 'Diagnosis of the first message of this thread.';
        if (text === '') {
          await postInThread(client, mention.channel, threadTs, noticeAnswer('The first message of this thread has no text I can read. Mention me with the log line, event or error page, or share the .log file with me.'));
          return;
        }
      }
      const answer = text === '' ? helpAnswer(services) : await answerInput(services, text, notice ? { notice } : {});
      await postInThread(client, mention.channel, threadTs, answer);
      logAnswer(logger, 'mention', answer, started);
    } catch (error) {
      await tellFailure(logger, 'a mention', error, (reply) => postInThread(client, mention.channel, threadTs, noticeAnswer(reply)));
    }
  };
}
