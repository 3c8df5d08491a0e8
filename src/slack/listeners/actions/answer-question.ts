import type { BlockButtonAction, Middleware, SlackActionMiddlewareArgs } from '@slack/bolt';
import { ACTIONS, decodeButtonValue } from '../../../render/slack.js';
import { answerAgain, EXPIRED_TEXT, noticeAnswer, tellStopOrFailure } from '../../answer.js';
import type { Registration } from '../../registration.js';
import { replyPrivately } from '../../reply.js';
import type { SlackServices } from '../../services.js';

export const registration = { kind: 'action', actionId: ACTIONS.answerQuestion } as const satisfies Registration;

/**
 * An answer to the next question: the remembered paste is diagnosed again with the answers so far (the
 * button carries them), so the causes are re-ranked and the best one featured. Replaced in place like
 * "Next cause"; on a public answer only the person who clicked sees the re-ranked answer.
 */
export function answerQuestionAction(services: SlackServices): Middleware<SlackActionMiddlewareArgs<BlockButtonAction>> {
  return async ({ ack, action, body, respond, client, logger }) => {
    await ack();
    const target = { client, user: body.user.id, ...(body.channel?.id ? { channel: body.channel.id } : {}), respond };
    try {
      const value = decodeButtonValue(action.value);
      const message = value && (await answerAgain(services, value, { featured: 0, allSteps: value.a === 1, share: value.s === 1 }));
      if (!message) {
        await replyPrivately(target, noticeAnswer(EXPIRED_TEXT));
        return;
      }
      await replyPrivately(target, message, { replace: body.container?.is_ephemeral === true });
    } catch (error) {
      await tellStopOrFailure(logger, 'an answer to the question', error, (message) => replyPrivately(target, message));
    }
  };
}
