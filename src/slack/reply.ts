import type { RespondFn } from '@slack/bolt';
import type { webApi } from '@slack/bolt';
import type { SlackMessage } from '../render/slack.js';

export interface PrivateTarget {
  readonly respond?: RespondFn;
  readonly client: webApi.WebClient;
  readonly channel?: string;
  readonly user?: string;
}

/**
 * Answers only the person who asked: through the payload's response_url when there is one (works in
 * channels the bot is not in), else chat.postEphemeral.
 */
export async function replyPrivately(target: PrivateTarget, message: SlackMessage, options: { replace?: boolean } = {}): Promise<void> {
  if (target.respond) {
    await target.respond({ response_type: 'ephemeral', replace_original: Boolean(options.replace), text: message.text, blocks: message.blocks });
    return;
  }
  if (target.channel && target.user) {
    await target.client.chat.postEphemeral({ channel: target.channel, user: target.user, text: message.text, blocks: message.blocks });
  }
}

/** Posts in a thread (or the channel), without link previews: pasted URLs are internal hosts. */
export async function postInThread(client: webApi.WebClient, channel: string, threadTs: string | undefined, message: SlackMessage): Promise<void> {
  await client.chat.postMessage({
    channel,
    ...(threadTs ? { thread_ts: threadTs } : {}),
    text: message.text,
    blocks: message.blocks,
    unfurl_links: false,
    unfurl_media: false,
  });
}
