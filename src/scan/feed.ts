// The counting phase of a scan, without the causes: inputs or one in-memory file in, a ScanTally out.
// Kept apart from index.ts so that the scan's worker thread (worker.ts) loads only what counting needs.
import { ChallengeWindow } from './challenge.js';
import { LogScanner } from './scanner.js';
import { directivesBefore, gunzip, readInput, ScanInputError } from './sources.js';
import type { ScanInput } from './sources.js';
import { Tally } from './tally.js';
import type { ScanPart } from './tally.js';
import { asUtf8 } from './text-encoding.js';
import { parseTimeRange } from './time-range.js';
import type { ScanOptions, ScanTally } from './types.js';

async function* oneChunk(data: Buffer): AsyncGenerator<Buffer> {
  yield data;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The bot's cap on log text read from one shared file (after decompression): a gzip bomb stops here. */
export const BOT_MAX_BYTES = 2 * 1024 ** 3;

/**
 * Feeds one input's chunks, decoded to UTF-8; a gzip stream that breaks (a file cut short) keeps what
 * was read before. Returns false when the byte cap was reached: nothing more is to be read.
 */
async function feedAll(scanner: LogScanner, tally: Tally, name: string, chunks: AsyncIterable<Buffer>, gzip: boolean, maxBytes: number): Promise<boolean> {
  let more = true;
  const decoded = asUtf8(chunks, (encoding) => {
    if (encoding !== 'utf-8') tally.warn(name, 0, `the file is ${encoding.toUpperCase()} text; it was decoded to read it`);
  });
  try {
    for await (const chunk of decoded) {
      const room = maxBytes - tally.bytes;
      if (chunk.length <= room) {
        scanner.feed(chunk);
        continue;
      }
      // Up to the cap, and there to the end of the last whole line.
      const cut = room > 0 ? chunk.lastIndexOf(0x0a, room - 1) : -1;
      if (cut >= 0) scanner.feed(chunk.subarray(0, cut + 1));
      scanner.dropPartialLine();
      tally.stopped = { maxBytes, file: name };
      tally.warn(name, 0, `the scan stopped after ${maxBytes.toLocaleString('en-US')} bytes of log text (the limit on bytes read); the lines after that point and any later files were not read`);
      more = false;
      break;
    }
  } catch (error) {
    if (!gzip) throw error;
    tally.warn(name, 0, `the gzip data is damaged or cut short (${describe(error)}); the lines before that point were read`);
  }
  scanner.endFile();
  return more;
}

export interface ScanHooks {
  /** Bytes read from storage (compressed bytes for .gz), for a progress bar. */
  readonly onBytes?: (n: number) => void;
}

/**
 * Scans inputs in order, as one log (a challenge may span two files); the causes are not looked for
 * yet (see diagnoseTally).
 */
export async function tallyInputs(inputs: readonly ScanInput[], options: ScanOptions = {}, hooks: ScanHooks = {}): Promise<ScanTally> {
  const tally = new Tally();
  const window = new ChallengeWindow((id, count, challenge, sample) => tally.settle(id, count, challenge, sample));
  const scanner = new LogScanner(tally, window, parseTimeRange(options.since, options.until));
  let server: string | undefined;
  for (const [i, input] of inputs.entries()) {
    tally.files.push(input.name);
    // A challenge does not span servers: what waits at the end of one server's logs has failed.
    if (i > 0 && input.server !== server) window.flush();
    server = input.server;
    tally.servers.begin(server, tally);
    scanner.beginFile(input.name);
    if (!(await feedAll(scanner, tally, input.name, readInput(input, hooks.onBytes), input.gzip, options.maxBytes ?? Number.POSITIVE_INFINITY))) break;
  }
  window.flush();
  return tally.finish();
}

/**
 * The tally of an in-memory log (a file shared in Slack), gzip-compressed or not (told by its magic
 * bytes), read up to BOT_MAX_BYTES unless told otherwise. Throws ScanInputError when the data holds
 * neither a request line nor a W3C directive.
 */
export async function tallyBuffer(data: Buffer, name: string, options: ScanOptions = {}): Promise<ScanTally> {
  const tally = new Tally();
  const window = new ChallengeWindow((id, count, challenge, sample) => tally.settle(id, count, challenge, sample));
  const scanner = new LogScanner(tally, window, parseTimeRange(options.since, options.until));
  tally.files.push(name);
  scanner.beginFile(name);
  const gzip = data[0] === 0x1f && data[1] === 0x8b;
  await feedAll(scanner, tally, name, gzip ? gunzip([data]) : oneChunk(data), gzip, options.maxBytes ?? BOT_MAX_BYTES);
  window.flush();
  if (tally.records === 0 && tally.directives === 0 && tally.skipped === 0) {
    throw new ScanInputError(`iis401: ${name} holds no W3C or HTTPERR log lines`);
  }
  return tally.finish();
}

/** Part of one input: bytes [start, end) of a plain file, or all of it. */
export interface Slice {
  readonly input: ScanInput;
  readonly start?: number;
  readonly end?: number;
}

/** One thread's share of a scan (src/scan/parallel.ts). */
export interface PartJob {
  /** What this part counts, in order. */
  readonly count: readonly Slice[];
  /** What comes after it (the next part's), read only to settle the 401s still waiting at its end. */
  readonly overlap: readonly Slice[];
  /** The first overlap slice goes on with the file the last counted slice ended in. */
  readonly overlapContinues: boolean;
}

export interface PartResult {
  readonly part: ScanPart;
  /** Lines of the last counted file read by this part (the next part's line numbers go on from there). */
  readonly lastFileLines: number;
}

/**
 * Counts one part of a scan as tallyInputs would count the whole: a part that starts inside a file first
 * reads the directives in force there; a part that ends with 401s still waiting reads on into the next
 * part's lines (same server) until each is settled, counting nothing there.
 */
export async function tallyPart(job: PartJob, options: ScanOptions = {}, hooks: ScanHooks = {}): Promise<PartResult> {
  const tally = new Tally();
  const window = new ChallengeWindow((id, count, challenge, sample) => tally.settle(id, count, challenge, sample));
  const scanner = new LogScanner(tally, window, parseTimeRange(options.since, options.until));
  let server: string | undefined;
  for (const [i, slice] of job.count.entries()) {
    const { input } = slice;
    tally.files.push(input.name);
    if (i > 0 && input.server !== server) window.flush();
    server = input.server;
    tally.servers.begin(server, tally);
    scanner.beginFile(input.name);
    if (slice.start !== undefined && slice.start > 0 && input.path !== undefined) scanner.readContext(await directivesBefore(input.path, slice.start));
    await feedAll(scanner, tally, input.name, readInput(input, hooks.onBytes, slice), input.gzip, Number.POSITIVE_INFINITY);
  }
  const lastFileLines = scanner.linesInFile;
  if (window.size > 0) {
    scanner.beginOverlap();
    for (const [i, slice] of job.overlap.entries()) {
      if (slice.input.server !== server || window.size === 0) break;
      if (i > 0 || !job.overlapContinues) scanner.beginFile(slice.input.name);
      try {
        for await (const chunk of asUtf8(readInput(slice.input, () => undefined, slice))) {
          scanner.feed(chunk);
          if (window.size === 0) break;
        }
      } catch (error) {
        if (!slice.input.gzip) throw error;
      }
      scanner.endFile();
    }
  }
  window.flush();
  return { part: tally.finishPart(), lastFileLines };
}
