import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DiagnosisEngine } from '../../src/diagnose.js';
import { createEngine } from '../../src/engine.js';
import { DEFAULT_BUDGET, readBudget } from '../../src/worker/budget.js';
import type { TaskBudget } from '../../src/worker/budget.js';
import { BudgetExceededError, HEAVY_WAITING_PER_WORKER, PoolBusyError, PoolClosedError, WorkerPool } from '../../src/worker/pool.js';
import { LIGHT_PASTE_CHARS, SHIPPED_RECORDS } from '../../src/worker/tasks.js';
import { HOSTILE_MESSAGE, manyLogLines } from '../helpers/hostile.js';
import { LOG_CAUSE, LOG_LINE } from '../helpers/samples.js';

describe('the worker pool', () => {
  let engine: DiagnosisEngine;
  const pools: WorkerPool[] = [];
  const pool = (budget: Partial<TaskBudget> = {}): WorkerPool => {
    const created = new WorkerPool({ ...DEFAULT_BUDGET, workers: 2, ...budget });
    pools.push(created);
    return created;
  };

  beforeAll(async () => {
    engine = await createEngine();
  });
  afterEach(async () => {
    await Promise.all(pools.splice(0).map((p) => p.close()));
  });

  it('should diagnose a paste in a worker exactly as the engine does on this thread', async () => {
    const result = await pool().run({ kind: 'paste', text: LOG_LINE });
    expect(result.diagnosis.causes[0]?.id).toBe(LOG_CAUSE);
    expect(JSON.stringify(result.diagnosis)).toBe(JSON.stringify(engine.diagnose(LOG_LINE)));
    expect(result.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('should carry back the first records only, with the signal judged on all of them', async () => {
    const ok = LOG_LINE.replace(' 401 1 1326 ', ' 200 0 0 ');
    const result = await pool().run({ kind: 'paste', text: [...Array.from({ length: SHIPPED_RECORDS + 50 }, () => ok), LOG_LINE].join('\n') });
    expect(result.diagnosis.symptoms.requests).toHaveLength(SHIPPED_RECORDS);
    expect(result.diagnosis.symptoms.requests.every((r) => r['sc-status'] === 200)).toBe(true);
    expect(result.signal).toBe(true);
    expect((await pool().run({ kind: 'paste', text: ok })).signal).toBe(false);
  });

  it('should scan a shared file in a worker', async () => {
    const file = Buffer.from(`#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken\n${LOG_LINE}\n`);
    const result = await pool().run({ kind: 'file', data: file, name: 'u_ex240301.log' });
    expect(result.kind).toBe('scan');
    expect(result.kind === 'scan' && result.found).toBe(true);
    // The caller's buffer is copied, never moved to the worker.
    expect(file.byteLength).toBeGreaterThan(0);
  });

  it('should stop a task over its time limit, say so, and answer the next task', async () => {
    const limited = pool({ workers: 1, pasteMs: 1 });
    const stopped = await limited.run({ kind: 'paste', text: HOSTILE_MESSAGE }).catch((error: unknown) => error);
    expect(stopped).toBeInstanceOf(BudgetExceededError);
    expect((stopped as BudgetExceededError).reason).toBe('time');
    const roomy = pool({ workers: 1 });
    expect((await roomy.run({ kind: 'paste', text: LOG_LINE })).diagnosis.causes[0]?.id).toBe(LOG_CAUSE);
  });

  it('should stop a task over its memory limit without taking the pool down', async () => {
    const small = pool({ workers: 1, memoryMb: 24 });
    const stopped = await small.run({ kind: 'paste', text: manyLogLines() }).catch((error: unknown) => error);
    expect(stopped).toBeInstanceOf(BudgetExceededError);
    expect((stopped as BudgetExceededError).reason).toBe('memory');
    expect((await small.run({ kind: 'paste', text: LOG_LINE })).diagnosis.causes[0]?.id).toBe(LOG_CAUSE);
  });

  it('should keep the last free worker for short pastes while heavy ones wait', async () => {
    const two = pool({ workers: 2 });
    await two.ready();
    const settled: string[] = [];
    const heavy = [1, 2].map((n) => two.run({ kind: 'paste', text: HOSTILE_MESSAGE }).then(() => settled.push(`heavy ${n}`), () => settled.push(`heavy ${n}`)));
    expect(HOSTILE_MESSAGE.length).toBeGreaterThan(LIGHT_PASTE_CHARS);
    const light = await two.run({ kind: 'paste', text: LOG_LINE });
    settled.push('light');
    expect(light.diagnosis.causes[0]?.id).toBe(LOG_CAUSE);
    // One heavy task runs, the other waits for it: the short paste had a worker of its own.
    expect(two.running).toBeLessThanOrEqual(1);
    await two.close();
    await Promise.all(heavy);
    // No order is asserted between them: since the readers are linear a hostile paste may finish first.
    expect(settled).toContain('light');
  });

  it('should refuse heavy tasks beyond the few that may wait, and still take a short one', async () => {
    const one = pool({ workers: 1 });
    const refused: unknown[] = [];
    const accepted: Array<Promise<unknown>> = [];
    for (let i = 0; i < 10; i++) accepted.push(one.run({ kind: 'paste', text: HOSTILE_MESSAGE }).catch((error: unknown) => refused.push(error)));
    await new Promise((resolve) => setImmediate(resolve));
    expect(refused.length).toBeGreaterThanOrEqual(10 - 1 - HEAVY_WAITING_PER_WORKER);
    expect(refused.every((error) => error instanceof PoolBusyError)).toBe(true);
    const light = one.run({ kind: 'paste', text: LOG_LINE }).catch((error: unknown) => error);
    await one.close();
    expect(await light).not.toBeInstanceOf(PoolBusyError);
    await Promise.all(accepted);
  });

  it('should end running and queued tasks when it is closed', async () => {
    const one = pool({ workers: 1 });
    const running = one.run({ kind: 'paste', text: HOSTILE_MESSAGE }).catch((error: unknown) => error);
    const queued = one.run({ kind: 'paste', text: LOG_LINE }).catch((error: unknown) => error);
    await one.close();
    expect(await running).toBeInstanceOf(PoolClosedError);
    expect(await queued).toBeInstanceOf(PoolClosedError);
    expect(one.size).toBe(0);
    await expect(one.run({ kind: 'paste', text: LOG_LINE })).rejects.toBeInstanceOf(PoolClosedError);
  });
});

describe('the budget settings', () => {
  it('should read each variable over the defaults and name the unusable ones', () => {
    const { budget, problems } = readBudget({ IIS401_PASTE_TIME_MS: '250', IIS401_WORKERS: 'many', IIS401_ACK_MS: '0', IIS401_FILE_TIME_MS: '' });
    expect(budget.pasteMs).toBe(250);
    expect(budget.ackMs).toBe(0);
    expect(budget.workers).toBe(DEFAULT_BUDGET.workers);
    expect(budget.fileMs).toBe(DEFAULT_BUDGET.fileMs);
    expect(problems).toEqual([expect.stringContaining('IIS401_WORKERS must be a whole number above 0, not "many"')]);
  });

  it('should size the pool to the cores, never below two', () => {
    expect(DEFAULT_BUDGET.workers).toBeGreaterThanOrEqual(2);
  });
});
