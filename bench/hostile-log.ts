// Hostile logs for the scan's memory bounds (issue 11): every 401 line long, each with a URL, user and
// client never seen before, spread over many sub-status x Win32 pairs, so that anything the scanner keeps
// per line or per value shows up as memory. Deterministic: same options, same bytes.
import { closeSync, openSync, writeSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

export interface HostileOptions {
  /** 401 lines written; the issue's file has 61,440. */
  readonly lines: number;
  /** Bytes of each line, about (the padding of URL, user and client grows to fit). */
  readonly lineBytes: number;
  /** Distinct sc-substatus x sc-win32-status pairs the lines cycle through; the issue's has 512. */
  readonly pairs?: number;
  /** Gzip the output (written as gzip members of a few MB each: one file, any gunzip reads it). */
  readonly gzip?: boolean;
}

export interface HostileTruth {
  /** Bytes of log text (before compression). */
  readonly bytes: number;
  /** Bytes written (compressed when gzip). */
  readonly written: number;
  readonly lines: number;
  readonly pairs: number;
}

export const HOSTILE_FIELDS = 'date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken';

/** One `substatus win32` pair for line `i`: 8 sub-statuses x (pairs / 8) Win32 codes. */
export function hostilePair(i: number, pairs: number): { substatus: number; win32: number } {
  const pair = i % pairs;
  return { substatus: 1 + (pair % 8), win32: 1000 + Math.floor(pair / 8) };
}

function pad(seed: string, bytes: number): string {
  if (bytes <= seed.length) return seed;
  // Not one repeated letter, so that a run-length trick cannot make it cheap.
  const unit = `${seed}-abcdefghijklmnopqrstuvwxyz0123456789`;
  return `${unit.repeat(Math.ceil(bytes / unit.length)).slice(0, bytes - seed.length)}${seed}`;
}

/** The lines, in batches of about `batchBytes`, through `write`. */
export function writeHostileLog(options: HostileOptions, write: (chunk: Buffer) => void): HostileTruth {
  const pairs = options.pairs ?? 512;
  const header = `#Software: Microsoft Internet Information Services 10.0\r\n#Version: 1.0\r\n#Date: 2024-03-01 00:00:00\r\n#Fields: ${HOSTILE_FIELDS}\r\n`;
  // Three padded fields share the line: URL, user and client (the client is not an address here, as a
  // proxy that logs a forwarded header might write it).
  const share = Math.max(16, Math.floor((options.lineBytes - 120) / 3));
  let bytes = 0;
  let written = 0;
  let batch: string[] = [header];
  let batchBytes = header.length;
  const flush = (): void => {
    const raw = Buffer.from(batch.join(''), 'latin1');
    bytes += raw.length;
    const out = options.gzip ? gzipSync(raw, { level: 1 }) : raw;
    written += out.length;
    write(out);
    batch = [];
    batchBytes = 0;
  };
  for (let i = 0; i < options.lines; i++) {
    const { substatus, win32 } = hostilePair(i, pairs);
    const second = i % 60;
    const minute = Math.floor(i / 60) % 60;
    const hour = Math.floor(i / 3600) % 24;
    const time = `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:${String(second).padStart(2, '0')}`;
    const line = `2024-03-01 ${time} 10.0.0.5 GET /${pad(`u${i}`, share)} - 443 ${pad(`CONTOSO\\user${i}`, share)} ${pad(`c${i}`, share)} Mozilla/5.0 - 401 ${substatus} ${win32} 15\r\n`;
    batch.push(line);
    batchBytes += line.length;
    if (batchBytes >= 4 * 1024 * 1024) flush();
  }
  if (batchBytes > 0) flush();
  return { bytes, written, lines: options.lines, pairs };
}

export function writeHostileLogFile(path: string, options: HostileOptions): HostileTruth {
  const fd = openSync(path, 'w');
  try {
    return writeHostileLog(options, (chunk) => {
      writeSync(fd, chunk);
    });
  } finally {
    closeSync(fd);
  }
}

// `node dist/bench/hostile-log.js OUT.log.gz [LINES] [LINE_BYTES]`: the issue's file by default.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [path, lines = '61440', lineBytes = '60000'] = process.argv.slice(2);
  if (!path) {
    process.stderr.write('usage: node dist/bench/hostile-log.js OUT.log[.gz] [LINES] [LINE_BYTES]\n');
    process.exitCode = 2;
  } else {
    const truth = writeHostileLogFile(path, { lines: Number(lines), lineBytes: Number(lineBytes), gzip: path.endsWith('.gz') });
    process.stdout.write(`${JSON.stringify(truth)}\n`);
  }
}
