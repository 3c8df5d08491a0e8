// The command line's scan runs in a worker thread with a small young generation: V8 otherwise grows it
// to 32 MB and more for a log of long 401 lines, which alone would put the process past its memory
// budget (issue 11: peak RSS under 150 MB whatever the lines hold). The limits also turn a runaway scan
// into a clear error instead of a process killed by the system.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ScanHooks } from './feed.js';
import { ScanInputError } from './sources.js';
import type { ScanInput } from './sources.js';
import type { ScanOptions, ScanTally } from './types.js';
import type { ScanJob, ScanMessage } from './worker.js';
import type { PartResult } from './feed.js';
import { mergeParts } from './merge.js';
import { planParts } from './parallel.js';

/** V8 limits of the scan's worker (MB). The old generation holds the tally: tens of MB at most. */
export const WORKER_LIMITS = { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 384 } as const;

export class ScanWorkerError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

function workerFile(): string | undefined {
  // Compiled, worker.js sits beside this file; run from TypeScript sources (the tests) there is none.
  const path = fileURLToPath(new URL('./worker.js', import.meta.url));
  return existsSync(path) ? path : undefined;
}

/** The tally of `inputs` in a worker thread (in this thread for standard input, or when there is no compiled worker). */
export function scanInWorker(inputs: readonly ScanInput[], options: ScanOptions, hooks: ScanHooks = {}): Promise<ScanTally> {
  const file = workerFile();
  // A worker's process.stdin is not the command's: standard input is read here.
  if (!file || inputs.some((input) => input.path === undefined)) return import('./feed.js').then((feed) => feed.tallyInputs(inputs, options, hooks));
  return scanWithWorkers(file, inputs, options, hooks);
}

async function scanWithWorkers(file: string, inputs: readonly ScanInput[], options: ScanOptions, hooks: ScanHooks): Promise<ScanTally> {
  const plan = await planParts(inputs, options);
  if (!plan) return (await inWorker(file, { kind: 'inputs', inputs, options }, hooks)) as ScanTally;
  const [first, second] = (await Promise.all([inWorker(file, { kind: 'part', part: plan.first, options }, hooks), inWorker(file, { kind: 'part', part: plan.second, options }, hooks)])) as [PartResult, PartResult];
  return mergeParts(first.part, second.part, plan.splitFile === undefined ? undefined : { file: plan.splitFile, linesBefore: first.lastFileLines });
}

function inWorker(file: string, job: ScanJob, hooks: ScanHooks = {}): Promise<ScanTally | PartResult> {
  return new Promise((resolve, reject) => {
    // The worker takes the process's Node options, except one that only applies to a string of code.
    const execArgv = process.execArgv.filter((arg) => !arg.startsWith('--input-type'));
    const worker = new Worker(file, { workerData: job, resourceLimits: WORKER_LIMITS, execArgv });
    let settled = false;
    worker.on('message', (message: ScanMessage) => {
      if (message.kind === 'bytes') hooks.onBytes?.(message.n);
      else {
        settled = true;
        void worker.terminate();
        if (message.kind === 'done') resolve(message.tally);
        else if (message.kind === 'part-done') resolve(message.result);
        else if (message.name === 'ScanInputError') reject(new ScanInputError(message.message));
        else reject(new ScanWorkerError(message.message, message.code));
      }
    });
    worker.on('error', (error: Error & { code?: string }) => {
      if (settled) return;
      settled = true;
      if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') reject(new ScanWorkerError(`the scan needed more than ${WORKER_LIMITS.maxOldGenerationSizeMb} MB of memory and was stopped`, error.code));
      else reject(error);
    });
    worker.on('exit', (code) => {
      if (!settled) reject(new ScanWorkerError(`the scan stopped unexpectedly (worker exit ${code})`));
    });
  });
}
