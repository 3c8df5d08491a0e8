import type { BlockButtonAction, Middleware, SlackActionMiddlewareArgs } from '@slack/bolt';
import { noticeAnswer } from '../../answer.js';
import { tellFailure } from '../../failure.js';
import type { VoteKind } from '../../feedback.js';
import type { Registration } from '../../registration.js';
import { replyPrivately } from '../../reply.js';
import type { SlackServices } from '../../services.js';
import { ACTIONS, decodeButtonValue } from '../../../render/slack.js';

export const registrations = [
  { kind: 'action', actionId: ACTIONS.helped },
  { kind: 'action', actionId: ACTIONS.notHelped },
] as const satisfies readonly Registration[];

const THANKS: Record<VoteKind, string> = {
  helped: 'Thanks, noted: it helped.',
  'not-helped': "Thanks, noted. Try *Next cause*, or paste more: the Security event logged at the same time, or the whole error page.",
};

/**
 * "Helped" / "Didn't help": one JSON line per vote in feedback.jsonl (cause, rules, input hash, never
 * the input). A second click on the same answer by the same person is not counted again.
 */
export function voteAction(services: SlackServices, vote: VoteKind): Middleware<SlackActionMiddlewareArgs<BlockButtonAction>> {
  return async ({ ack, action, body, respond, client, logger }) => {
    await ack();
    const target = { client, user: body.user.id, ...(body.channel?.id ? { channel: body.channel.id } : {}), respond };
    try {
      const value = decodeButtonValue(action.value);
      if (!value) {
        await replyPrivately(target, noticeAnswer('That button belongs to an answer I can no longer read. Ask again and vote on the new answer.'));
        return;
      }
      if (!services.seen.claim(`vote:${body.user.id}:${value.h}:${value.i}`)) {
        await replyPrivately(target, noticeAnswer('Your vote on this answer is already noted.'));
        return;
      }
      await services.feedback.append({ at: new Date().toISOString(), vote, cause: value.c ?? null, rules: value.r ?? [], inputSha256: value.h, ...(value.k ? { kb: value.k } : {}) });
      await replyPrivately(target, noticeAnswer(THANKS[vote]));
    } catch (error) {
      await tellFailure(logger, 'a feedback vote', error, (reply) => replyPrivately(target, noticeAnswer(reply)));
    }
  };
}
