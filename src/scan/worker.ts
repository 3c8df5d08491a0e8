// The counting phase of a scan as a worker thread's whole job (see in-worker.ts): files in, the tally
// out, progress on the way.
import { parentPort, workerData } from 'node:worker_threads';
import { tallyInputs, tallyPart } from './feed.js';
import type { PartJob, PartResult } from './feed.js';
import type { ScanInput } from './sources.js';
import type { ScanOptions, ScanTally } from './types.js';

/** The whole scan, or one thread's part of it (src/scan/parallel.ts). */
export type ScanJob =
  | { readonly kind: 'inputs'; readonly inputs: readonly ScanInput[]; readonly options: ScanOptions }
  | { readonly kind: 'part'; readonly part: PartJob; readonly options: ScanOptions };

/** Messages to the parent: bytes read (for the progress bar), then the tally or the error. */
export type ScanMessage =
  | { readonly kind: 'bytes'; readonly n: number }
  | { readonly kind: 'done'; readonly tally: ScanTally }
  | { readonly kind: 'part-done'; readonly result: PartResult }
  | { readonly kind: 'failed'; readonly message: string; readonly code?: string; readonly name: string };

const job = workerData as ScanJob;
const port = parentPort;

function run(onBytes: (n: number) => void): Promise<ScanMessage> {
  if (job.kind === 'part') return tallyPart(job.part, job.options, { onBytes }).then((result) => ({ kind: 'part-done', result }));
  return tallyInputs(job.inputs, job.options, { onBytes }).then((tally) => ({ kind: 'done', tally }));
}

if (port) {
  // Progress is batched: one message per few MB, not one per chunk.
  let pending = 0;
  run((n) => {
    pending += n;
    if (pending >= 4 * 1024 * 1024) {
      port.postMessage({ kind: 'bytes', n: pending } satisfies ScanMessage);
      pending = 0;
    }
  }).then(
    (message) => {
      if (pending > 0) port.postMessage({ kind: 'bytes', n: pending } satisfies ScanMessage);
      port.postMessage(message);
    },
    (error: unknown) => {
      const failure = error as { message?: string; code?: string; name?: string; constructor?: { name?: string } };
      port.postMessage({ kind: 'failed', message: failure.message ?? String(error), name: failure.constructor?.name ?? failure.name ?? 'Error', ...(failure.code ? { code: failure.code } : {}) } satisfies ScanMessage);
    },
  );
}
