import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DiagnosisEngine } from '../../src/diagnose.js';
import { createEngine } from '../../src/engine.js';
import { ACTIONS, decodeButtonValue } from '../../src/render/slack.js';
import { ADMIN, blockActionPayload, messageText, startHarness } from '../helpers/slack-harness.js';
import type { Harness } from '../helpers/slack-harness.js';
import { LOG_CAUSE, LOG_LINE, LOG_WITH_SECRET, SECRET } from '../helpers/samples.js';

interface Block {
  type: string;
  elements?: Array<{ action_id?: string; value?: string }>;
}

function buttons(message: Record<string, unknown> | undefined): Array<{ action_id?: string; value?: string }> {
  return ((message?.blocks ?? []) as Block[]).flatMap((b) => (b.type === 'actions' ? (b.elements ?? []) : []));
}

function buttonValue(message: Record<string, unknown> | undefined, actionId: string): string {
  const button = buttons(message).find((b) => b.action_id === actionId);
  if (!button?.value) throw new Error(`no ${actionId} button`);
  return button.value;
}

describe('the /iis401 command', () => {
  let engine: DiagnosisEngine;
  let harness: Harness;

  beforeAll(async () => {
    engine = await createEngine();
    harness = await startHarness({ engine, kbBaseUrl: 'https://git.example.com/org/iis401/blob/main/' });
  });
  afterAll(async () => {
    await harness.close();
  });
  beforeEach(() => {
    harness.api.reset();
  });

  const act = (actionId: string, value: string, responseId: string, ephemeral = true): ReturnType<Harness['interact']> => {
    return harness.interact(blockActionPayload({ actionId, value, responseUrl: harness.api.responseUrl(responseId), ephemeral }));
  };

  it('should answer a log line in the ack itself, privately, naming the cause', async () => {
    const response = await harness.command(LOG_LINE);
    expect(response.status).toBe(200);
    expect(response.json?.response_type).toBe('ephemeral');
    expect(typeof response.json?.text).toBe('string');
    expect(messageText(response.json)).toContain(LOG_CAUSE);
    expect(messageText(response.json)).toContain('https://git.example.com/org/iis401/blob/main/kb/causes/anon-password-mismatch.md');
    expect(buttons(response.json).map((b) => b.action_id)).toEqual(expect.arrayContaining([ACTIONS.helped, ACTIONS.notHelped, ACTIONS.nextCause, ACTIONS.share]));
    // The answer went back on the HTTP response: nothing else was sent.
    expect(harness.api.calls).toHaveLength(0);
    expect(harness.api.responses).toHaveLength(0);
  });

  it('should give the help for an empty command and for help', async () => {
    for (const text of ['', '   ', 'help']) {
      const response = await harness.command(text);
      expect(response.json?.response_type).toBe('ephemeral');
      expect(messageText(response.json)).toContain('How to use iis401');
      expect(messageText(response.json)).toContain('/iis401 event 534');
    }
  });

  it('should give a kind usage answer to a malformed argument', async () => {
    const response = await harness.command('event abc');
    expect(messageText(response.json)).toContain('`event` takes a Windows event id');
    expect(messageText(response.json)).toContain('How to use iis401');
    const win32 = await harness.command('win32 zzz');
    expect(messageText(win32.json)).toContain('`win32` takes a code');
  });

  it.each([
    ['event 4625', 'event'],
    ['401.1', '401'],
    ['win32 1326', '1326'],
    ['search guests deny network', 'Articles for'],
  ])('should answer %s', async (text, expected) => {
    const response = await harness.command(text);
    expect(response.status).toBe(200);
    expect(response.json?.response_type).toBe('ephemeral');
    expect(messageText(response.json)).toContain(expected);
  });

  it('should never echo a secret from the paste, not even when shared in the channel', async () => {
    const response = await harness.command(LOG_WITH_SECRET);
    expect(response.text).not.toContain(SECRET);
    expect(messageText(response.json)).toContain(LOG_CAUSE);
    expect(messageText(response.json)).toContain('redacted');
    const shared = await act(ACTIONS.share, buttonValue(response.json, ACTIONS.share), 'share-secret');
    expect(shared.status).toBe(200);
    expect(harness.api.responses).toHaveLength(2);
    expect(harness.api.rawBodies.join('\n')).not.toContain(SECRET);
  });

  it('should post the answer in the channel when Share in channel is pressed', async () => {
    const response = await harness.command(LOG_LINE);
    await act(ACTIONS.share, buttonValue(response.json, ACTIONS.share), 'share');
    const [posted] = harness.api.responses;
    expect(posted?.id).toBe('share');
    expect(posted?.body.response_type).toBe('in_channel');
    expect(posted?.body.replace_original).toBe(false);
    expect(messageText(posted?.body)).toContain(LOG_CAUSE);
    expect(messageText(posted?.body)).toContain(`Shared by <@${ADMIN}>`);
    // The public copy has no second share button, and the private copy is deleted.
    expect(buttons(posted?.body).map((b) => b.action_id)).not.toContain(ACTIONS.share);
    expect(harness.api.responses[1]?.body).toEqual({ delete_original: true });
  });

  it('should show the next ranked cause, replacing the private answer', async () => {
    const response = await harness.command(LOG_LINE);
    await act(ACTIONS.nextCause, buttonValue(response.json, ACTIONS.nextCause), 'next');
    const [replaced] = harness.api.responses;
    expect(replaced?.body.replace_original).toBe(true);
    expect(messageText(replaced?.body)).toContain('Cause 2 of');
    const second = engine.diagnose(LOG_LINE).causes[1]?.id ?? 'missing';
    expect(messageText(replaced?.body)).toContain(second);
  });

  it('should show every step when All steps is pressed', async () => {
    const response = await harness.command(LOG_LINE);
    const steps = engine.diagnose(LOG_LINE).causes[0]?.steps.length ?? 0;
    expect(steps).toBeGreaterThan(3);
    await act(ACTIONS.allSteps, buttonValue(response.json, ACTIONS.allSteps), 'all');
    const [replaced] = harness.api.responses;
    expect(messageText(replaced?.body)).toContain(`*${steps}.*`);
    expect(buttons(replaced?.body).map((b) => b.action_id)).not.toContain(ACTIONS.allSteps);
  });

  it('should answer kindly when the remembered input has expired', async () => {
    const response = await harness.command(LOG_LINE);
    const value = decodeButtonValue(buttonValue(response.json, ACTIONS.nextCause));
    const forgotten = JSON.stringify({ ...value, h: 'f'.repeat(64) });
    await act(ACTIONS.nextCause, forgotten, 'expired');
    expect(messageText(harness.api.responses[0]?.body)).toContain('more than an hour old');
  });

  it('should answer a 5 MB paste, binary bytes and control characters without failing', async () => {
    const huge = await harness.command(`${LOG_LINE}\n`.repeat(60_000));
    expect(huge.status).toBe(200);
    expect(messageText(huge.json)).toContain('only the first');
    const binary = await harness.command(Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7) % 256)).toString('latin1'));
    expect(binary.status).toBe(200);
    expect(binary.json?.response_type).toBe('ephemeral');
    expect(harness.logs.filter((l) => l.startsWith('ERROR'))).toEqual([]);
  });
});
