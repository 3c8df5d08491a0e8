import { describe, expect, it } from 'vitest';
import { ADMIN, BOT_USER_ID, CHANNEL, messageText, useHarness } from '../helpers/slack-harness.js';
import type { Harness } from '../helpers/slack-harness.js';
import { ERROR_PAGE, LOG_CAUSE, LOG_LINE, LOG_WITH_SECRET, SECRET } from '../helpers/samples.js';

describe('@-mentions and the Diagnose 401 shortcut', () => {
  const harness = useHarness();

  const posts = (): Array<Record<string, unknown>> => harness.api.callsTo('chat.postMessage').map((c) => c.args);

  it('should diagnose the text of a mention without the mention, in its thread', async () => {
    await harness.event({ type: 'app_mention', channel: CHANNEL, user: ADMIN, text: `<@${BOT_USER_ID}> ${LOG_LINE}`, ts: '1700002000.000100', event_ts: '1' });
    expect(posts()).toHaveLength(1);
    expect(posts()[0]?.thread_ts).toBe('1700002000.000100');
    expect(messageText(posts()[0])).toContain(LOG_CAUSE);
  });

  it('should diagnose the first message of the thread when the mention is alone', async () => {
    harness.api.threads.set(`${CHANNEL}:1700002100.000100`, [{ type: 'message', user: 'U0OTHER', text: ERROR_PAGE, ts: '1700002100.000100' }]);
    await harness.event({ type: 'app_mention', channel: CHANNEL, user: ADMIN, text: `<@${BOT_USER_ID}>`, ts: '1700002101.000100', thread_ts: '1700002100.000100', event_ts: '1' });
    const [replies] = harness.api.callsTo('conversations.replies');
    expect(replies?.args).toMatchObject({ channel: CHANNEL, ts: '1700002100.000100' });
    expect(posts()).toHaveLength(1);
    expect(posts()[0]?.thread_ts).toBe('1700002100.000100');
    expect(messageText(posts()[0])).toContain('first message of this thread');
    expect(messageText(posts()[0])).toContain('auth-method-mismatch');
  });

  it('should give the help to a mention alone outside a thread', async () => {
    await harness.event({ type: 'app_mention', channel: CHANNEL, user: ADMIN, text: `<@${BOT_USER_ID}>`, ts: '1700002200.000100', event_ts: '1' });
    expect(harness.api.callsTo('conversations.replies')).toHaveLength(0);
    expect(messageText(posts()[0])).toContain('How to use iis401');
  });

  it('should answer the shortcut privately through its response_url', async () => {
    await harness.interact({
      type: 'message_action',
      callback_id: 'diagnose_401',
      trigger_id: '1.2.3',
      message_ts: '1700002300.000100',
      response_url: harness.api.responseUrl('shortcut'),
      message: { type: 'message', user: 'U0OTHER', ts: '1700002300.000100', text: LOG_WITH_SECRET },
      user: { id: ADMIN, name: 'admin', team_id: 'T0TEAM' },
      channel: { id: CHANNEL, name: 'ops' },
      team: { id: 'T0TEAM', domain: 'example' },
      token: 'legacy-verification-token',
      action_ts: '1700002301.000100',
    });
    expect(posts()).toHaveLength(0);
    const [answer] = harness.api.responses;
    expect(answer?.id).toBe('shortcut');
    expect(answer?.body.response_type).toBe('ephemeral');
    expect(messageText(answer?.body)).toContain(LOG_CAUSE);
    expect(messageText(answer?.body)).toContain('iis401_share');
    expect(harness.api.rawBodies.join('\n')).not.toContain(SECRET);
  });

  it('should use chat.postEphemeral when a shortcut payload has no response_url', async () => {
    await harness.interact({
      type: 'message_action',
      callback_id: 'diagnose_401',
      trigger_id: '1.2.3',
      message_ts: '1700002400.000100',
      message: { type: 'message', user: 'U0OTHER', ts: '1700002400.000100', text: '' },
      user: { id: ADMIN, name: 'admin', team_id: 'T0TEAM' },
      channel: { id: CHANNEL, name: 'ops' },
      team: { id: 'T0TEAM', domain: 'example' },
      token: 'legacy-verification-token',
      action_ts: '1700002401.000100',
    });
    const [ephemeral] = harness.api.callsTo('chat.postEphemeral');
    expect(ephemeral?.args).toMatchObject({ channel: CHANNEL, user: ADMIN });
    expect(messageText(ephemeral?.args)).toContain('no text I can read');
  });
});
