import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import type { LruCache } from './lru-cache.js';

/**
 * Drops an Events API delivery whose event_id was already handled: Slack retries (x-slack-retry-num,
 * Socket Mode retry_attempt) when an ack is late, and reconnects can replay. A retry whose first delivery
 * never arrived is still handled: only ids seen here are dropped. Events are acked before this runs.
 */
export function dedupeDeliveries(seen: LruCache<true>): Middleware<AnyMiddlewareArgs> {
  return async ({ body, context, logger, next }) => {
    const eventId = (body as { event_id?: unknown }).event_id;
    if (typeof eventId === 'string' && !seen.claim(`event:${eventId}`)) {
      logger.debug(`iis401: skipped a repeated delivery of ${eventId}${context.retryNum ? ` (retry ${context.retryNum}, ${context.retryReason ?? 'no reason'})` : ''}`);
      return;
    }
    await next();
  };
}
