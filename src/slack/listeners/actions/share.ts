import type { BlockButtonAction, Middleware, SlackActionMiddlewareArgs } from '@slack/bolt';
import { ACTIONS, decodeButtonValue } from '../../../render/slack.js';
import { answerAgain, EXPIRED_TEXT, noticeAnswer, tellStopOrFailure } from '../../answer.js';
import type { Registration } from '../../registration.js';
import { replyPrivately } from '../../reply.js';
import type { SlackServices } from '../../services.js';

export const registration = { kind: 'action', actionId: ACTIONS.share } as const satisfies Registration;

/**
 * "Share in channel": posts the answer for everyone through the response_url (works where the bot is not
 * a member). It is rebuilt from the redacted input, so no secret of the paste can reach the channel.
 */
export function shareAction(services: SlackServices): Middleware<SlackActionMiddlewareArgs<BlockButtonAction>> {
  return async ({ ack, action, body, respond, client, logger }) => {
    await ack();
    const target = { client, user: body.user.id, ...(body.channel?.id ? { channel: body.channel.id } : {}), respond };
    try {
      const value = decodeButtonValue(action.value);
      const message = value && (await answerAgain(services, value, { featured: value.i, allSteps: value.a === 1, share: false, byline: `Shared by <@${body.user.id}>` }));
      if (!message) {
        await replyPrivately(target, noticeAnswer(EXPIRED_TEXT));
        return;
      }
      if (respond) {
        await respond({ response_type: 'in_channel', replace_original: false, text: message.text, blocks: message.blocks });
        // The private copy would sit under the public one, buttons and all: it goes once shared.
        await respond({ delete_original: true });
      }
      else if (body.channel?.id) await client.chat.postMessage({ channel: body.channel.id, text: message.text, blocks: message.blocks, unfurl_links: false });
    } catch (error) {
      await tellStopOrFailure(logger, 'the Share in channel button', error, (message) => replyPrivately(target, message));
    }
  };
}
