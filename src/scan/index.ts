// Public surface of the log scanner (issue 6): whole W3C / HTTPERR logs -> counts, challenge legs versus
// real failures, and the ranked causes of the failures.
import type { DiagnosisEngine } from '../diagnose.js';
import { diagnoseTally } from './causes.js';
import { tallyBuffer, tallyInputs } from './feed.js';
import type { ScanHooks } from './feed.js';
import { ScanInputError } from './sources.js';
import type { ScanInput } from './sources.js';
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
export { BOT_MAX_BYTES } from './feed.js';
export type { ScanHooks } from './feed.js';

/**
 * Scans inputs in order, as one log (a challenge may span two files); the causes are not looked for
 * yet (see diagnoseTally).
 */
export function scanInputs(inputs: readonly ScanInput[], options: ScanOptions = {}, hooks: ScanHooks = {}): Promise<ScanTally> {
  return tallyInputs(inputs, options, hooks);
}

/**
 * Scans an in-memory log (a file shared in Slack), gzip-compressed or not (told by its magic bytes), in
 * this thread: the bot calls it from its task pool's worker, which already keeps the event loop free and
 * bounds the memory (a second worker would only copy the file once more).
 * Throws ScanInputError when the data holds neither a request line nor a W3C directive (an Event Viewer
 * export, say), so that the caller can read it as a paste instead.
 */
export async function scanBuffer(data: Buffer, name: string, engine: Pick<DiagnosisEngine, 'diagnose'>, options: ScanOptions = {}): Promise<ScanReport> {
  return diagnoseTally(await tallyBuffer(data, name, options), engine);
}
