import { describe, expect, it } from 'vitest';
import { ACTIONS, answersOfButton, decodeButtonValue } from '../../src/render/slack.js';
import { blockActionPayload, messageText, useHarness } from '../helpers/slack-harness.js';
import type { Harness } from '../helpers/slack-harness.js';
import { realEngine } from '../helpers/kb-engine.js';

// The next question in Slack, end to end: the real Bolt app on 127.0.0.1, a signed block_actions request.
// Vague enough that the static-files question moves the first cause.
const SCRIPTS = 'HTTP 401.3 access denied by ACL, pages stopped working';

interface Block {
  type: string;
  text?: { text?: string };
  elements?: Array<{ action_id?: string; value?: string; text?: { text?: string } }>;
}

function blocksOf(message: Record<string, unknown> | undefined): Block[] {
  return (message?.blocks ?? []) as Block[];
}

function answerButton(message: Record<string, unknown> | undefined, label: string): { value: string } {
  const found = blocksOf(message).flatMap((b) => b.elements ?? []).find((e) => e.action_id === ACTIONS.answerQuestion && e.text?.text === label);
  if (!found?.value) throw new Error(`no answer button "${label}"`);
  return { value: found.value };
}

function headerOf(message: Record<string, unknown> | undefined): string {
  return blocksOf(message).find((b) => b.type === 'header')?.text?.text ?? '';
}

describe('the next question in Slack', () => {
  const harness = useHarness();
  const act = (value: string, responseId: string, ephemeral = true): ReturnType<Harness['interact']> =>
    harness.interact(blockActionPayload({ actionId: ACTIONS.answerQuestion, value, responseUrl: harness.api.responseUrl(responseId), ephemeral }));

  it('should show the question with one button per answer, within six blocks', async () => {
    const response = await harness.command(SCRIPTS);
    const blocks = blocksOf(response.json);
    expect(blocks.length).toBeLessThanOrEqual(6);
    expect(messageText(response.json)).toContain('*Question:* Do static files');
    const row = blocks.find((b) => b.elements?.some((e) => e.action_id === ACTIONS.answerQuestion));
    expect(row?.elements?.map((e) => e.text?.text)).toEqual(['Static files load, scripts fail', 'Everything fails, static files too', 'Only some files or folders fail']);
    expect(answersOfButton(decodeButtonValue(answerButton(response.json, 'Everything fails, static files too').value) ?? {})).toEqual({ static: 'everything' });
  });

  it('should replace the answer with one re-ranked by the clicked answer, as the likelihoods say', async () => {
    const engine = await realEngine();
    const before = engine.diagnose(SCRIPTS).causes;
    const after = engine.diagnose(SCRIPTS, { answers: { static: 'only-scripts' } }).causes;
    expect(after[0]?.id).not.toBe(before[0]?.id);
    const response = await harness.command(SCRIPTS);
    expect(headerOf(response.json)).toBe(before[0]?.title);
    await act(answerButton(response.json, 'Static files load, scripts fail').value, 'answer');
    const [replaced] = harness.api.responses;
    expect(replaced?.body.replace_original).toBe(true);
    expect(headerOf(replaced?.body)).toBe(after[0]?.title);
    expect(messageText(replaced?.body)).toContain('_Answered so far:_ Static files load, scripts fail');
    // The next question's buttons carry the first answer on, so a second click applies both.
    const next = blocksOf(replaced?.body).flatMap((b) => b.elements ?? []).find((e) => e.action_id === ACTIONS.answerQuestion);
    expect(answersOfButton(decodeButtonValue(next?.value) ?? {})).toMatchObject({ static: 'only-scripts' });
    const nextCause = blocksOf(replaced?.body).flatMap((b) => b.elements ?? []).find((e) => e.action_id === ACTIONS.nextCause);
    expect(decodeButtonValue(nextCause?.value)?.q).toBe('static=only-scripts');
  });

  it('should answer kindly when the value is not one of ours', async () => {
    await act('not json', 'broken');
    expect(messageText(harness.api.responses[0]?.body)).toMatch(/more than an hour old/);
  });
});
