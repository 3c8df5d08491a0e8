// Both cores on one scan: the inputs are cut in two at a line boundary near the middle of their bytes
// (inside a plain file, or between files when the middle falls in a .gz or UTF-16 one), and each half
// is counted by its own worker with its own tallies and challenge window. The first half reads on into
// the second's opening lines until every 401 waiting at its end is settled (src/scan/feed.ts
// tallyPart), so the merged counts (src/scan/merge.ts) are the ones a single pass gives.
import { availableParallelism } from 'node:os';
import type { PartJob, Slice } from './feed.js';
import { headOf, lineEndAfter } from './sources.js';
import type { ScanInput } from './sources.js';
import { sniffEncoding } from './text-encoding.js';
import type { ScanOptions } from './types.js';

/**
 * Below this many bytes a second worker costs more than it saves: its start-up, the merge, and the
 * engine loaded after the workers rather than beside them (bench, 2 cores: 64 MB 0.63 s in two parts
 * against 0.50 s in one; 256 MB even; 1 GiB 2.5 s against 3.4 s).
 */
export const PARALLEL_MIN_BYTES = 512 * 1024 ** 2;

/**
 * Threads a scan uses: 2 when there are two cores (on the 2-core bench machine the 1 GiB 16%-401 log
 * takes 2.5 s in two parts against 3.4 s in one), unless IIS401_SCAN_THREADS=1 asks for one.
 */
export function scanThreads(env: NodeJS.ProcessEnv = process.env): number {
  const asked = Number(env.IIS401_SCAN_THREADS);
  if (Number.isInteger(asked) && asked >= 1) return Math.min(asked, availableParallelism() >= 2 ? 2 : 1);
  return availableParallelism() >= 2 ? 2 : 1;
}

export interface Plan {
  readonly first: PartJob;
  readonly second: PartJob;
  /** The file cut in two, when the cut is inside one. */
  readonly splitFile?: string;
}

/** A plain UTF-8 file with LF line ends can be cut at a line end; a .gz or UTF-16 one only around it. */
async function cuttable(input: ScanInput): Promise<boolean> {
  if (input.gzip || input.path === undefined) return false;
  const head = await headOf(input.path, 64 * 1024);
  return sniffEncoding(head) === 'utf-8' && head.includes(0x0a);
}

function atBoundary(inputs: readonly ScanInput[], j: number): Plan | undefined {
  if (j <= 0 || j >= inputs.length) return undefined;
  const rest: Slice[] = inputs.slice(j).map((input) => ({ input }));
  return { first: { count: inputs.slice(0, j).map((input) => ({ input })), overlap: rest, overlapContinues: false }, second: { count: rest, overlap: [], overlapContinues: false } };
}

/** How to scan `inputs` in two parts, or undefined to scan them in one. */
export async function planParts(inputs: readonly ScanInput[], options: ScanOptions, threads = scanThreads(), minBytes = PARALLEL_MIN_BYTES): Promise<Plan | undefined> {
  if (threads < 2 || options.maxBytes !== undefined || inputs.some((i) => i.path === undefined)) return undefined;
  const total = inputs.reduce((n, i) => n + i.size, 0);
  if (total < minBytes) return undefined;
  const half = total / 2;
  let before = 0;
  for (const [k, input] of inputs.entries()) {
    if (before + input.size <= half) {
      before += input.size;
      continue;
    }
    const into = half - before;
    if (!(await cuttable(input)) || input.path === undefined) return atBoundary(inputs, into < input.size / 2 ? k : k + 1);
    const cut = await lineEndAfter(input.path, Math.floor(into), input.size);
    if (cut >= input.size) return atBoundary(inputs, k + 1);
    const rest: Slice[] = [{ input, start: cut }, ...inputs.slice(k + 1).map((i) => ({ input: i }))];
    return {
      first: { count: [...inputs.slice(0, k).map((i) => ({ input: i })), { input, end: cut }], overlap: rest, overlapContinues: true },
      second: { count: rest, overlap: [], overlapContinues: false },
      splitFile: input.name,
    };
  }
  return undefined;
}
