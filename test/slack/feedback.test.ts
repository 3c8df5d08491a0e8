import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACTIONS } from '../../src/render/slack.js';
import { hashInput } from '../../src/slack/answer.js';
import { ADMIN, blockActionPayload, messageText, useHarness } from '../helpers/slack-harness.js';
import type { Harness } from '../helpers/slack-harness.js';
import { LOG_CAUSE, LOG_LINE } from '../helpers/samples.js';

interface Button {
  action_id?: string;
  value?: string;
}

function button(message: Record<string, unknown> | undefined, actionId: string): Button {
  const blocks = (message?.blocks ?? []) as Array<{ type: string; elements?: Button[] }>;
  const found = blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === actionId);
  if (!found) throw new Error(`no ${actionId}`);
  return found;
}

describe('Helped / Didn\'t help', () => {
  const harness = useHarness();

  const press = (actionId: string, value: string | undefined, user = ADMIN): ReturnType<Harness['interact']> =>
    harness.interact(blockActionPayload({ actionId, value, responseUrl: harness.api.responseUrl('vote'), ephemeral: false, user, messageTs: '1700004000.000100' }));
  const feedback = (): Array<Record<string, unknown>> => {
    const file = join(harness.dataDir, 'feedback.jsonl');
    return existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>) : [];
  };

  it('should append one JSON line per vote, with the cause, rules and input hash but never the input', async () => {
    const answer = await harness.command(LOG_LINE);
    await press(ACTIONS.helped, button(answer.json, ACTIONS.helped).value);
    const [line, ...rest] = feedback();
    expect(rest).toHaveLength(0);
    expect(line).toMatchObject({ vote: 'helped', cause: LOG_CAUSE, inputSha256: hashInput(LOG_LINE) });
    expect(Array.isArray(line?.rules) && line.rules.length > 0).toBe(true);
    expect(Date.parse(String(line?.at))).not.toBeNaN();
    const raw = readFileSync(join(harness.dataDir, 'feedback.jsonl'), 'utf8');
    expect(raw).not.toContain('10.0.0.9');
    expect(raw).not.toContain('/app/');
    expect(harness.api.responses[0]?.body.response_type).toBe('ephemeral');
    expect(messageText(harness.api.responses[0]?.body)).toContain('Thanks');
  });

  it('should count a second click on the same answer once, and another person\'s vote again', async () => {
    const before = feedback().length;
    const answer = await harness.command(`${LOG_LINE.replace('10:00:00', '11:00:00')}`);
    const value = button(answer.json, ACTIONS.notHelped).value;
    await press(ACTIONS.notHelped, value);
    await press(ACTIONS.notHelped, value);
    await press(ACTIONS.notHelped, value, 'U0SOMEONE');
    const added = feedback().slice(before);
    expect(added.map((l) => l.vote)).toEqual(['not-helped', 'not-helped']);
    expect(messageText(harness.api.responses[1]?.body)).toContain('already noted');
  });

  it('should record a vote even after the input was forgotten, and answer a broken value kindly', async () => {
    const before = feedback().length;
    const answer = await harness.command('win32 1326');
    harness.slack.services.inputs.set('unused', 'x');
    const value = JSON.parse(button(answer.json, ACTIONS.helped).value ?? '{}') as Record<string, unknown>;
    await press(ACTIONS.helped, JSON.stringify({ ...value, h: 'e'.repeat(64) }));
    expect(feedback().length).toBe(before + 1);
    await press(ACTIONS.helped, 'not json');
    expect(feedback().length).toBe(before + 1);
    expect(messageText(harness.api.responses.at(-1)?.body)).toContain('can no longer read');
  });

  it('should show the next cause only to the clicker on a public answer', async () => {
    const answer = await harness.command(LOG_LINE);
    await press(ACTIONS.nextCause, button(answer.json, ACTIONS.nextCause).value);
    const [reply] = harness.api.responses;
    expect(reply?.body.response_type).toBe('ephemeral');
    expect(reply?.body.replace_original).toBe(false);
    expect(messageText(reply?.body)).toContain('Cause 2 of');
  });
});
