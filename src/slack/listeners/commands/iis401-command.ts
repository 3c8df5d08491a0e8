import type { Middleware, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { commandAnswer } from '../../answer.js';
import { reportFailure } from '../../failure.js';
import type { Registration } from '../../registration.js';
import type { SlackServices } from '../../services.js';
import { logAnswer } from '../../log.js';

export const registration = { kind: 'command', command: '/iis401' } as const satisfies Registration;

/**
 * `/iis401 <paste | event N | 401.x | win32 N | search words | help>`. Diagnosing is synchronous and
 * fast, so the answer rides on the ack itself (no second round trip), privately, with "Share in channel".
 */
export function iis401Command(services: SlackServices): Middleware<SlackCommandMiddlewareArgs> {
  return async ({ command, ack, logger }) => {
    const started = performance.now();
    let acked = false;
    try {
      const answer = commandAnswer(services, command.text ?? '');
      acked = true;
      await ack({ response_type: 'ephemeral', text: answer.text, blocks: answer.blocks });
      logAnswer(logger, 'command', answer, started);
    } catch (error) {
      const text = reportFailure(logger, 'the /iis401 command', error);
      if (!acked) await ack({ response_type: 'ephemeral', text });
    }
  };
}
