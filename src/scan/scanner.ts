// The streaming reader behind `iis401 scan`: W3C and HTTPERR log bytes in, counts out, in bounded memory.
//
// Speed comes from doing almost nothing for most lines. A line is found with Buffer#indexOf (memchr);
// its status is found by walking back from the line end over the few short fields that follow sc-status
// in every IIS layout (or forward, when #Fields puts it early); only 401 lines are split into all their
// fields, and only successes that may close a waiting challenge are read up to c-ip and cs-uri-stem, as
// bytes, into a hash. No string is made for a line that is neither.
import { decodeWin32Status } from '../codes/decode.js';
import { LAYOUTS, layoutFor, versionFromSoftware } from '../parse/iis-log.js';
import { CHALLENGE_WINDOW_LINES, CHALLENGE_WINDOW_SECONDS, ChallengeWindow, MAX_PENDING } from './challenge.js';
import type { TimeRange } from './time-range.js';
import { SpaceSaving } from './top-k.js';
import type { TopCount } from './top-k.js';
import type { BucketSample, ScanReport, ScanTally, TopEntry, UnauthorizedBucket } from './types.js';

const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;
const HASH = 0x23;
const DASH = 0x2d;
const DASH_BYTES = Buffer.from('-');
/** Length of `YYYY-MM-DD HH:MM:SS`. */
const STAMP = 19;

/** Longest line read; a longer one (binary junk, a log without line ends) counts as one unreadable line. */
export const MAX_LINE_BYTES = 65_536;
/** Fields split out of one line; a W3C layout with every field selected has under 40. */
const MAX_FIELDS = 256;
/** Lines between two sweeps of the challenge window (each sweep reads one timestamp). */
const SWEEP_EVERY = 4096;
/** Counters per top list of a bucket: a value seen in more than 1/256 of a bucket's 401s is never lost. */
export const TOP_CAPACITY = 256;
/** Buckets that get full-size top lists; later (rarer) code pairs get SMALL_TOP_CAPACITY. */
const FULL_BUCKETS = 64;
const SMALL_TOP_CAPACITY = 16;
/** Distinct code pairs kept apart; past this a new pair joins its sub-status with win32 -1. */
const MAX_BUCKETS = 512;
/** Raw lines kept per bucket, to diagnose it. */
const SAMPLES_PER_BUCKET = 3;
/** Unreadable lines quoted in the report. */
const MAX_EXAMPLES = 5;
/** Entries shown in each top list of the report. */
export const TOP_SHOWN = 10;

interface Layout {
  readonly names: readonly string[];
  readonly count: number;
  readonly status: number;
  readonly substatus: number;
  readonly win32: number;
  readonly uri: number;
  readonly ip: number;
  readonly user: number;
  readonly date: number;
  readonly time: number;
  readonly reason: number;
  /** Fields after sc-status: the walk back from the line end passes this many spaces. */
  readonly after: number;
  readonly backward: boolean;
  /** Spaces to pass before c-ip and cs-uri-stem are both known. */
  readonly keySpaces: number;
  /** date and time are the first two fields, so `YYYY-MM-DD HH:MM:SS` starts the line. */
  readonly stampAtStart: boolean;
  /** HTTPERR: every line is split (sc-status may be `-`, and s-reason is tallied). */
  readonly httpErr: boolean;
  /** Taken from a default layout because the file has no #Fields. */
  readonly implicit: boolean;
  /** The directives that name these fields, put before a sample line when it is diagnosed. */
  readonly header: string;
}

function makeLayout(names: readonly string[], header: string, httpErr: boolean, implicit: boolean): Layout {
  const at = (name: string): number => names.indexOf(name);
  const status = at('sc-status');
  const uri = at('cs-uri-stem') >= 0 ? at('cs-uri-stem') : at('cs-uri');
  const ip = at('c-ip');
  const after = status >= 0 ? names.length - 1 - status : 0;
  return {
    names,
    count: names.length,
    status,
    substatus: at('sc-substatus'),
    win32: at('sc-win32-status'),
    uri,
    ip,
    user: at('cs-username'),
    date: at('date'),
    time: at('time'),
    reason: at('s-reason'),
    after,
    backward: after <= status,
    keySpaces: Math.max(uri, ip) + 1,
    stampAtStart: at('date') === 0 && at('time') === 1,
    httpErr,
    implicit,
    header,
  };
}

interface Bucket {
  readonly id: number;
  readonly substatus: number;
  readonly win32: number;
  count: number;
  challenge: number;
  failure: number;
  readonly urls: SpaceSaving;
  readonly users: SpaceSaving;
  readonly clients: SpaceSaving;
  /** Earliest and latest `YYYY-MM-DD HH:MM:SS`, as bytes so that each 401 compares without a string. */
  first?: Buffer;
  last?: Buffer;
  readonly samples: BucketSample[];
}

/** Printable, short: control bytes of a garbage line must not reach a terminal or Slack. */
function quote(text: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\u0000-\u0008\u000b-\u001f\u007f\ufffd]/g, '?');
  return clean.length > 160 ? `${clean.slice(0, 160)}…` : clean;
}

function topEntries(list: readonly TopCount[]): TopEntry[] {
  return list.map((t) => (t.error > 0 ? { value: t.value, count: t.count, error: t.error } : { value: t.value, count: t.count }));
}

/** Digits of b[start, end) as a number, or -1 (empty, `-`, or not all digits). */
function digits(b: Uint8Array, start: number, end: number): number {
  if (end <= start || end - start > 10) return -1;
  let value = 0;
  for (let i = start; i < end; i++) {
    const d = (b[i] ?? 0) - 0x30;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

/** sc-win32-status as IIS logs it: unsigned decimal, or a negative NTSTATUS (-1073741715) wrapped to 32 bits. */
function win32Of(b: Uint8Array, start: number, end: number): number {
  const negative = b[start] === DASH && end - start > 1;
  const value = digits(b, negative ? start + 1 : start, end);
  if (value < 0) return -1;
  if (negative) return value > 0x80000000 ? -1 : value === 0 ? 0 : 0x100000000 - value;
  return value > 0xffffffff ? -1 : value;
}

export class LogScanner {
  private readonly since?: Buffer;
  private readonly until?: Buffer;
  private readonly window: ChallengeWindow;
  private readonly spaces = new Int32Array(MAX_FIELDS);
  private readonly statusCounts = new Float64Array(600);
  private readonly buckets = new Map<number, Bucket>();
  private readonly bucketList: Bucket[] = [];
  private readonly files: string[] = [];
  private readonly warnings: string[] = [];
  private readonly examples: string[] = [];
  private readonly reasons = new SpaceSaving(TOP_CAPACITY);

  private file = '';
  private layout: Layout | undefined;
  private software = '';
  private softwareIsHttpApi = false;
  private warnedNoStatus = false;
  private fileLine = 0;
  private carry: Buffer | undefined;
  private skippingLongLine = false;
  private sweep = SWEEP_EVERY;
  private keyCheck = 0;
  private dateKey = -1;
  private dateSeconds = 0;
  private iis: ScanReport['iis'];

  private lineCount = 0;
  private byteCount = 0;
  private records = 0;
  private skipped = 0;
  private unreadable = 0;
  private noStatus = 0;
  private httpErrLines = 0;

  constructor(range: TimeRange = {}) {
    if (range.since) this.since = Buffer.from(range.since, 'latin1');
    if (range.until) this.until = Buffer.from(range.until, 'latin1');
    this.window = new ChallengeWindow((id, count, challenge) => {
      const bucket = this.bucketList[id];
      if (!bucket) return;
      if (challenge) bucket.challenge += count;
      else bucket.failure += count;
    });
  }

  /** Starts a new input: header state is per file, the challenge window spans files (logs roll over at midnight). */
  beginFile(name: string): void {
    this.endFile();
    this.file = name;
    this.files.push(name);
    this.layout = undefined;
    this.software = '';
    this.softwareIsHttpApi = false;
    this.warnedNoStatus = false;
    this.fileLine = 0;
  }

  /** Feeds the next bytes of the current file. The chunk may be reused by the caller afterwards. */
  feed(chunk: Buffer): void {
    this.byteCount += chunk.length;
    let start = 0;
    if (this.skippingLongLine) {
      const nl = chunk.indexOf(LF);
      if (nl < 0) return;
      this.skippingLongLine = false;
      start = nl + 1;
    } else if (this.carry) {
      const nl = chunk.indexOf(LF);
      if (nl < 0) {
        this.keep(chunk);
        return;
      }
      const joined = Buffer.concat([this.carry, chunk.subarray(0, nl + 1)]);
      this.carry = undefined;
      if (joined.length > MAX_LINE_BYTES) this.tooLong(joined);
      else this.readLines(joined, 0);
      start = nl + 1;
    }
    const tail = this.readLines(chunk, start);
    if (tail < chunk.length) this.keep(chunk.subarray(tail));
  }

  /** Ends the current file: a last line without its line end is still read. */
  endFile(): void {
    if (this.carry) {
      const last = Buffer.concat([this.carry, Buffer.from([LF])]);
      this.carry = undefined;
      this.readLines(last, 0);
    }
    this.skippingLongLine = false;
  }

  /** Something went wrong with an input but the scan goes on (a gzip file cut short). */
  warn(message: string): void {
    if (this.warnings.length < 20) this.warnings.push(message);
  }

  /** The counts so far, with every 401 still waiting for its success settled as a failure. */
  finish(): ScanTally {
    this.endFile();
    this.window.flush();
    const byStatus: Record<string, number> = {};
    for (let status = 100; status < 600; status++) {
      const count = this.statusCounts[status] ?? 0;
      if (count > 0) byStatus[String(status)] = count;
    }
    if (this.noStatus > 0) byStatus['-'] = this.noStatus;
    const samples = new Map<string, BucketSample[]>();
    const unauthorized: UnauthorizedBucket[] = [...this.bucketList]
      .sort((a, b) => b.count - a.count || a.substatus - b.substatus || a.win32 - b.win32)
      .map((bucket) => {
        samples.set(`${bucket.substatus} ${bucket.win32}`, bucket.samples);
        const decoded = bucket.win32 >= 0 ? decodeWin32Status(String(bucket.win32)) : undefined;
        return {
          substatus: bucket.substatus,
          win32: bucket.win32,
          ...(decoded?.name ? { name: decoded.name } : {}),
          ...(decoded?.meaning ? { meaning: decoded.meaning } : {}),
          count: bucket.count,
          challenge: bucket.challenge,
          failure: bucket.failure,
          topUrls: topEntries(bucket.urls.top(TOP_SHOWN)),
          topUsers: topEntries(bucket.users.top(TOP_SHOWN)),
          topClients: topEntries(bucket.clients.top(TOP_SHOWN)),
          ...(bucket.first ? { first: bucket.first.toString('latin1') } : {}),
          ...(bucket.last ? { last: bucket.last.toString('latin1') } : {}),
        };
      });
    const report: ScanTally['report'] = {
      files: [...this.files],
      lines: this.lineCount,
      bytes: this.byteCount,
      records: this.records,
      skipped: this.skipped,
      unreadable: { count: this.unreadable, examples: [...this.examples] },
      byStatus,
      unauthorized,
      challenge: unauthorized.reduce((n, b) => n + b.challenge, 0),
      failure: unauthorized.reduce((n, b) => n + b.failure, 0),
      ...(this.httpErrLines > 0 ? { httpErr: { lines: this.httpErrLines, reasons: topEntries(this.reasons.top(TOP_SHOWN)) } } : {}),
      ...(this.iis ? { iis: this.iis } : {}),
      window: { seconds: CHALLENGE_WINDOW_SECONDS, lines: CHALLENGE_WINDOW_LINES, maxPending: MAX_PENDING },
      warnings: [...this.warnings],
    };
    return { report, samples };
  }

  private keep(piece: Buffer): void {
    const size = (this.carry?.length ?? 0) + piece.length;
    if (size > MAX_LINE_BYTES) {
      this.tooLong(this.carry ? Buffer.concat([this.carry, piece]) : piece);
      this.carry = undefined;
      this.skippingLongLine = true;
      return;
    }
    // Copied: the caller reuses its chunk buffers.
    this.carry = this.carry ? Buffer.concat([this.carry, piece]) : Buffer.from(piece);
  }

  private tooLong(bytes: Buffer): void {
    this.fileLine++;
    this.lineCount++;
    this.markUnreadable(bytes.toString('utf8', 0, 200), 'a line longer than 64 KB');
  }

  /** Reads every complete line of b from `start`; returns where the unfinished last line begins. */
  private readLines(b: Buffer, start: number): number {
    let pos = start;
    for (;;) {
      const nl = b.indexOf(LF, pos);
      if (nl < 0) return pos;
      let end = nl;
      if (end > pos && b[end - 1] === CR) end--;
      this.fileLine++;
      this.lineCount++;
      // A UTF-8 log written with a byte-order mark starts with EF BB BF.
      if (this.fileLine === 1 && b[pos] === 0xef && b[pos + 1] === 0xbb && b[pos + 2] === 0xbf) pos += 3;
      if (end > pos) {
        if (b[pos] === HASH) this.directive(b.toString('utf8', pos, end));
        else this.request(b, pos, end);
      }
      if (--this.sweep === 0) this.sweepWindow(b, pos, end);
      pos = nl + 1;
    }
  }

  private sweepWindow(b: Buffer, pos: number, end: number): void {
    this.sweep = SWEEP_EVERY;
    if (this.window.size === 0) return;
    const time = this.timeOf(b, pos, end);
    // A directive or a bad line carries no time: try the next line rather than fall back to counting lines.
    if (time < 0 && this.layout && this.layout.date >= 0 && this.layout.time >= 0) this.sweep = 1;
    else this.window.expire(time, this.lineCount);
  }

  private directive(text: string): void {
    const match = /^#(\w+):\s*(.*)$/.exec(text.trim());
    if (!match) return;
    const [, name, value = ''] = match;
    if (name === 'Software') {
      this.software = text.trim();
      this.softwareIsHttpApi = /HTTP API/i.test(value);
      const version = versionFromSoftware(value);
      if (version && !this.iis) this.iis = { ...version, from: `#Software: ${value.trim()}` };
    } else if (name === 'Fields') {
      const names = value.trim().split(/\s+/);
      const header = [this.software, `#Fields: ${names.join(' ')}`].filter(Boolean).join('\n');
      this.layout = makeLayout(names, header, this.softwareIsHttpApi || names.includes('s-reason'), false);
      if (this.layout.status < 0 && !this.layout.httpErr && !this.warnedNoStatus) {
        this.warnedNoStatus = true;
        this.warn(`${this.file}:${this.fileLine}: #Fields names no sc-status, so the lines under it cannot be counted`);
      }
    }
  }

  /** One request line: the fast path, which only reads the status unless the line is a 401 or a success. */
  private request(b: Buffer, pos: number, end: number): void {
    const layout = this.layout;
    if (layout === undefined || layout.httpErr || layout.status < 0) {
      this.slowRequest(b, pos, end);
      return;
    }
    let start: number;
    let stop: number;
    if (layout.backward) {
      const after = layout.after;
      let seen = 0;
      let j = end - 1;
      stop = end;
      for (; j > pos; j--) {
        if (b[j] === SPACE) {
          seen++;
          if (seen === after) stop = j;
          else if (seen > after) break;
        }
      }
      if (seen <= after) {
        this.unreadableOrDefault(b, pos, end);
        return;
      }
      start = j + 1;
    } else {
      let seen = 0;
      let j = pos;
      if (layout.status > 0) {
        for (; j < end; j++) {
          if (b[j] === SPACE && ++seen === layout.status) break;
        }
        if (j >= end) {
          this.unreadableOrDefault(b, pos, end);
          return;
        }
        j++;
      }
      start = j;
      while (j < end && b[j] !== SPACE) j++;
      stop = j;
    }
    const d0 = (b[start] ?? 0) - 0x30;
    const d1 = (b[start + 1] ?? 0) - 0x30;
    const d2 = (b[start + 2] ?? 0) - 0x30;
    if (stop - start !== 3 || d0 < 1 || d0 > 5 || d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9) {
      this.unreadableOrDefault(b, pos, end);
      return;
    }
    if ((this.since || this.until) && !this.inRange(b, pos, end, layout)) {
      this.skipped++;
      return;
    }
    const status = d0 * 100 + d1 * 10 + d2;
    if (status === 401) {
      this.unauthorized(b, pos, end, layout);
      return;
    }
    this.statusCounts[status] = (this.statusCounts[status] ?? 0) + 1;
    this.records++;
    if (status < 400 && status >= 200 && this.window.size > 0) this.success(b, pos, end, layout);
  }

  /** Splits the line at its spaces into this.spaces; returns how many there are. */
  private split(b: Buffer, pos: number, end: number): number {
    const spaces = this.spaces;
    let n = 0;
    for (let i = pos; i < end; i++) {
      const c = b[i];
      if (c === SPACE || c === TAB) {
        if (n < MAX_FIELDS) spaces[n] = i;
        n++;
      }
    }
    return n;
  }

  private fieldStart(index: number, pos: number): number {
    return index === 0 ? pos : (this.spaces[index - 1] ?? 0) + 1;
  }

  private fieldEnd(index: number, n: number, end: number): number {
    return index >= n ? end : (this.spaces[index] ?? end);
  }

  private text(b: Buffer, index: number, n: number, pos: number, end: number): string {
    if (index < 0) return '-';
    return b.toString('utf8', this.fieldStart(index, pos), this.fieldEnd(index, n, end));
  }

  private unauthorized(b: Buffer, pos: number, end: number, layout: Layout): void {
    const n = this.split(b, pos, end);
    if (n + 1 !== layout.count) {
      this.unreadableOrDefault(b, pos, end);
      return;
    }
    const substatus = layout.substatus < 0 ? -1 : digits(b, this.fieldStart(layout.substatus, pos), this.fieldEnd(layout.substatus, n, end));
    const win32 = layout.win32 < 0 ? -1 : win32Of(b, this.fieldStart(layout.win32, pos), this.fieldEnd(layout.win32, n, end));
    this.tally401(b, pos, end, n, layout, substatus, win32);
  }

  private tally401(b: Buffer, pos: number, end: number, n: number, layout: Layout, substatus: number, win32: number): void {
    this.statusCounts[401] = (this.statusCounts[401] ?? 0) + 1;
    this.records++;
    const bucket = this.bucketFor(substatus, win32);
    bucket.count++;
    this.countField(bucket.urls, b, layout.uri, n, pos, end);
    this.countField(bucket.users, b, layout.user, n, pos, end);
    this.countField(bucket.clients, b, layout.ip, n, pos, end);
    this.stretch(bucket, b, pos, end, n, layout);
    if (bucket.samples.length < SAMPLES_PER_BUCKET) bucket.samples.push({ header: layout.header, line: b.toString('utf8', pos, end) });
    if (layout.uri < 0 || layout.ip < 0) {
      // Without client and URL no success can be tied to this 401, so it cannot be shown to be a challenge.
      bucket.failure++;
      return;
    }
    const key = this.keyOf(b, pos, end, n, layout);
    this.window.add(key, this.keyCheck, bucket.id, this.timeFromFields(b, pos, end, n, layout), this.lineCount);
  }

  private countField(top: SpaceSaving, b: Buffer, index: number, n: number, pos: number, end: number): void {
    if (index < 0) top.addBytes(DASH_BYTES, 0, 1);
    else top.addBytes(b, this.fieldStart(index, pos), this.fieldEnd(index, n, end));
  }

  /** Widens the bucket's first..last span to this line's `date time`. */
  private stretch(bucket: Bucket, b: Buffer, pos: number, end: number, n: number, layout: Layout): void {
    if (layout.date < 0 || layout.time < 0) return;
    let source = b;
    let at = pos;
    if (!(layout.stampAtStart && end - pos >= STAMP && b[pos + 10] === SPACE)) {
      source = Buffer.from(`${this.text(b, layout.date, n, pos, end)} ${this.text(b, layout.time, n, pos, end)}`.padEnd(STAMP).slice(0, STAMP), 'latin1');
      at = 0;
    }
    if (bucket.first === undefined || LogScanner.compare(source, at, bucket.first) < 0) {
      bucket.first ??= Buffer.alloc(STAMP);
      source.copy(bucket.first, 0, at, at + STAMP);
    }
    if (bucket.last === undefined || LogScanner.compare(source, at, bucket.last) > 0) {
      bucket.last ??= Buffer.alloc(STAMP);
      source.copy(bucket.last, 0, at, at + STAMP);
    }
  }

  private success(b: Buffer, pos: number, end: number, layout: Layout): void {
    if (layout.uri < 0 || layout.ip < 0) return;
    // Only the spaces up to c-ip and cs-uri-stem are needed; the rest of the line is not looked at.
    const spaces = this.spaces;
    const need = layout.keySpaces;
    let n = 0;
    for (let i = pos; i < end; i++) {
      if (b[i] === SPACE) {
        spaces[n++] = i;
        if (n === need) break;
      }
    }
    if (n < need - 1) return;
    const key = this.keyOf(b, pos, end, n, layout);
    if (this.window.has(key, this.keyCheck)) this.window.resolve(key, this.keyCheck, this.timeOf(b, pos, end), this.lineCount);
  }

  /**
   * Client + URL as two 32-bit FNV-1a style hashes of the bytes, URL case-folded: a 30-bit map key
   * (returned) and a check word (left in this.keyCheck, so no object is made per line). With at most
   * MAX_PENDING keys waiting, a success is taken for the wrong client + URL about once in 10^13 lines.
   */
  private keyOf(b: Buffer, pos: number, end: number, n: number, layout: Layout): number {
    let h1 = 0x811c9dc5 | 0;
    let h2 = 0x3c6ef372 | 0;
    const uriEnd = this.fieldEnd(layout.uri, n, end);
    for (let i = this.fieldStart(layout.uri, pos); i < uriEnd; i++) {
      let c = b[i] ?? 0;
      if (c >= 0x41 && c <= 0x5a) c |= 0x20;
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x2127599b);
    }
    h1 = Math.imul(h1 ^ SPACE, 0x01000193);
    h2 = Math.imul(h2 ^ SPACE, 0x2127599b);
    const ipEnd = this.fieldEnd(layout.ip, n, end);
    for (let i = this.fieldStart(layout.ip, pos); i < ipEnd; i++) {
      const c = b[i] ?? 0;
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x2127599b);
    }
    this.keyCheck = h2 ^ (h2 >>> 13);
    return (h1 ^ (h1 >>> 15)) & 0x3fffffff;
  }

  private bucketFor(substatus: number, win32: number): Bucket {
    const key = (substatus + 1) * 0x200000000 + (win32 + 1);
    const found = this.buckets.get(key);
    if (found) return found;
    if (this.bucketList.length >= MAX_BUCKETS && win32 !== -1) return this.bucketFor(substatus, -1);
    const capacity = this.bucketList.length < FULL_BUCKETS ? TOP_CAPACITY : SMALL_TOP_CAPACITY;
    const bucket: Bucket = {
      id: this.bucketList.length,
      substatus,
      win32,
      count: 0,
      challenge: 0,
      failure: 0,
      urls: new SpaceSaving(capacity),
      users: new SpaceSaving(capacity),
      clients: new SpaceSaving(capacity),
      samples: [],
    };
    this.buckets.set(key, bucket);
    this.bucketList.push(bucket);
    return bucket;
  }

  /** The 19 bytes `YYYY-MM-DD HH:MM:SS` at `at` compared with a bound: negative, 0 or positive. */
  private static compare(b: Buffer, at: number, bound: Buffer): number {
    for (let k = 0; k < STAMP; k++) {
      const d = (b[at + k] ?? 0) - (bound[k] ?? 0);
      if (d !== 0) return d;
    }
    return 0;
  }

  private inRange(b: Buffer, pos: number, end: number, layout: Layout): boolean {
    let stamp: Buffer | undefined;
    let at = pos;
    if (!(layout.stampAtStart && end - pos >= STAMP && b[pos + 10] === SPACE)) {
      if (layout.date < 0 || layout.time < 0) return true;
      const n = this.split(b, pos, end);
      stamp = Buffer.from(`${this.text(b, layout.date, n, pos, end)} ${this.text(b, layout.time, n, pos, end)}`, 'latin1');
      at = 0;
    }
    const source = stamp ?? b;
    if (this.since && LogScanner.compare(source, at, this.since) < 0) return false;
    if (this.until && LogScanner.compare(source, at, this.until) > 0) return false;
    return true;
  }

  /** Seconds since 1970 of the line's date and time, or -1. */
  private timeOf(b: Buffer, pos: number, end: number): number {
    const layout = this.layout;
    if (!layout || layout.date < 0 || layout.time < 0) return -1;
    if (layout.stampAtStart && end - pos >= 19) return this.seconds(b, pos, pos + 11);
    const n = this.split(b, pos, end);
    if (n + 1 !== layout.count) return -1;
    return this.timeFromFields(b, pos, end, n, layout);
  }

  private timeFromFields(b: Buffer, pos: number, end: number, n: number, layout: Layout): number {
    if (layout.date < 0 || layout.time < 0) return -1;
    const date = this.fieldStart(layout.date, pos);
    const time = this.fieldStart(layout.time, pos);
    if (this.fieldEnd(layout.date, n, end) - date !== 10 || this.fieldEnd(layout.time, n, end) - time < 8) return -1;
    return this.seconds(b, date, time);
  }

  /** `YYYY-MM-DD` at `date` and `HH:MM:SS` at `time` as seconds since 1970, or -1. */
  private seconds(b: Buffer, date: number, time: number): number {
    const y = digits(b, date, date + 4);
    const mo = digits(b, date + 5, date + 7);
    const d = digits(b, date + 8, date + 10);
    const h = digits(b, time, time + 2);
    const mi = digits(b, time + 3, time + 5);
    const s = digits(b, time + 6, time + 8);
    if (y < 0 || mo < 1 || d < 1 || h < 0 || mi < 0 || s < 0) return -1;
    // Logs hold one date for hours on end: convert it once.
    const dateKey = y * 10_000 + mo * 100 + d;
    if (dateKey !== this.dateKey) {
      this.dateKey = dateKey;
      this.dateSeconds = Date.UTC(y, mo - 1, d) / 1000;
    }
    return this.dateSeconds + h * 3600 + mi * 60 + s;
  }

  /**
   * The slow path: lines before any #Fields (mapped by the default IIS layouts of iis-log.ts), HTTPERR
   * lines, and fast-path lines whose shape did not fit, which may belong to another default layout.
   */
  private slowRequest(b: Buffer, pos: number, end: number): void {
    const layout = this.layout;
    if (layout && layout.status < 0 && !layout.httpErr) {
      this.markUnreadable(b.toString('utf8', pos, end));
      return;
    }
    if (layout === undefined) {
      const guess = this.defaultLayout(b, pos, end);
      if (!guess) {
        this.markUnreadable(b.toString('utf8', pos, end));
        return;
      }
      this.layout = guess;
      if (!guess.httpErr) {
        this.request(b, pos, end);
        return;
      }
    }
    this.httpErrRequest(b, pos, end, this.layout as Layout);
  }

  private defaultLayout(b: Buffer, pos: number, end: number): Layout | undefined {
    const tokens = b.toString('utf8', pos, end).trim().split(/\s+/);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(tokens[0] ?? '')) return undefined;
    if (this.softwareIsHttpApi) return makeLayout(LAYOUTS.httperr.split(' '), this.software, true, true);
    const found = layoutFor(tokens);
    if (!found) return undefined;
    return makeLayout(found.fields, this.software, found.name === 'httperr', true);
  }

  /** A fast-path line that did not fit: under a default layout another default may fit it; else unreadable. */
  private unreadableOrDefault(b: Buffer, pos: number, end: number): void {
    const layout = this.layout;
    if (layout?.implicit) {
      const guess = this.defaultLayout(b, pos, end);
      if (guess && (guess.count !== layout.count || guess.status !== layout.status)) {
        this.layout = guess;
        this.request(b, pos, end);
        return;
      }
    }
    this.markUnreadable(b.toString('utf8', pos, end));
  }

  private httpErrRequest(b: Buffer, pos: number, end: number, layout: Layout): void {
    const n = this.split(b, pos, end);
    if (n + 1 !== layout.count) {
      this.markUnreadable(b.toString('utf8', pos, end));
      return;
    }
    const statusStart = this.fieldStart(layout.status, pos);
    const statusEnd = this.fieldEnd(layout.status, n, end);
    const status = layout.status < 0 ? -1 : digits(b, statusStart, statusEnd);
    const dash = statusEnd - statusStart === 1 && b[statusStart] === DASH;
    if (!dash && (status < 100 || status > 599)) {
      this.markUnreadable(b.toString('utf8', pos, end));
      return;
    }
    if (this.since || this.until) {
      if (!this.inRange(b, pos, end, layout)) {
        this.skipped++;
        return;
      }
      this.split(b, pos, end);
    }
    this.httpErrLines++;
    if (layout.reason >= 0) this.countField(this.reasons, b, layout.reason, n, pos, end);
    if (dash) {
      this.noStatus++;
      this.records++;
      return;
    }
    if (status === 401) {
      const substatus = layout.substatus < 0 ? -1 : digits(b, this.fieldStart(layout.substatus, pos), this.fieldEnd(layout.substatus, n, end));
      const win32 = layout.win32 < 0 ? -1 : win32Of(b, this.fieldStart(layout.win32, pos), this.fieldEnd(layout.win32, n, end));
      this.tally401(b, pos, end, n, layout, substatus, win32);
      return;
    }
    this.statusCounts[status] = (this.statusCounts[status] ?? 0) + 1;
    this.records++;
    if (status < 400 && status >= 200 && this.window.size > 0 && layout.uri >= 0 && layout.ip >= 0) {
      const key = this.keyOf(b, pos, end, n, layout);
      if (this.window.has(key, this.keyCheck)) this.window.resolve(key, this.keyCheck, this.timeFromFields(b, pos, end, n, layout), this.lineCount);
    }
  }

  private markUnreadable(text: string, why?: string): void {
    this.unreadable++;
    if (this.examples.length < MAX_EXAMPLES) this.examples.push(`${this.file}:${this.fileLine}: ${why ? `(${why}) ` : ''}${quote(text)}`);
  }
}
