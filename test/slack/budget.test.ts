import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DiagnosisEngine } from '../../src/diagnose.js';
import { createEngine } from '../../src/engine.js';
import { OVER_BUDGET_TEXT, WORKING_TEXT } from '../../src/slack/answer.js';
import { DEFAULT_BUDGET } from '../../src/worker/budget.js';
import type { TaskBudget } from '../../src/worker/budget.js';
import { WorkerPool } from '../../src/worker/pool.js';
import { HOSTILE_LETTERS, HOSTILE_MESSAGE, recordingRunner } from '../helpers/hostile.js';
import type { TaskRecord } from '../helpers/hostile.js';
import { ADMIN, CHANNEL, DM, messageText, startHarness, waitFor } from '../helpers/slack-harness.js';
import type { Harness } from '../helpers/slack-harness.js';
import { LOG_CAUSE, LOG_LINE } from '../helpers/samples.js';

const OVER_BUDGET = 'too large or too unusual to read in time';

function useBudgetHarness(budget: Partial<TaskBudget>): { harness: () => Harness; records: () => TaskRecord[] } {
  let harness: Harness | undefined;
  let runner: ReturnType<typeof recordingRunner> | undefined;
  beforeAll(async () => {
    const engine: DiagnosisEngine = await createEngine();
    runner = recordingRunner(new WorkerPool({ ...DEFAULT_BUDGET, workers: 2, ...budget }));
    harness = await startHarness({ engine, tasks: runner, budget });
  });
  afterAll(async () => {
    await harness?.close();
  });
  return {
    harness: () => {
      if (!harness) throw new Error('not started');
      harness.api.reset();
      return harness;
    },
    records: () => runner?.records ?? [],
  };
}

let seq = 0;
function ts(): string {
  seq++;
  return `1700009${String(seq).padStart(3, '0')}.000100`;
}

describe('a hostile paste or file and everybody else', () => {
  // Limits the hostile inputs run over on this code, and that a normal paste never nears.
  const { harness, records } = useBudgetHarness({ pasteMs: 1000, fileMs: 1000, ackMs: 2000 });

  it('should not diagnose a channel message that cannot carry an IIS signal, however long', async () => {
    const h = harness();
    const response = await h.event({ type: 'message', channel: CHANNEL, channel_type: 'channel', user: ADMIN, text: HOSTILE_MESSAGE, ts: ts(), event_ts: '1' });
    expect(response.status).toBe(200);
    expect(records().filter((r) => r.task.kind === 'paste' && r.task.text === HOSTILE_MESSAGE)).toEqual([]);
    expect(h.api.calls).toHaveLength(0);
  });

  it("should answer a normal /iis401 in its ack while a hostile file and message are read, and answer those kindly", async () => {
    const h = harness();
    h.api.files.set('FH', { id: 'FH', name: 'letters.txt', bytes: HOSTILE_LETTERS });
    const file = h.event({ type: 'file_shared', file_id: 'FH', user_id: ADMIN, file: { id: 'FH' }, channel_id: DM, event_ts: '1' });
    const message = h.event({ type: 'message', channel: DM, channel_type: 'im', user: ADMIN, text: HOSTILE_MESSAGE, ts: ts() });
    const hostile = (): TaskRecord[] => records().filter((r) => r.task.kind === 'file' || (r.task.kind === 'paste' && r.task.text === HOSTILE_MESSAGE));
    await waitFor(() => hostile().length === 2);

    const ack = await h.command(LOG_LINE);
    const atAck = hostile().map((r) => r.outcome);
    expect(ack.status).toBe(200);
    expect(messageText(ack.json)).toContain(LOG_CAUSE);
    expect(h.api.responses).toHaveLength(0);

    await Promise.all([file, message]);
    const outcomes = hostile().map((r) => r.outcome);
    // A hostile input stopped over budget was still being read (or waiting) when the normal ack arrived.
    outcomes.forEach((outcome, i) => {
      if (outcome === 'BudgetExceededError') expect(atAck[i]).toBeUndefined();
    });
    const posts = h.api.callsTo('chat.postMessage').map((c) => messageText(c.args));
    expect(posts).toHaveLength(2);
    for (const [i, outcome] of outcomes.entries()) {
      if (outcome === 'BudgetExceededError') expect(posts.some((p) => p.includes(OVER_BUDGET))).toBe(true);
      else expect(outcome, `hostile task ${i}`).toBe('answered');
    }
    expect(h.logs.filter((l) => l.startsWith('ERROR'))).toEqual([]);
  });
});

describe('a paste over its budget', () => {
  const { harness } = useBudgetHarness({ pasteMs: 1, ackMs: 2000 });
  const bigPaste = `401 ${HOSTILE_MESSAGE.repeat(6)}`;

  it('should be answered in the ack with how to narrow it', async () => {
    const response = await harness().command(bigPaste);
    expect(response.json?.response_type).toBe('ephemeral');
    expect(messageText(response.json)).toContain(OVER_BUDGET);
    expect(messageText(response.json)).toContain('iis401 scan');
    expect(OVER_BUDGET_TEXT).toContain('paste one log line');
  });

  it('should get its author a private note in a channel', async () => {
    const h = harness();
    const message = { type: 'message', channel: CHANNEL, channel_type: 'channel', user: ADMIN, text: bigPaste, ts: ts(), event_ts: '1' };
    await h.event(message);
    const [note] = h.api.callsTo('chat.postEphemeral');
    expect(note?.args.user).toBe(ADMIN);
    expect(String(note?.args.text)).toContain(OVER_BUDGET);
    expect(h.api.callsTo('chat.postMessage')).toHaveLength(0);
  });
});

describe('an answer that is not ready within the ack budget', () => {
  const { harness } = useBudgetHarness({ ackMs: 0 });

  it('should ack "working on it" and post the answer through the response_url', async () => {
    const h = harness();
    const response = await h.command(LOG_LINE, { responseId: 'later' });
    expect(response.json?.response_type).toBe('ephemeral');
    expect(response.json?.text).toBe(WORKING_TEXT);
    const answer = await waitFor(() => h.api.responses.find((r) => r.id === 'later'));
    expect(answer.body.response_type).toBe('ephemeral');
    expect(messageText(answer.body)).toContain(LOG_CAUSE);
  });
});
