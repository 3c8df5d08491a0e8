// A scan worker thread: tallies one segment of a file with its own challenge window; the main thread
// adds the segments up in file order (src/scan/parallel.ts).
import { parentPort } from 'node:worker_threads';
import { SegmentWindow } from './challenge.js';
import type { SegmentJob, SegmentMessage } from './parallel.js';
import { LogScanner } from './scanner.js';
import { readFileRange } from './sources.js';
import { Tally } from './tally.js';

async function run(job: SegmentJob): Promise<SegmentMessage> {
  const tally = new Tally();
  const window = new SegmentWindow((id, count, challenge) => tally.settle(id, count, challenge));
  const scanner = new LogScanner(tally, window, job.range);
  scanner.beginFile(job.name, { ...(job.header ? { header: job.header } : {}), midFile: job.start > 0 });
  for await (const chunk of readFileRange(job.path, job.start, job.end)) scanner.feed(chunk);
  scanner.endFile();
  return { id: job.id, ok: true, tally: tally.export(), window: window.export(tally.lines), endHeader: scanner.headerState() };
}

parentPort?.on('message', (job: SegmentJob) => {
  run(job).then(
    (message) => parentPort?.postMessage(message),
    (error: unknown) => parentPort?.postMessage({ id: job.id, ok: false, message: error instanceof Error ? error.message : String(error) } satisfies SegmentMessage),
  );
});
