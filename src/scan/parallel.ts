// Big plain files are cut into stretches (segments) at line ends and scanned by worker threads, each with
// its own challenge window; the main thread adds the segments' tallies up in file order and settles the
// 401s that were waiting across segment ends (see SegmentWindow in challenge.ts), so that the answer is
// the one a single pass gives.
//
// A segment in the middle of a file needs the #Software / #Fields in force where it starts, which only
// the segments before it can tell. Each worker is given a guess (the directives at the end of the last
// segment added up, or those at the top of the file: IIS rarely changes them within a file); when a
// segment is added up and its guess turns out wrong, it is scanned again with the right directives.
import { existsSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { absorbSegmentWindow, ChallengeWindow } from './challenge.js';
import type { SegmentWindowExport } from './challenge.js';
import { LogScanner } from './scanner.js';
import type { HeaderState } from './scanner.js';
import type { ScanInput } from './sources.js';
import { Tally } from './tally.js';
import type { TallyExport } from './tally.js';
import type { TimeRange } from './time-range.js';

/** Bytes per segment: large enough that a worker's start-up and a merge are noise, small enough to balance. */
export const SEGMENT_BYTES = 32 * 1024 * 1024;
/** At most this many workers: each is a V8 isolate (about 10 MB), and reading from disk does not scale further. */
const MAX_THREADS = 4;
/** How far the line end after a segment's nominal start is looked for at a time. */
const PROBE_BYTES = 64 * 1024;

export interface SegmentJob {
  readonly id: number;
  readonly name: string;
  readonly path: string;
  readonly start: number;
  readonly end: number;
  readonly header?: HeaderState;
  readonly range: TimeRange;
}

export type SegmentMessage =
  | { readonly id: number; readonly ok: true; readonly tally: TallyExport; readonly window: SegmentWindowExport; readonly endHeader: HeaderState }
  | { readonly id: number; readonly ok: false; readonly message: string };

export interface ParallelSettings {
  /** Worker threads; 1 scans on the main thread only. */
  readonly threads: number;
  readonly segmentBytes: number;
  /** Files below this are scanned on the main thread. */
  readonly minBytes: number;
}

function positiveInt(text: string | undefined): number | undefined {
  if (text === undefined || text === '') return undefined;
  const value = Number.parseInt(text, 10);
  return Number.isInteger(value) && value > 0 ? value : undefined;
}

/**
 * Threads and segment size. `IIS401_SCAN_THREADS` (1 = no workers) and `IIS401_SCAN_SEGMENT_BYTES`
 * override them, for machines shared with other work and for tests.
 */
export function parallelSettings(env: NodeJS.ProcessEnv = process.env): ParallelSettings {
  const threads = positiveInt(env.IIS401_SCAN_THREADS) ?? Math.min(availableParallelism(), MAX_THREADS);
  const segmentBytes = positiveInt(env.IIS401_SCAN_SEGMENT_BYTES) ?? SEGMENT_BYTES;
  return { threads, segmentBytes, minBytes: 2 * segmentBytes };
}

const WORKER_URL = new URL('./worker.js', import.meta.url);

/** Workers run compiled code: when this module runs from TypeScript sources (tests), there are none. */
export function workersAvailable(): boolean {
  return existsSync(fileURLToPath(WORKER_URL));
}

interface Task {
  readonly job: SegmentJob;
  readonly resolve: (message: SegmentMessage) => void;
  readonly reject: (error: Error) => void;
}

/** A fixed number of scan workers, started on first use, each given one segment at a time. */
export class WorkerPool {
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, Task>();
  private readonly queue: Task[] = [];
  private started = 0;

  constructor(readonly size: number) {}

  run(job: SegmentJob): Promise<SegmentMessage> {
    return new Promise((resolve, reject) => {
      this.queue.push({ job, resolve, reject });
      this.pump();
    });
  }

  async close(): Promise<void> {
    const workers = [...this.idle, ...this.busy.keys()];
    this.idle.length = 0;
    await Promise.all(workers.map((w) => w.terminate()));
  }

  private pump(): void {
    while (this.queue.length > 0) {
      let worker = this.idle.pop();
      if (!worker && this.started < this.size) worker = this.spawn();
      if (!worker) return;
      const task = this.queue.shift() as Task;
      this.busy.set(worker, task);
      worker.postMessage(task.job);
    }
  }

  private spawn(): Worker {
    this.started++;
    const worker = new Worker(WORKER_URL);
    worker.on('message', (message: SegmentMessage) => {
      const task = this.busy.get(worker);
      this.busy.delete(worker);
      this.idle.push(worker);
      task?.resolve(message);
      this.pump();
    });
    worker.on('error', (error) => {
      const task = this.busy.get(worker);
      this.busy.delete(worker);
      this.started--;
      task?.reject(error);
      this.pump();
    });
    return worker;
  }
}

/** Segment starts: each nominal multiple of `segmentBytes`, moved to just after the next line end. */
export async function segmentBounds(path: string, size: number, segmentBytes: number): Promise<number[]> {
  const bounds = [0];
  const handle = await open(path, 'r');
  try {
    const probe = Buffer.allocUnsafe(PROBE_BYTES);
    for (let nominal = segmentBytes; nominal < size; nominal += segmentBytes) {
      if (nominal <= (bounds.at(-1) ?? 0)) continue;
      let at = nominal;
      let found = -1;
      while (at < size && found < 0) {
        const { bytesRead } = await handle.read(probe, 0, PROBE_BYTES, at);
        if (bytesRead === 0) break;
        const i = probe.subarray(0, bytesRead).indexOf(0x0a);
        if (i >= 0) found = at + i + 1;
        else at += bytesRead;
      }
      if (found < 0 || found >= size) break;
      bounds.push(found);
    }
  } finally {
    await handle.close();
  }
  bounds.push(size);
  return bounds;
}

/** The directives at the top of a file, read the way the scanner reads them (so that they compare equal). */
async function topHeader(path: string): Promise<HeaderState> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(PROBE_BYTES);
    const { bytesRead } = await handle.read(head, 0, PROBE_BYTES, 0);
    let end = 0;
    // Only the directive block at the top: stop at the first line that is not a directive.
    for (let pos = 0; pos < bytesRead; ) {
      const nl = head.indexOf(0x0a, pos);
      if (nl < 0 || nl >= bytesRead) break;
      const first = head[pos] === 0xef ? head[pos + 3] : head[pos];
      if (first !== 0x23 && nl > pos + 1) break;
      end = nl + 1;
      pos = nl + 1;
    }
    const scanner = new LogScanner(new Tally(), new ChallengeWindow(() => undefined));
    scanner.beginFile(path);
    scanner.feed(head.subarray(0, end));
    return scanner.headerState();
  } finally {
    await handle.close();
  }
}

function sameHeader(a: HeaderState | undefined, b: HeaderState | undefined): boolean {
  return (a?.software ?? '') === (b?.software ?? '') && (a?.fields ?? '') === (b?.fields ?? '');
}

let nextJobId = 0;

/** Scans one big plain file with the pool, adding each segment to `tally` and `window` in file order. */
export async function scanFileInParallel(
  input: ScanInput & { readonly path: string },
  tally: Tally,
  window: ChallengeWindow,
  range: TimeRange,
  pool: WorkerPool,
  settings: ParallelSettings,
  onBytes: (n: number) => void = () => undefined,
): Promise<void> {
  const bounds = await segmentBounds(input.path, input.size, settings.segmentBytes);
  const top = await topHeader(input.path);
  const count = bounds.length - 1;
  const jobs: SegmentJob[] = [];
  const running = new Map<number, Promise<SegmentMessage>>();
  // Segments run ahead of the one being added up by at most this many, which bounds the memory held
  // by finished segments that wait for their turn.
  const ahead = pool.size + 1;
  let dispatched = 0;
  let known: HeaderState | undefined;
  let previousEnd: HeaderState | undefined;
  let fileLines = 0;
  for (let k = 0; k < count; k++) {
    while (dispatched < count && dispatched <= k + ahead) {
      const i = dispatched++;
      const header = i === 0 ? undefined : (known ?? top);
      const job: SegmentJob = { id: nextJobId++, name: input.name, path: input.path, start: bounds[i] ?? 0, end: bounds[i + 1] ?? 0, ...(header ? { header } : {}), range };
      jobs[i] = job;
      running.set(i, pool.run(job));
    }
    const job = jobs[k] as SegmentJob;
    let message = await (running.get(k) as Promise<SegmentMessage>);
    running.delete(k);
    if (message.ok && k > 0 && !sameHeader(job.header, previousEnd)) {
      // The guess was wrong (a #Fields change in an earlier segment): scan this segment again.
      const { header: _wrong, ...rest } = job;
      message = await pool.run({ ...rest, id: nextJobId++, ...(previousEnd ? { header: previousEnd } : {}) });
    }
    if (!message.ok) {
      // Let the other segments finish before failing, so that no worker is left writing.
      await Promise.allSettled(running.values());
      throw new Error(`iis401: scanning ${input.name} failed: ${message.message}`);
    }
    const lineOffset = tally.lines;
    const buckets = tally.absorb(message.tally, fileLines);
    absorbSegmentWindow(window, message.window, (local) => buckets[local] ?? 0, lineOffset);
    fileLines += message.tally.lines;
    previousEnd = message.endHeader;
    known = message.endHeader;
    onBytes(job.end - job.start);
  }
}
