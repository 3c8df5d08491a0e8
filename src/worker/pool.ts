import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { TaskBudget } from './budget.js';
import { isHeavy } from './tasks.js';
import type { ResultOf, Task } from './tasks.js';

// A small pool of worker threads, each holding one engine loaded once from the kb cache. It is ours
// rather than piscina's because the budget needs three things piscina leaves to the caller: a task's time
// limit counts from when a worker takes it (not while it waits in the queue), heavy tasks never take the
// last free worker, and a worker that is over budget is terminated and replaced with a kind error.

/** What runs tasks for the bot: the worker pool, or the inline runner (inline.ts). */
export interface TaskRunner {
  run<T extends Task>(task: T): Promise<ResultOf<T>>;
  /** Resolves once the workers have loaded their engine. */
  ready(): Promise<void>;
  /** Stops every worker; running and queued tasks reject with PoolClosedError. */
  close(): Promise<void>;
}

export type OverBudgetReason = 'time' | 'memory';

/** A task stopped because it ran past its time limit or its worker's memory limit. */
export class BudgetExceededError extends Error {
  readonly code = 'IIS401_OVER_BUDGET';
  readonly reason: OverBudgetReason;

  constructor(reason: OverBudgetReason, limit: string) {
    super(`iis401: the task was stopped: it ran over its ${reason} limit (${limit})`);
    this.reason = reason;
  }
}

export class PoolClosedError extends Error {
  readonly code = 'IIS401_POOL_CLOSED';

  constructor() {
    super('iis401: the task pool is closed (the bot is stopping)');
  }
}

/** A task refused because too many are already waiting: a flood must not fill the memory with queued pastes. */
export class PoolBusyError extends Error {
  readonly code = 'IIS401_POOL_BUSY';

  constructor(waiting: number) {
    super(`iis401: the task pool is busy (${waiting} tasks waiting)`);
  }
}

/** Heavy tasks (files, long pastes) that may wait per worker; more are refused with PoolBusyError. */
export const HEAVY_WAITING_PER_WORKER = 4;
/** Tasks of any kind that may wait per worker. */
export const WAITING_PER_WORKER = 64;

/** An exception thrown inside the worker, carried back with its message and stack. */
export class TaskFailedError extends Error {
  readonly code = 'IIS401_TASK_FAILED';

  constructor(message: string, stack: string | undefined) {
    super(message);
    if (stack) this.stack = stack;
  }
}

interface Job {
  readonly id: number;
  readonly task: Task;
  readonly heavy: boolean;
  readonly limitMs: number;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

interface Slot {
  readonly worker: Worker;
  ready: boolean;
  job?: Job;
  timer?: NodeJS.Timeout;
  /** Why the worker is going away: set before terminate() so the exit handler knows whom to blame. */
  ending?: Error;
  failure?: Error;
}

export type WorkerMessage =
  | { readonly ready: true }
  | { readonly id: number; readonly result: unknown }
  | { readonly id: number; readonly error: { readonly message: string; readonly stack?: string } };

/**
 * The compiled worker. Workers run JavaScript only, so from the TypeScript sources (vitest) the built
 * copy in dist/ is used: `npm test` builds first.
 */
export function workerScript(): URL {
  const url = import.meta.url.endsWith('.ts') ? new URL('../../dist/src/worker/task-worker.js', import.meta.url) : new URL('./task-worker.js', import.meta.url);
  if (!existsSync(fileURLToPath(url))) throw new Error(`iis401: the task worker ${fileURLToPath(url)} is missing: run npm run build`);
  return url;
}

export class WorkerPool implements TaskRunner {
  private readonly budget: TaskBudget;
  private readonly script: URL;
  private readonly slots = new Set<Slot>();
  private readonly queue: Job[] = [];
  private readonly waiting: Array<{ resolve(): void; reject(error: Error): void }> = [];
  private nextId = 1;
  private closed = false;

  constructor(budget: TaskBudget, script: URL = workerScript()) {
    this.budget = budget;
    this.script = script;
    this.fill();
  }

  /** Tasks running now (for tests and the bench). */
  get running(): number {
    return [...this.slots].filter((slot) => slot.job).length;
  }

  get size(): number {
    return this.slots.size;
  }

  run<T extends Task>(task: T): Promise<ResultOf<T>> {
    if (this.closed) return Promise.reject(new PoolClosedError());
    const heavy = isHeavy(task);
    const heavyWaiting = this.queue.filter((job) => job.heavy).length;
    if (this.queue.length >= this.budget.workers * WAITING_PER_WORKER || (heavy && heavyWaiting >= this.budget.workers * HEAVY_WAITING_PER_WORKER)) {
      return Promise.reject(new PoolBusyError(this.queue.length));
    }
    return new Promise<ResultOf<T>>((resolve, reject) => {
      const limitMs = task.kind === 'file' ? this.budget.fileMs : this.budget.pasteMs;
      this.queue.push({ id: this.nextId++, task, heavy, limitMs, resolve: resolve as (value: unknown) => void, reject });
      this.fill();
      this.dispatch();
    });
  }

  ready(): Promise<void> {
    if (this.closed) return Promise.reject(new PoolClosedError());
    if ([...this.slots].every((slot) => slot.ready)) return Promise.resolve();
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const closing = new PoolClosedError();
    for (const job of this.queue.splice(0)) job.reject(closing);
    for (const waiter of this.waiting.splice(0)) waiter.reject(closing);
    await Promise.all([...this.slots].map((slot) => this.end(slot, closing)));
  }

  private fill(): void {
    while (!this.closed && this.slots.size < this.budget.workers) this.spawn();
  }

  private spawn(): void {
    const worker = new Worker(this.script, { resourceLimits: { maxOldGenerationSizeMb: this.budget.memoryMb } });
    // An idle worker must not keep the process alive; one at work does (ref() in dispatch).
    worker.unref();
    const slot: Slot = { worker, ready: false };
    this.slots.add(slot);
    worker.on('message', (message: WorkerMessage) => this.receive(slot, message));
    worker.on('error', (error) => {
      slot.failure = error;
    });
    worker.once('exit', (code) => this.exited(slot, code));
  }

  private receive(slot: Slot, message: WorkerMessage): void {
    if ('ready' in message) {
      slot.ready = true;
      if ([...this.slots].every((s) => s.ready)) for (const waiter of this.waiting.splice(0)) waiter.resolve();
      this.dispatch();
      return;
    }
    const job = slot.job;
    if (!job || job.id !== message.id) return;
    this.release(slot);
    if ('error' in message) job.reject(new TaskFailedError(message.error.message, message.error.stack));
    else job.resolve(message.result);
    this.dispatch();
  }

  private exited(slot: Slot, code: number): void {
    this.slots.delete(slot);
    const job = slot.job;
    if (slot.timer) clearTimeout(slot.timer);
    const failure = (slot.failure as { code?: string } | undefined)?.code === 'ERR_WORKER_OUT_OF_MEMORY'
      ? new BudgetExceededError('memory', `${this.budget.memoryMb} MB`)
      : (slot.ending ?? slot.failure ?? new Error(`iis401: a task worker exited with code ${code}`));
    job?.reject(failure);
    if (!slot.ready) {
      // A worker that dies before it is ready (no build, a broken kb) would die again: tell who waits,
      // and spawn the next one only when a task asks for it.
      for (const waiter of this.waiting.splice(0)) waiter.reject(failure);
      if (![...this.slots].some((s) => s.ready)) for (const queued of this.queue.splice(0)) queued.reject(failure);
      return;
    }
    this.fill();
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (!slot.ready || slot.job) continue;
      const index = this.nextJobIndex();
      if (index < 0) return;
      const [job] = this.queue.splice(index, 1);
      if (!job) return;
      slot.job = job;
      slot.worker.ref();
      slot.timer = setTimeout(() => void this.end(slot, new BudgetExceededError('time', `${job.limitMs} ms`)), job.limitMs);
      if (job.task.kind === 'file') {
        // A copy whose memory moves to the worker: the caller's buffer may be a slice of a shared pool.
        const data = new Uint8Array(job.task.data);
        slot.worker.postMessage({ id: job.id, task: { ...job.task, data } }, [data.buffer]);
      } else slot.worker.postMessage({ id: job.id, task: job.task });
    }
  }

  /** The next task a free worker may take: heavy ones leave the last free worker to light ones. */
  private nextJobIndex(): number {
    const heavyRunning = [...this.slots].filter((slot) => slot.job?.heavy).length;
    const heavyAllowed = heavyRunning < Math.max(1, this.budget.workers - 1);
    return this.queue.findIndex((job) => !job.heavy || heavyAllowed);
  }

  private release(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = undefined;
    slot.job = undefined;
    slot.worker.unref();
  }

  private async end(slot: Slot, reason: Error): Promise<void> {
    slot.ending ??= reason;
    await slot.worker.terminate();
  }
}
