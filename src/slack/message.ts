import type { Context } from '@slack/bolt';

/** The fields of a message event the listeners read (Bolt's union type is wider than we need). */
export interface MessageLike {
  readonly type: string;
  readonly subtype?: string;
  readonly bot_id?: string;
  readonly user?: string;
  readonly text?: string;
  readonly ts: string;
  readonly thread_ts?: string;
  readonly channel: string;
  readonly channel_type?: string;
}

/**
 * A message a person wrote. Bolt's ignoreSelf drops only our own bot_message and events whose top-level
 * user is the bot; other bots, edits (message_changed has no top-level user) and deletions still arrive.
 */
export function isFromPerson(message: MessageLike, context: Context, allowedSubtypes: readonly string[] = []): boolean {
  if (message.subtype !== undefined && !allowedSubtypes.includes(message.subtype)) return false;
  if (message.bot_id) return false;
  if (typeof message.user !== 'string' || message.user === '') return false;
  return message.user !== context.botUserId;
}

/** The key under which one posted message is answered once, whichever event brings it. */
export function messageKey(channel: string, ts: string): string {
  return `msg:${channel}:${ts}`;
}
