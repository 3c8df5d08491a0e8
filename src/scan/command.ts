// `iis401 scan [FILES... | DIR | -] [--json] [--since T] [--until T]`: a thin shell over scanInputs.
import { parseArgs } from 'node:util';
import type { DiagnosisEngine } from '../diagnose.js';
import { CHALLENGE_WINDOW_SECONDS } from './challenge.js';
import { scanInWorker, ScanWorkerError } from './in-worker.js';
import { PARALLEL_MIN_BYTES, scanThreads } from './parallel.js';
import { ProgressBar } from './progress.js';
import { resolveInputs, ScanInputError } from './sources.js';
import type { ScanInput } from './sources.js';
import { parseTimeRange, TimeRangeError } from './time-range.js';
import type { ScanOptions, ScanReport, ScanTally } from './types.js';

const SCAN_USAGE = 'usage: iis401 scan [FILES... | DIR | -] [--json] [--since T] [--until T] [--max-bytes SIZE]';

const SCAN_HELP = `${SCAN_USAGE}

Reads whole W3C and HTTPERR logs (.log, .log.gz, folders of them, or standard input) and prints the
totals by status, the 401s by sub-status and Win32 code, the normal challenge legs apart from the real
failures, and the likely causes of the failures.

  --json         the report as JSON, for scripts
  --since T      only lines logged at or after T (ISO date or date-time; the log's times are UTC)
  --until T      only lines logged at or before T (a date alone means the whole day)
  --max-bytes N  stop after N bytes of log text, after decompression (e.g. 2GB, 500MB; default: no
                 limit, with a progress bar on a terminal); the report says where it stopped

A 401 counts as a challenge leg when a 2xx/3xx for the same client and URL follows within
${CHALLENGE_WINDOW_SECONDS} seconds of log time.`;

class ScanUsageError extends Error {}
class HelpRequested extends Error {}

interface ScanArgs {
  readonly paths: string[];
  readonly json: boolean;
  readonly options: ScanOptions;
}

const SCAN_OPTIONS = {
  json: { type: 'boolean' },
  since: { type: 'string' },
  until: { type: 'string' },
  'max-bytes': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** The CLI's one parser (node:util parseArgs), so `--x=y`, `--` and unknown options behave as everywhere else. */
function parseScanArgs(args: readonly string[]): ScanArgs {
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], options: SCAN_OPTIONS, strict: true, allowPositionals: true });
  } catch (error) {
    const message = (error as Error).message;
    const unknown = /^Unknown option '([^']{1,200})'/.exec(message);
    if (unknown) throw new ScanUsageError(`unknown option ${unknown[1] ?? ''}`);
    const missing = /^Option '(?:-\w, )?--([\w-]{1,40})/.exec(message);
    if (missing) throw new ScanUsageError(missing[1] === 'max-bytes' ? '--max-bytes needs a size, e.g. --max-bytes 2GB' : `--${missing[1] ?? ''} needs a value, e.g. --${missing[1] ?? ''} 2024-03-01T08:00:00Z`);
    throw new ScanUsageError(message.replace(/\. To specify a positional argument.*$/s, ''));
  }
  const { values, positionals } = parsed;
  if (values.help) throw new HelpRequested();
  const maxBytes = values['max-bytes'] === undefined ? undefined : parseByteSize(values['max-bytes']);
  const options: ScanOptions = {
    ...(values.since !== undefined ? { since: values.since } : {}),
    ...(values.until !== undefined ? { until: values.until } : {}),
    ...(maxBytes !== undefined ? { maxBytes } : {}),
  };
  return { paths: [...positionals], json: values.json === true, options };
}

const SIZE = /^(\d{1,15}(?:\.\d{1,6})?)\s?([kmgt]i?b?|b)?$/i;
const UNIT: Readonly<Record<string, number>> = { b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };

/** `2GB`, `500MiB`, `64k`, `1000000`: powers of 1024, as the progress bar prints them. */
export function parseByteSize(text: string): number {
  const match = SIZE.exec(text.trim());
  const bytes = match ? Math.floor(Number(match[1]) * (UNIT[(match[2] ?? 'b')[0]?.toLowerCase() ?? 'b'] ?? 1)) : 0;
  if (!(bytes > 0)) throw new ScanUsageError(`--max-bytes takes a size such as 2GB, 500MB or 1000000, not "${text}"`);
  return bytes;
}

/** Causes need the knowledge base; if it will not load, the counts are still worth printing. */
async function withCauses(tally: ScanTally, engine: Promise<DiagnosisEngine>): Promise<{ report: ScanReport; kbError?: string }> {
  const { diagnoseTally, withoutCauses } = await import('./causes.js');
  try {
    return { report: diagnoseTally(tally, await engine) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { report: withoutCauses(tally, message.split('\n')[0] ?? message), kbError: message };
  }
}

export async function scanCommand(args: readonly string[]): Promise<number> {
  let parsed: ScanArgs;
  let inputs: ScanInput[];
  try {
    parsed = parseScanArgs(args);
    if (parsed.paths.length === 0) {
      if (process.stdin.isTTY) throw new ScanUsageError('scan needs log files, a folder, or - for standard input');
      parsed.paths.push('-');
    }
    parseTimeRange(parsed.options.since, parsed.options.until);
    inputs = await resolveInputs(parsed.paths);
  } catch (error) {
    if (error instanceof HelpRequested) {
      process.stdout.write(`${SCAN_HELP}\n`);
      return 0;
    }
    if (error instanceof ScanUsageError || error instanceof TimeRangeError) {
      const message = error.message.replace(/^iis401: /, '');
      process.stderr.write(`iis401: ${message}\n${SCAN_USAGE}\n`);
      return 2;
    }
    if (error instanceof ScanInputError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }

  const progress = new ProgressBar(process.stderr, inputs.some((i) => i.path === undefined) ? 0 : inputs.reduce((n, i) => n + i.size, 0));
  let tally: ScanTally;
  const scanning = scanInWorker(inputs, parsed.options, { onBytes: (n) => progress.add(n) });
  // The engine, the knowledge base and the renderers load only once the worker has started: they are
  // ready when the counts are, and never delay the first byte read (about 0.1 s of imports).
  // With two scan workers the engine (some 40 MB) loads after them, so that the peak memory is the
  // larger of the two, not their sum (issue 12: peak RSS under 150 MB).
  const split = scanThreads() >= 2 && inputs.reduce((n, i) => n + i.size, 0) >= PARALLEL_MIN_BYTES;
  const engine = (split ? scanning.catch(() => undefined) : Promise.resolve()).then(() => import('../engine.js')).then((m) => m.createEngine());
  engine.catch(() => undefined);
  const rendering = Promise.all([import('./render-text.js'), import('../text/well-formed.js')]);
  rendering.catch(() => undefined);
  try {
    tally = await scanning;
  } catch (error) {
    progress.end();
    // A file that vanished or broke while being read: one line, like a missing file.
    const code = (error as { code?: string }).code;
    if (error instanceof ScanWorkerError && !/^E[A-Z]+$/.test(code ?? '')) {
      process.stderr.write(`iis401: ${error.message}\n`);
      return 1;
    }
    if (code && /^E[A-Z]+$/.test(code)) {
      process.stderr.write(`iis401: reading the logs failed: ${error instanceof Error ? error.message : String(error)}\n`);
      return 1;
    }
    throw error;
  }
  progress.end();

  const { report, kbError } = await withCauses(tally, engine);
  const [{ renderScanText }, { escapeC1InJson }] = await rendering;
  process.stdout.write(`${parsed.json ? escapeC1InJson(JSON.stringify(report, null, 2)) : renderScanText(report)}\n`);
  if (kbError) {
    process.stderr.write(`${kbError}\n`);
    return 1;
  }
  return 0;
}
