import type { MessageShortcut, Middleware, SlackShortcutMiddlewareArgs } from '@slack/bolt';
import { answerInput, noticeAnswer, NO_TEXT } from '../../answer.js';
import { tellFailure } from '../../failure.js';
import type { Registration } from '../../registration.js';
import { replyPrivately } from '../../reply.js';
import type { SlackServices } from '../../services.js';
import { fromSlackText } from '../../slack-text.js';
import { logAnswer } from '../../log.js';

export const registration = { kind: 'shortcut', type: 'message', callbackId: 'diagnose_401' } as const satisfies Registration;

/** Message shortcut "Diagnose 401": diagnoses the chosen message and answers only the person who asked. */
export function diagnose401Shortcut(services: SlackServices): Middleware<SlackShortcutMiddlewareArgs<MessageShortcut>> {
  return async ({ shortcut, ack, respond, client, context, logger }) => {
    const started = performance.now();
    await ack();
    const target = { client, channel: shortcut.channel.id, user: shortcut.user.id, respond };
    try {
      const text = fromSlackText(shortcut.message.text ?? '', context.botUserId);
      const answer = text === '' ? noticeAnswer(NO_TEXT) : await answerInput(services, text, { share: true });
      await replyPrivately(target, answer);
      logAnswer(logger, 'shortcut', answer, started);
    } catch (error) {
      await tellFailure(logger, 'the Diagnose 401 shortcut', error, (reply) => replyPrivately(target, noticeAnswer(reply)));
    }
  };
}
