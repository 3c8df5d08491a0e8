import { describe, expect, it } from 'vitest';
import { ADMIN, BOT_ID, BOT_USER_ID, CHANNEL, DM, messageText, nextEventId, useHarness } from '../helpers/slack-harness.js';
import type { Harness } from '../helpers/slack-harness.js';
import { CHATTER, ERROR_PAGE, EVENT_4625, LOG_CAUSE, LOG_LINE, LOG_WITH_SECRET, SECRET } from '../helpers/samples.js';

let seq = 0;
function ts(): string {
  seq++;
  return `1700001${String(seq).padStart(3, '0')}.000100`;
}

function channelMessage(text: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: 'message', channel: CHANNEL, channel_type: 'channel', user: ADMIN, text, ts: ts(), event_ts: '1', ...extra };
}

/** Slack escapes & < > in message text and wraps code blocks in ``` on the same lines. */
function asSlackText(text: string): string {
  return `\`\`\`${text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}\`\`\``;
}

describe('messages in channels and direct messages', () => {
  const harness = useHarness();

  const posts = (): Array<Record<string, unknown>> => harness.api.callsTo('chat.postMessage').map((c) => c.args);

  it('should answer a log line in a channel in the thread of that message', async () => {
    const message = channelMessage(asSlackText(LOG_LINE));
    const response = await harness.event(message);
    expect(response.status).toBe(200);
    expect(posts()).toHaveLength(1);
    const [post] = posts();
    expect(post?.channel).toBe(CHANNEL);
    expect(post?.thread_ts).toBe(message.ts);
    expect(typeof post?.text).toBe('string');
    expect(messageText(post)).toContain(LOG_CAUSE);
  });

  it('should answer a reply inside a thread in that same thread', async () => {
    const message = channelMessage(LOG_LINE, { thread_ts: '1699999999.000100' });
    await harness.event(message);
    expect(posts()[0]?.thread_ts).toBe('1699999999.000100');
  });

  it.each([
    ['a Windows Security event', EVENT_4625],
    ['an IIS error page', ERROR_PAGE],
    ['a private channel', LOG_LINE],
  ])('should answer %s', async (name, text) => {
    const extra = name === 'a private channel' ? { channel: 'G0PRIV', channel_type: 'group' } : {};
    await harness.event(channelMessage(text, extra));
    expect(posts()).toHaveLength(1);
  });

  it('should stay quiet on chatter, even chatter about 401s', async () => {
    for (const text of [CHATTER, 'we keep getting 401 errors on the intranet, any idea?', 'thanks!', 'event 4625', '401.1']) {
      await harness.event(channelMessage(text));
    }
    expect(harness.api.calls).toHaveLength(0);
  });

  it('should ignore other bots, its own posts and edits', async () => {
    await harness.event(channelMessage(LOG_LINE, { bot_id: 'B0OTHER', user: 'U0OTHERBOT' }));
    await harness.event(channelMessage(LOG_LINE, { subtype: 'bot_message', bot_id: 'B0OTHER', user: undefined }));
    await harness.event(channelMessage(LOG_LINE, { bot_id: BOT_ID, user: BOT_USER_ID }));
    await harness.event(channelMessage(LOG_LINE, { user: BOT_USER_ID }));
    await harness.event({
      type: 'message',
      subtype: 'message_changed',
      channel: CHANNEL,
      channel_type: 'channel',
      ts: ts(),
      message: { type: 'message', user: BOT_USER_ID, bot_id: BOT_ID, text: LOG_LINE, ts: '1700000001.000100' },
      previous_message: { type: 'message', user: BOT_USER_ID, text: 'x', ts: '1700000001.000100' },
    });
    await harness.event(channelMessage(LOG_LINE, { subtype: 'message_deleted' }));
    expect(harness.api.calls).toHaveLength(0);
  });

  it('should answer a Slack retry and a duplicate event_id once', async () => {
    const message = channelMessage(LOG_LINE);
    const eventId = nextEventId();
    await harness.event(message, { eventId });
    await harness.event(message, { eventId, headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } });
    await harness.event(message, { eventId, headers: { 'x-slack-retry-num': '2', 'x-slack-retry-reason': 'http_timeout' } });
    // Slack has redelivered the same message under a new event_id: still one answer.
    await harness.event(message, { eventId: nextEventId() });
    expect(posts()).toHaveLength(1);
  });

  it('should answer a retry whose first delivery never arrived', async () => {
    await harness.event(channelMessage(LOG_LINE), { headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } });
    expect(posts()).toHaveLength(1);
  });

  it('should answer a message and its @-mention once', async () => {
    const message = channelMessage(`<@${BOT_USER_ID}> ${LOG_LINE}`);
    await harness.event(message);
    await harness.event({ ...message, type: 'app_mention' });
    expect(posts()).toHaveLength(1);
    expect(posts()[0]?.thread_ts).toBe(message.ts);
    const reversed = channelMessage(`<@${BOT_USER_ID}> ${LOG_LINE}`);
    await harness.event({ ...reversed, type: 'app_mention' });
    await harness.event(reversed);
    expect(posts()).toHaveLength(2);
  });

  it('should never post a secret from a channel paste', async () => {
    await harness.event(channelMessage(LOG_WITH_SECRET));
    expect(posts()).toHaveLength(1);
    expect(harness.api.rawBodies.join('\n')).not.toContain(SECRET);
  });

  it('should diagnose every direct message, chatter included', async () => {
    await harness.event({ type: 'message', channel: DM, channel_type: 'im', user: ADMIN, text: 'hello, what can you do?', ts: ts() });
    await harness.event({ type: 'message', channel: DM, channel_type: 'im', user: ADMIN, text: LOG_LINE, ts: ts() });
    expect(posts()).toHaveLength(2);
    expect(posts()[0]?.channel).toBe(DM);
    expect(posts()[0]?.thread_ts).toBeUndefined();
    expect(messageText(posts()[1])).toContain(LOG_CAUSE);
    // No "Share in channel" in a DM: there is no channel to share to.
    expect(messageText(posts()[1])).not.toContain('iis401_share');
  });

  it('should ignore bot, self, edited and empty direct messages', async () => {
    await harness.event({ type: 'message', channel: DM, channel_type: 'im', bot_id: 'B0OTHER', user: 'U0X', text: LOG_LINE, ts: ts() });
    await harness.event({ type: 'message', channel: DM, channel_type: 'im', user: BOT_USER_ID, text: LOG_LINE, ts: ts() });
    await harness.event({ type: 'message', subtype: 'message_changed', channel: DM, channel_type: 'im', ts: ts(), message: { user: ADMIN, text: LOG_LINE } });
    await harness.event({ type: 'message', subtype: 'file_share', channel: DM, channel_type: 'im', user: ADMIN, text: '', ts: ts() });
    expect(harness.api.calls).toHaveLength(0);
  });
});
