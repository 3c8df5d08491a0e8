import type { Middleware, RespondArguments, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { SlackMessage } from '../../../render/slack.js';
import { commandAnswer, WORKING_TEXT } from '../../answer.js';
import { reportFailure, tellFailure } from '../../failure.js';
import type { Registration } from '../../registration.js';
import type { SlackServices } from '../../services.js';
import { logAnswer } from '../../log.js';

export const registration = { kind: 'command', command: '/iis401' } as const satisfies Registration;

/** `work`'s value if it settles within `ms`, else undefined (it keeps running); 0 does not wait at all. */
function within<T>(work: Promise<T>, ms: number): Promise<T | undefined> {
  if (ms <= 0) return Promise.resolve(undefined);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

function ephemeral(message: SlackMessage): RespondArguments {
  return { response_type: 'ephemeral', text: message.text, blocks: message.blocks };
}

/**
 * `/iis401 <paste | event N | 401.x | win32 N | search words | help>`. The paste is read in a worker; an
 * answer ready within the ack budget rides on the ack itself (no second round trip), privately, with
 * "Share in channel". Otherwise the ack says "working on it" and the answer follows through the
 * response_url, so a slow paste never costs Slack's 3-second ack window, nor anybody else's.
 */
export function iis401Command(services: SlackServices): Middleware<SlackCommandMiddlewareArgs> {
  return async ({ command, ack, respond, logger }) => {
    const started = performance.now();
    let acked = false;
    try {
      const answer = commandAnswer(services, command.text ?? '');
      const quick = await within(answer, services.ackMs);
      acked = true;
      if (quick) {
        await ack(ephemeral(quick));
        logAnswer(logger, 'command', quick, started);
        return;
      }
      await ack({ response_type: 'ephemeral', text: WORKING_TEXT });
      const late = await answer;
      await respond({ ...ephemeral(late), replace_original: false });
      logAnswer(logger, 'command', late, started);
    } catch (error) {
      if (!acked) await ack({ response_type: 'ephemeral', text: reportFailure(logger, 'the /iis401 command', error) });
      else await tellFailure(logger, 'the /iis401 command', error, (text) => respond({ response_type: 'ephemeral', replace_original: false, text }));
    }
  };
}
