import type { IncomingMessage, ServerResponse } from 'node:http';
import { HTTPReceiver } from '@slack/bolt';
import type { Logger, Receiver } from '@slack/bolt';

/** How far a request's signed timestamp may be ahead of our clock (s): the five minutes Bolt allows behind it. */
export const MAX_FUTURE_SKEW_S = 5 * 60;

/**
 * Bolt's HTTPReceiver refuses a signed request dated more than five minutes ago but accepts one dated
 * any time ahead, which a captured request signed with a future timestamp could be replayed with for as
 * long. This refuses those with 401, as Bolt does stale ones, before the body is read or any listener runs.
 */
export function refuseFutureDated(receiver: Receiver | undefined, logger: Logger, now: () => number = Date.now): void {
  if (!(receiver instanceof HTTPReceiver)) return;
  const listener = receiver.requestListener;
  receiver.requestListener = (request: IncomingMessage, response: ServerResponse) => {
    const stamp = Number(request.headers['x-slack-request-timestamp']);
    if (Number.isFinite(stamp) && stamp > Math.floor(now() / 1000) + MAX_FUTURE_SKEW_S) {
      logger.warn(`iis401: refused a request dated ${stamp - Math.floor(now() / 1000)} s in the future`);
      request.resume();
      response.writeHead(401);
      response.end();
      return;
    }
    listener(request, response);
  };
}

/** The receiver Bolt built for the app (the App keeps it in a field its types call private). */
export function receiverOf(app: object): Receiver | undefined {
  return (app as { receiver?: Receiver }).receiver;
}
