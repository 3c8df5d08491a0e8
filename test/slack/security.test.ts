import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DiagnosisEngine } from '../../src/diagnose.js';
import { createEngine } from '../../src/engine.js';
import { InlineRunner } from '../../src/worker/inline.js';
import { postSigned } from '../helpers/signed-request.js';
import { ADMIN, CHANNEL, messageText, SIGNING_SECRET, startHarness, useHarness } from '../helpers/slack-harness.js';
import type { Harness } from '../helpers/slack-harness.js';
import { LOG_CAUSE, LOG_LINE } from '../helpers/samples.js';

describe('requests that are not from Slack', () => {
  const harness = useHarness();

  it('should refuse a bad signature with 401 and run no listener', async () => {
    const command = await harness.command(LOG_LINE, { secret: 'not-the-signing-secret' });
    expect(command.status).toBe(401);
    expect(command.text).toBe('');
    const event = await harness.event({ type: 'message', channel: CHANNEL, channel_type: 'channel', user: ADMIN, text: LOG_LINE, ts: '1700005000.000100' }, { secret: 'forged' });
    expect(event.status).toBe(401);
    expect(harness.api.calls).toHaveLength(0);
  });

  // Bolt refuses stale requests itself; request-time.ts adds the ones dated ahead of the clock.
  it.each([
    ['older than five minutes', -6 * 60, '1700005001.000100'],
    ['dated more than five minutes ahead', 6 * 60, '1700005002.000100'],
  ])('should refuse a validly signed request %s with 401 and run no listener', async (_when, offset, messageTs) => {
    const timestamp = Math.floor(Date.now() / 1000) + offset;
    const command = await harness.command(LOG_LINE, { timestamp });
    expect(command.status).toBe(401);
    expect(command.text).toBe('');
    const event = await harness.event({ type: 'message', channel: CHANNEL, channel_type: 'channel', user: ADMIN, text: LOG_LINE, ts: messageTs }, { timestamp });
    expect(event.status).toBe(401);
    expect(harness.api.calls).toHaveLength(0);
  });

  it('should accept a request dated a little ahead, within the five minutes a clock may be off', async () => {
    const command = await harness.command(LOG_LINE, { timestamp: Math.floor(Date.now() / 1000) + 4 * 60 });
    expect(command.status).toBe(200);
    expect(messageText(command.json)).toContain(LOG_CAUSE);
  });

  it('should answer a replayed slash command (same trigger_id, same body) once', async () => {
    const fields = { trigger_id: '9999.replayed' };
    const first = await harness.command(LOG_LINE, { fields });
    expect(messageText(first.json)).toContain(LOG_CAUSE);
    const replay = await harness.command(LOG_LINE, { fields });
    expect(replay.status).toBe(200);
    expect(replay.text).toBe('');
    expect(harness.api.calls).toHaveLength(0);
    expect(harness.api.responses).toHaveLength(0);
    expect(harness.logs.some((l) => l.startsWith('WARN') && l.includes('replayed slash command'))).toBe(true);
    // The same text under its own trigger_id is a new command.
    const again = await harness.command(LOG_LINE);
    expect(messageText(again.json)).toContain(LOG_CAUSE);
  });

  it('should answer the url_verification challenge only when it is signed', async () => {
    const body = JSON.stringify({ token: 'legacy', challenge: 'c-123', type: 'url_verification' });
    const signed = await postSigned(harness.url, SIGNING_SECRET, body, 'application/json');
    expect(signed.status).toBe(200);
    expect(signed.text).toContain('c-123');
    const forged = await postSigned(harness.url, 'forged', body, 'application/json');
    expect(forged.status).toBe(401);
  });
});

describe('a listener that fails', () => {
  let harness: Harness;

  beforeAll(async () => {
    const real = await createEngine();
    // An engine that breaks on a paste, with a message that quotes it (as a careless error might).
    const broken = Object.create(real) as DiagnosisEngine;
    broken.diagnose = (text: string) => {
      if (text === 'help') return real.diagnose(text);
      throw new Error(`cannot read "${text}"`);
    };
    harness = await startHarness({ engine: broken, tasks: new InlineRunner(broken) });
  });
  afterAll(async () => {
    await harness.close();
  });

  it('should tell the user a short reference id and log the detail under it, never the stack', async () => {
    const response = await harness.command('oops secret-paste');
    expect(response.status).toBe(200);
    expect(response.json?.response_type).toBe('ephemeral');
    const text = String(response.json?.text);
    const reference = /Reference: ([0-9a-f]{8})/.exec(text)?.[1];
    expect(reference).toBeDefined();
    expect(response.text).not.toContain('secret-paste');
    expect(response.text).not.toMatch(/at .*\.ts:\d+/);
    expect(harness.logs.some((l) => l.startsWith('ERROR') && l.includes(`[ref ${reference}]`) && l.includes('cannot read'))).toBe(true);
  });

  it('should tell the thread when a mention fails', async () => {
    await harness.event({ type: 'app_mention', channel: CHANNEL, user: ADMIN, text: '<@U0BOT> boom', ts: '1700005100.000100', event_ts: '1' });
    const [post] = harness.api.callsTo('chat.postMessage');
    expect(post?.args.thread_ts).toBe('1700005100.000100');
    expect(String(post?.args.text)).toMatch(/Reference: [0-9a-f]{8}/);
  });
});
