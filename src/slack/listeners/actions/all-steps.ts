import type { BlockButtonAction, Middleware, SlackActionMiddlewareArgs } from '@slack/bolt';
import { ACTIONS, decodeButtonValue } from '../../../render/slack.js';
import { answerAgain, EXPIRED_TEXT, noticeAnswer, tellStopOrFailure } from '../../answer.js';
import type { Registration } from '../../registration.js';
import { replyPrivately } from '../../reply.js';
import type { SlackServices } from '../../services.js';

export const registration = { kind: 'action', actionId: ACTIONS.allSteps } as const satisfies Registration;

/** "All steps": the same cause with every fix step (replaced in place when the answer was private). */
export function allStepsAction(services: SlackServices): Middleware<SlackActionMiddlewareArgs<BlockButtonAction>> {
  return async ({ ack, action, body, respond, client, logger }) => {
    await ack();
    const target = { client, user: body.user.id, ...(body.channel?.id ? { channel: body.channel.id } : {}), respond };
    try {
      const value = decodeButtonValue(action.value);
      const message = value && (await answerAgain(services, value, { featured: value.i, allSteps: true, share: value.s === 1 }));
      if (!message) {
        await replyPrivately(target, noticeAnswer(EXPIRED_TEXT));
        return;
      }
      await replyPrivately(target, message, { replace: body.container?.is_ephemeral === true });
    } catch (error) {
      await tellStopOrFailure(logger, 'the All steps button', error, (message) => replyPrivately(target, message));
    }
  };
}
