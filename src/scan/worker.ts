// The counting phase of a scan as a worker thread's whole job (see in-worker.ts): files in, the tally
// out, progress on the way.
import { parentPort, workerData } from 'node:worker_threads';
import { tallyInputs } from './feed.js';
import type { ScanInput } from './sources.js';
import type { ScanOptions, ScanTally } from './types.js';

export interface ScanJob {
  readonly kind: 'inputs';
  readonly inputs: readonly ScanInput[];
  readonly options: ScanOptions;
}

/** Messages to the parent: bytes read (for the progress bar), then the tally or the error. */
export type ScanMessage =
  | { readonly kind: 'bytes'; readonly n: number }
  | { readonly kind: 'done'; readonly tally: ScanTally }
  | { readonly kind: 'failed'; readonly message: string; readonly code?: string; readonly name: string };

const job = workerData as ScanJob;
const port = parentPort;

function run(onBytes: (n: number) => void): Promise<ScanTally> {
  return tallyInputs(job.inputs, job.options, { onBytes });
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
    (tally) => {
      if (pending > 0) port.postMessage({ kind: 'bytes', n: pending } satisfies ScanMessage);
      port.postMessage({ kind: 'done', tally } satisfies ScanMessage);
    },
    (error: unknown) => {
      const failure = error as { message?: string; code?: string; name?: string; constructor?: { name?: string } };
      port.postMessage({ kind: 'failed', message: failure.message ?? String(error), name: failure.constructor?.name ?? failure.name ?? 'Error', ...(failure.code ? { code: failure.code } : {}) } satisfies ScanMessage);
    },
  );
}
