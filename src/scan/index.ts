// Public surface of the log scanner (issue 6): whole W3C / HTTPERR logs -> counts, challenge legs versus
// real failures, and the ranked causes of the failures.
import type { DiagnosisEngine } from '../diagnose.js';
import { diagnoseTally } from './causes.js';
import { ChallengeWindow } from './challenge.js';
import { LogScanner } from './scanner.js';
import { gunzip, readInput, ScanInputError } from './sources.js';
import type { ScanInput } from './sources.js';
import { Tally } from './tally.js';
import { parseTimeRange } from './time-range.js';
import type { ScanOptions, ScanReport, ScanTally } from './types.js';

export type { BucketSample, ScanOptions, ScanReport, ScanTally, TopEntry, UnauthorizedBucket } from './types.js';
export type { ScanInput } from './sources.js';
export { diagnoseTally, withoutCauses } from './causes.js';
export { renderScanSlack } from './render-slack.js';
export { renderScanText } from './render-text.js';
export { resolveInputs } from './sources.js';
export { ScanInputError };
export { TimeRangeError } from './time-range.js';
export { CHALLENGE_WINDOW_LINES, CHALLENGE_WINDOW_SECONDS, MAX_PENDING } from './challenge.js';

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Feeds one input's chunks; a gzip stream that breaks (a file cut short) keeps what was read before. */
async function feedAll(scanner: LogScanner, tally: Tally, name: string, chunks: AsyncIterable<Buffer>, gzip: boolean): Promise<void> {
  try {
    for await (const chunk of chunks) scanner.feed(chunk);
  } catch (error) {
    if (!gzip) throw error;
    tally.warn(name, 0, `the gzip data is damaged or cut short (${describe(error)}); the lines before that point were read`);
  }
  scanner.endFile();
}

export interface ScanHooks {
  /** Bytes read from storage (compressed bytes for .gz), for a progress bar. */
  readonly onBytes?: (n: number) => void;
}

/**
 * Scans inputs in order, as one log (a challenge may span two files); the causes are not looked for
 * yet (see diagnoseTally).
 */
export async function scanInputs(inputs: readonly ScanInput[], options: ScanOptions = {}, hooks: ScanHooks = {}): Promise<ScanTally> {
  const tally = new Tally();
  const window = new ChallengeWindow((id, count, challenge, sample) => tally.settle(id, count, challenge, sample));
  const scanner = new LogScanner(tally, window, parseTimeRange(options.since, options.until));
  for (const input of inputs) {
    tally.files.push(input.name);
    scanner.beginFile(input.name);
    await feedAll(scanner, tally, input.name, readInput(input, hooks.onBytes), input.gzip);
  }
  window.flush();
  return tally.finish();
}

/**
 * Scans an in-memory log (a file shared in Slack), gzip-compressed or not (told by its magic bytes).
 * Throws ScanInputError when the data holds neither a request line nor a W3C directive (an Event Viewer
 * export, say), so that the caller can read it as a paste instead.
 */
export async function scanBuffer(data: Buffer, name: string, engine: Pick<DiagnosisEngine, 'diagnose'>, options: ScanOptions = {}): Promise<ScanReport> {
  const tally = new Tally();
  const window = new ChallengeWindow((id, count, challenge, sample) => tally.settle(id, count, challenge, sample));
  const scanner = new LogScanner(tally, window, parseTimeRange(options.since, options.until));
  tally.files.push(name);
  scanner.beginFile(name);
  if (data[0] === 0x1f && data[1] === 0x8b) await feedAll(scanner, tally, name, gunzip([data]), true);
  else {
    scanner.feed(data);
    scanner.endFile();
  }
  window.flush();
  if (tally.records === 0 && tally.directives === 0 && tally.skipped === 0) {
    throw new ScanInputError(`iis401: ${name} holds no W3C or HTTPERR log lines`);
  }
  return diagnoseTally(tally.finish(), engine);
}
