// What a scan has counted so far, in bounded memory.
import type { NotHttpKind } from '../parse/w3c-fields.js';
import { decodeWin32Status } from '../codes/decode.js';
import { CHALLENGE_WINDOW_LINES, CHALLENGE_WINDOW_SECONDS, MAX_PENDING } from './challenge.js';
import { sampleLine } from './bounded.js';
import { Servers } from './servers.js';
import { SpaceSaving } from './top-k.js';
import type { TopCount } from './top-k.js';
import type { BucketSample, ScanReport, ScanTally, TopEntry, UnauthorizedBucket } from './types.js';

/** Counters per top list of a bucket: a value seen in more than 1/512 of a bucket's 401s is never lost. */
export const TOP_CAPACITY = 512;
/** Buckets that get full-size top lists; later (rarer) code pairs get SMALL_TOP_CAPACITY. */
const FULL_BUCKETS = 64;
const SMALL_TOP_CAPACITY = 16;
/** Distinct code pairs kept apart; past this a new pair joins its sub-status with win32 -1. */
const MAX_BUCKETS = 512;
/** Raw lines kept per bucket, to diagnose it. */
export const SAMPLES_PER_BUCKET = 3;
/**
 * 401s per bucket whose line is kept while they wait, so that the bucket's failures are diagnosed from
 * lines that failed rather than from its first lines (often challenge legs). Bounds the strings made.
 */
export const SAMPLE_BUDGET = 64;
/**
 * Bytes of sample lines (and their headers) kept in all, over every bucket and waiting group: past this no
 * more are kept, whatever the number of buckets or the length of their lines.
 */
export const SAMPLE_BYTES = 1024 * 1024;
/** Unreadable lines quoted in the report. */
export const MAX_EXAMPLES = 5;
export const MAX_WARNINGS = 20;
/** Entries shown in each top list of the report. */
export const TOP_SHOWN = 10;
/** Length of `YYYY-MM-DD HH:MM:SS`. */
export const STAMP = 19;

export interface Bucket {
  readonly id: number;
  readonly substatus: number;
  readonly win32: number;
  count: number;
  challenge: number;
  failure: number;
  readonly urls: SpaceSaving;
  readonly users: SpaceSaving;
  readonly clients: SpaceSaving;
  /** Earliest and latest log time (seconds since 1970; -1 until a 401 with a readable time). */
  first: number;
  last: number;
  /** The bucket's first lines, and lines of 401s that turned out to be failures. */
  readonly samples: BucketSample[];
  readonly failureSamples: BucketSample[];
  sampleBudget: number;
}

/** A place in the input, for messages. */
export interface Located {
  readonly file: string;
  readonly line: number;
  readonly text: string;
}

/** Seconds since 1970 as the logs write date and time: `YYYY-MM-DD HH:MM:SS`. */
export function stampOf(seconds: number): string {
  return new Date(seconds * 1000).toISOString().slice(0, 19).replace('T', ' ');
}

/** Widens a bucket's first..last span to a log time (-1: none). */
export function widen(bucket: Bucket, time: number): void {
  if (time < 0) return;
  if (bucket.first < 0 || time < bucket.first) bucket.first = time;
  if (time > bucket.last) bucket.last = time;
}

function topEntries(list: readonly TopCount[]): TopEntry[] {
  return list.map((t) => (t.error > 0 ? { value: t.value, count: t.count, error: t.error } : { value: t.value, count: t.count }));
}

/** A thread's part of a scan (see Tally.finishPart). */
export interface ScanPart {
  readonly tally: ScanTally;
  /** Per bucket (`substatus win32`): the least count of its URL, user and client lists (0: not full). */
  readonly least: Readonly<Record<string, readonly [number, number, number]>>;
  readonly reasonsLeast: number;
  readonly sampleBytes: number;
}

export class Tally {
  readonly statusCounts = new Float64Array(600);
  readonly reasons = new SpaceSaving(TOP_CAPACITY);
  readonly files: string[] = [];
  lines = 0;
  bytes = 0;
  records = 0;
  skipped = 0;
  unreadable = 0;
  noStatus = 0;
  httpErrLines = 0;
  /** Directive lines (`#Fields:`, `#Software:` ...) seen: a file with none and no request is not a log. */
  directives = 0;
  iis: ScanReport['iis'];
  stopped: ScanReport['stopped'];
  /** The per-server split, for a fleet's log share. */
  readonly servers = new Servers();
  /** Lines of FTP (not HTTP) logs, and the files they came from. */
  notHttpLines = 0;
  readonly notHttpFiles: string[] = [];
  readonly notHttpKinds: NotHttpKind[] = [];
  /** Bytes of sample text made so far (see SAMPLE_BYTES). */
  sampleBytes = 0;
  private readonly buckets = new Map<number, Bucket>();
  private readonly bucketList: Bucket[] = [];
  private readonly examples: Located[] = [];
  private readonly warnings: Located[] = [];
  private lastBucket: Bucket | undefined;

  bucketFor(substatus: number, win32: number): Bucket {
    // Consecutive 401s mostly share their codes: skip the map then.
    const last = this.lastBucket;
    if (last && last.substatus === substatus && last.win32 === win32) return last;
    const key = (substatus + 1) * 0x200000000 + (win32 + 1);
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.bucketList.length >= MAX_BUCKETS && win32 !== -1) return this.bucketFor(substatus, -1);
      const capacity = this.bucketList.length < FULL_BUCKETS ? TOP_CAPACITY : SMALL_TOP_CAPACITY;
      bucket = {
        id: this.bucketList.length,
        substatus,
        win32,
        count: 0,
        challenge: 0,
        failure: 0,
        first: -1,
        last: -1,
        urls: new SpaceSaving(capacity),
        users: new SpaceSaving(capacity),
        clients: new SpaceSaving(capacity),
        samples: [],
        failureSamples: [],
        sampleBudget: SAMPLE_BUDGET,
      };
      this.buckets.set(key, bucket);
      this.bucketList.push(bucket);
    }
    this.lastBucket = bucket;
    return bucket;
  }

  /**
   * A bounded, redacted copy of the line b[start, end) under `header`; undefined once the samples have
   * used their budget, unless `always` (a bucket's first few, bounded by the number of buckets).
   */
  sample(header: string, b: Buffer, start: number, end: number, separator: number, always = false): BucketSample | undefined {
    if (this.sampleBytes >= SAMPLE_BYTES && !always) return undefined;
    const line = sampleLine(b, start, end, separator);
    if (!always) this.sampleBytes += line.length + header.length;
    return { header, line };
  }

  /** The window's verdict on `count` 401s of bucket `id`. */
  settle(id: number, count: number, challenge: boolean, sample?: BucketSample): void {
    const bucket = this.bucketList[id];
    if (!bucket) return;
    this.servers.settle(id, count, challenge);
    if (challenge) bucket.challenge += count;
    else {
      bucket.failure += count;
      if (sample && bucket.failureSamples.length < SAMPLES_PER_BUCKET) bucket.failureSamples.push(sample);
    }
  }

  unreadableLine(file: string, line: number, text: string): void {
    this.unreadable++;
    if (this.examples.length < MAX_EXAMPLES) this.examples.push({ file, line, text });
  }

  warn(file: string, line: number, text: string): void {
    if (this.warnings.length < MAX_WARNINGS) this.warnings.push({ file, line, text });
  }

  /**
   * One thread's part of a scan, to be merged with the others' (src/scan/merge.ts): every kept value of
   * every top list, and each list's least count.
   */
  finishPart(): ScanPart {
    const least: Record<string, readonly [number, number, number]> = {};
    for (const b of this.bucketList) least[`${b.substatus} ${b.win32}`] = [b.urls.least, b.users.least, b.clients.least];
    return { tally: this.finish(TOP_CAPACITY), least, reasonsLeast: this.reasons.least, sampleBytes: this.sampleBytes };
  }

  /** The report (without causes); the window must have been flushed into it. */
  finish(shown = TOP_SHOWN): ScanTally {
    const byStatus: Record<string, number> = {};
    for (let status = 100; status < 600; status++) {
      const count = this.statusCounts[status] ?? 0;
      if (count > 0) byStatus[String(status)] = count;
    }
    if (this.noStatus > 0) byStatus['-'] = this.noStatus;
    const servers = this.servers.any ? this.servers.finish(this, (id) => this.bucketList[id], stampOf, shown) : [];
    const samples = new Map<string, BucketSample[]>();
    const unauthorized: UnauthorizedBucket[] = [...this.bucketList]
      .sort((a, b) => b.count - a.count || a.substatus - b.substatus || a.win32 - b.win32)
      .map((bucket) => {
        samples.set(`${bucket.substatus} ${bucket.win32}`, bucket.failureSamples.length > 0 ? bucket.failureSamples : bucket.samples);
        const decoded = bucket.win32 >= 0 ? decodeWin32Status(String(bucket.win32)) : undefined;
        return {
          substatus: bucket.substatus,
          win32: bucket.win32,
          ...(decoded?.name ? { name: decoded.name } : {}),
          ...(decoded?.meaning ? { meaning: decoded.meaning } : {}),
          count: bucket.count,
          challenge: bucket.challenge,
          failure: bucket.failure,
          topUrls: topEntries(bucket.urls.top(shown)),
          topUsers: topEntries(bucket.users.top(shown)),
          topClients: topEntries(bucket.clients.top(shown)),
          ...(bucket.first >= 0 ? { first: stampOf(bucket.first) } : {}),
          ...(bucket.last >= 0 ? { last: stampOf(bucket.last) } : {}),
        };
      });
    const where = (l: Located): string => `${l.file}${l.line > 0 ? `:${l.line}` : ''}: ${l.text}`;
    const report: ScanTally['report'] = {
      files: [...this.files],
      lines: this.lines,
      bytes: this.bytes,
      records: this.records,
      skipped: this.skipped,
      unreadable: { count: this.unreadable, examples: this.examples.map(where) },
      byStatus,
      unauthorized,
      challenge: unauthorized.reduce((n, b) => n + b.challenge, 0),
      failure: unauthorized.reduce((n, b) => n + b.failure, 0),
      ...(this.httpErrLines > 0 ? { httpErr: { lines: this.httpErrLines, reasons: topEntries(this.reasons.top(shown)) } } : {}),
      ...(this.iis ? { iis: this.iis } : {}),
      ...(this.stopped ? { stopped: this.stopped } : {}),
      ...(servers.length > 0 ? { servers } : {}),
      ...(this.notHttpLines > 0 ? { notHttp: { kind: this.notHttpKinds[0] ?? 'ftp', kinds: [...this.notHttpKinds], lines: this.notHttpLines, files: [...this.notHttpFiles] } } : {}),
      window: { seconds: CHALLENGE_WINDOW_SECONDS, lines: CHALLENGE_WINDOW_LINES, maxPending: MAX_PENDING },
      warnings: this.warnings.map(where),
    };
    return { report, samples };
  }
}
