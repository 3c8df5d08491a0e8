import { createHash } from 'node:crypto';
import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import type { LruCache } from './lru-cache.js';

/** The key under which one slash command is answered once: its trigger_id and a hash of its whole body. */
export function commandKey(body: Record<string, unknown>): string | undefined {
  if (typeof body.command !== 'string' || typeof body.trigger_id !== 'string') return undefined;
  return `command:${body.trigger_id}:${createHash('sha256').update(JSON.stringify(body)).digest('hex')}`;
}

/**
 * Drops an Events API delivery whose event_id was already handled: Slack retries (x-slack-retry-num,
 * Socket Mode retry_attempt) when an ack is late, and reconnects can replay. A retry whose first delivery
 * never arrived is still handled: only ids seen here are dropped. Events are acked before this runs.
 * A slash command is never retried by Slack, so one that arrives twice (same trigger_id, same body) is a
 * replay of a captured request: it is acked empty and answered no more.
 */
export function dedupeDeliveries(seen: LruCache<true>): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const { body, context, logger, next } = args;
    const eventId = (body as { event_id?: unknown }).event_id;
    if (typeof eventId === 'string' && !seen.claim(`event:${eventId}`)) {
      logger.debug(`iis401: skipped a repeated delivery of ${eventId}${context.retryNum ? ` (retry ${context.retryNum}, ${context.retryReason ?? 'no reason'})` : ''}`);
      return;
    }
    const command = commandKey(body as Record<string, unknown>);
    if (command && !seen.claim(command)) {
      logger.warn(`iis401: refused a replayed slash command (trigger_id ${String((body as { trigger_id?: unknown }).trigger_id)})`);
      const ack = (args as { ack?: () => Promise<void> }).ack;
      await ack?.();
      return;
    }
    await next();
  };
}
