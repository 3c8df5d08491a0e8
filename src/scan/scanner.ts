// The streaming reader behind `iis401 scan`: W3C and HTTPERR log bytes in, counts out, in bounded memory.
//
// Speed comes from doing almost nothing for most lines. A line is found with Buffer#indexOf (memchr);
// its status is found by walking back from the line end over the few short fields that follow sc-status
// in every IIS layout (or forward, when #Fields puts it early); only 401 lines are split into all their
// fields, and only successes that may close a waiting challenge are read up to c-ip and cs-uri-stem, as
// bytes, into a hash. No string is made for a line that is neither.
import { fieldNames, NOT_HTTP_NAMES, readDirective, splitFields, W3cReading } from '../parse/w3c-fields.js';
import type { LogRecord } from '../symptoms.js';
import type { WindowSink } from './challenge.js';
import { escapeControls } from '../text/well-formed.js';
import { quotedLine } from './bounded.js';
import { SAMPLES_PER_BUCKET, STAMP, Tally, widen } from './tally.js';
import type { TimeRange } from './time-range.js';
import type { BucketSample } from './types.js';
import type { SpaceSaving } from './top-k.js';

const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;
const HASH = 0x23;
const DASH = 0x2d;
const DASH_BYTES = Buffer.from('-');

// Client + URL keys: two independent FNV-1a style hashes per field (URL case-folded, as IIS treats it).
const BASIS_1 = 0x811c9dc5 | 0;
const PRIME_1 = 0x01000193;
const BASIS_2 = 0x3c6ef372 | 0;
const PRIME_2 = 0x2127599b;
/** ASCII upper case to lower case, other bytes as they are. */
const FOLD = Uint8Array.from({ length: 256 }, (_, c) => (c >= 0x41 && c <= 0x5a ? c | 0x20 : c));

function hashRange(b: Buffer, start: number, end: number, fold: boolean, basis: number, prime: number): number {
  let h = basis;
  if (fold) for (let i = start; i < end; i++) h = Math.imul(h ^ (FOLD[b[i] ?? 0] ?? 0), prime);
  else for (let i = start; i < end; i++) h = Math.imul(h ^ (b[i] ?? 0), prime);
  return h;
}

/** Both hashes of a field in one pass: the first is returned, the second left in `second.value`. */
const second = { value: 0 };
function hashBoth(b: Buffer, start: number, end: number, fold: boolean): number {
  let h1 = BASIS_1;
  let h2 = BASIS_2;
  for (let i = start; i < end; i++) {
    const c = fold ? (FOLD[b[i] ?? 0] ?? 0) : (b[i] ?? 0);
    h1 = Math.imul(h1 ^ c, PRIME_1);
    h2 = Math.imul(h2 ^ c, PRIME_2);
  }
  second.value = h2;
  return h1;
}

/** The map key: 30 bits, so that V8 keeps it a small integer (the fastest Map key). */
function keyFrom(uri: number, ip: number): number {
  const h = Math.imul(uri ^ (uri >>> 16), 0x45d9f3b) ^ ip;
  return (h ^ (h >>> 15)) & 0x3fffffff;
}

/** The check word, from the second hashes: tells apart two keys that share a map key. */
function checkFrom(uri: number, ip: number): number {
  const h = Math.imul(uri ^ (uri >>> 15), 0x7feb352d) ^ ip;
  return h ^ (h >>> 13);
}

/** Longest line read; a longer one (binary junk, a log without line ends) counts as one unreadable line. */
export const MAX_LINE_BYTES = 65_536;
/** Fields split out of one line; a W3C layout with every field selected has under 40. A #Fields naming more is refused. */
export const MAX_FIELDS = 256;
/** Longest `#Fields` / `#Software` directive taken in (its text is kept with each sample line). */
export const MAX_DIRECTIVE_BYTES = 4096;
/** Lines between two sweeps of the challenge window (each sweep reads one timestamp). */
const SWEEP_EVERY = 4096;

interface Layout {
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
  /** The byte between fields: a space as IIS writes, or a tab (logs passed through a spreadsheet or a shipper). */
  readonly sep: number;
  /** The #Fields names (undefined for a default layout taken from a headerless line). */
  readonly names?: readonly string[];
  /** An FTP, SMTP or other non-HTTP log's #Fields (or first line): its lines are recognised and reported, not counted. */
  notHttp: boolean;
  /** Not yet looked at a line: the first one tells whether values are quoted or tab-separated. */
  probe: boolean;
  /** Values in double quotes (IIS Advanced Logging): every line goes through the shared reading. */
  quoted: boolean;
}

/** What the scan read from one request line, for a test that holds it to the parser (see LogScanner). */
export interface LineReading {
  readonly status: number | '-';
  /** Only for 401s, the fields the scan reads of them ('-' when not logged). */
  readonly substatus?: number;
  readonly win32?: number;
  readonly uri?: string;
  readonly ip?: string;
  readonly user?: string;
}

export type LineObserver = (file: string, line: number, reading: LineReading) => void;

/**
 * Fields of the line a record read by the shared reading (readRequestLine) is written back as, to go
 * through the same counting as every other line.
 */
const CANONICAL_FIELDS = ['date', 'time', 'c-ip', 'cs-uri-stem', 'cs-username', 'sc-status', 'sc-substatus', 'sc-win32-status'];
const CANONICAL_HEADER = `#Fields: ${CANONICAL_FIELDS.join(' ')}`;

function makeLayout(names: readonly string[], header: string, httpErr: boolean, implicit: boolean, sep = SPACE): Layout {
  const at = (name: string): number => names.indexOf(name);
  const status = at('sc-status');
  const uri = at('cs-uri-stem') >= 0 ? at('cs-uri-stem') : at('cs-uri');
  const ip = at('c-ip');
  const after = status >= 0 ? names.length - 1 - status : 0;
  return {
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
    sep,
    ...(implicit ? {} : { names }),
    notHttp: false,
    probe: true,
    quoted: false,
  };
}

/** Shared by every scan and never probed: a canonical line's values are already split. */
const CANONICAL: Layout = { ...makeLayout(CANONICAL_FIELDS, CANONICAL_HEADER, false, false), probe: false };

/** A record as a line of CANONICAL_FIELDS; a space inside a value (a quoted one) is written `+`, as IIS does. */
function canonicalLine(record: LogRecord): string {
  const f = record.fields;
  const values = [f.date, f.time, f['c-ip'], f['cs-uri-stem'] ?? f['cs-uri'], f['cs-username'], f['sc-status'], f['sc-substatus'], f['sc-win32-status']];
  return values.map((v) => (v === undefined || v === '' ? '-' : v.replace(/[ \t]/g, '+'))).join(' ');
}

/** Printable, short and redacted: a garbage line may hold control bytes, and a secret. */
function quote(text: string): string {
  return escapeControls(quotedLine(text.slice(0, 1024), 160)).replace(/\ufffd/g, '?');
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

/** The 19 bytes `YYYY-MM-DD HH:MM:SS` at `at` compared with a bound: negative, 0 or positive. */
function compareStamp(b: Buffer, at: number, bound: Buffer): number {
  for (let k = 0; k < STAMP; k++) {
    const d = (b[at + k] ?? 0) - (bound[k] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

export class LogScanner {
  private readonly since?: Buffer;
  private readonly until?: Buffer;
  private readonly filtering: boolean;
  private readonly spaces = new Int32Array(MAX_FIELDS);

  private file = '';
  private layout: Layout | undefined;
  private software = '';
  /** The shared reading's state for this file (src/parse/w3c-fields.ts): directives, and what the log is. */
  private w3c = new W3cReading();
  private warnedNoStatus = false;
  private fileLine = 0;
  private carry: Buffer | undefined;
  /** The line end of the current file: LF (and CRLF), or CR alone (old Mac tools), told from its first bytes. */
  private eol = LF;
  private skippingLongLine = false;
  /** No byte of the current file read yet. */
  private fresh = true;
  private sweep = SWEEP_EVERY;
  private dateKey = -1;
  private dateSeconds = 0;

  /**
   * Reading past the end of this thread's part of a log (see src/scan/parallel.ts): lines are only read
   * to settle the 401s still waiting, and counted to a scratch tally that is thrown away.
   */
  private overlapping = false;

  constructor(
    private tally: Tally,
    private readonly window: WindowSink,
    range: TimeRange = {},
    /** Told what each request line was read as: for the test that compares the scan with the parser. */
    private readonly observer?: LineObserver,
  ) {
    if (range.since) this.since = Buffer.from(range.since, 'latin1');
    if (range.until) this.until = Buffer.from(range.until, 'latin1');
    this.filtering = this.since !== undefined || this.until !== undefined;
  }

  /** Lines of the current file read so far. */
  get linesInFile(): number {
    return this.fileLine;
  }

  /** Starts a new input: header state is per file; the tally and the window span files. */
  beginFile(name: string): void {
    this.endFile();
    this.file = name;
    this.layout = undefined;
    this.software = '';
    this.w3c = new W3cReading();
    this.warnedNoStatus = false;
    this.fileLine = 0;
    this.eol = LF;
    this.fresh = true;
  }

  /**
   * The directives in force where this thread's part of a file begins (the #Software / #Fields block
   * before it): read for the layout, not counted.
   */
  readContext(directives: Buffer): void {
    const real = this.tally;
    this.tally = new Tally();
    try {
      this.readLines(directives, 0);
    } finally {
      this.tally = real;
      this.fileLine = 0;
    }
  }

  /**
   * From here on the lines belong to the next thread's part: they only settle the 401s that wait (a
   * success closes a group; a 401 extends one, as it would in one pass), and count nowhere.
   */
  beginOverlap(): void {
    if (this.overlapping) return;
    this.overlapping = true;
    const scratch = new Tally();
    // The window counts lines for logs without times: the count goes on from where it was.
    scratch.lines = this.tally.lines;
    this.tally = scratch;
  }

  /** Feeds the next bytes of the current file. The chunk may be reused by the caller afterwards. */
  feed(chunk: Buffer): void {
    this.tally.bytes += chunk.length;
    if (this.fresh && chunk.length > 0) {
      this.fresh = false;
      // A file with CRs and not one LF in its first chunk ends its lines with CR alone.
      const head = chunk.subarray(0, MAX_LINE_BYTES);
      if (head.indexOf(LF) < 0 && head.indexOf(CR) >= 0) this.eol = CR;
    }
    const eol = this.eol;
    let start = 0;
    if (this.skippingLongLine) {
      const nl = chunk.indexOf(eol);
      if (nl < 0) return;
      this.skippingLongLine = false;
      start = nl + 1;
    } else if (this.carry) {
      const nl = chunk.indexOf(eol);
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
      const last = Buffer.concat([this.carry, Buffer.from([this.eol])]);
      this.carry = undefined;
      this.readLines(last, 0);
    }
    this.skippingLongLine = false;
  }

  /** Forgets a line begun but not finished (the scan stops here: it is not a line cut short by the log). */
  dropPartialLine(): void {
    this.carry = undefined;
    this.skippingLongLine = false;
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
    this.tally.lines++;
    this.markUnreadable(`(a line longer than 64 KB) ${bytes.toString('utf8', 0, 200)}`);
  }

  /** Reads every complete line of b from `start`; returns where the unfinished last line begins. */
  private readLines(b: Buffer, start: number): number {
    let pos = start;
    const eol = this.eol;
    let lastStart = -1;
    let lastEnd = -1;
    for (;;) {
      const nl = b.indexOf(eol, pos);
      if (nl < 0) {
        // Logs are written in time order: the last line of each chunk widens the server's time range.
        if (lastStart >= 0 && this.tally.servers.active && b[lastStart] !== HASH) this.tally.servers.seen(this.timeOf(b, lastStart, lastEnd));
        return pos;
      }
      let end = nl;
      if (end > pos && b[end - 1] === CR) end--;
      this.fileLine++;
      this.tally.lines++;
      // A UTF-8 log written with a byte-order mark starts with EF BB BF.
      if (this.fileLine === 1 && b[pos] === 0xef && b[pos + 1] === 0xbb && b[pos + 2] === 0xbf) pos += 3;
      if (end > pos) {
        if (b[pos] === HASH) this.directive(b.toString('utf8', pos, end));
        else this.request(b, pos, end);
      }
      if (--this.sweep === 0) this.sweepWindow(b, pos, end);
      lastStart = pos;
      lastEnd = end;
      pos = nl + 1;
    }
  }

  private sweepWindow(b: Buffer, pos: number, end: number): void {
    this.sweep = SWEEP_EVERY;
    if (this.window.size === 0) return;
    const time = this.timeOf(b, pos, end);
    // A directive or a bad line carries no time: try the next line rather than fall back to counting lines.
    if (time < 0 && this.layout && this.layout.date >= 0 && this.layout.time >= 0) this.sweep = 1;
    else this.window.expire(time, this.tally.lines);
  }

  private directive(raw: string): void {
    if (raw.length > MAX_DIRECTIVE_BYTES) {
      if (raw.startsWith('#Fields:')) this.refuseFields(`this #Fields line is over ${MAX_DIRECTIVE_BYTES} bytes`);
      return;
    }
    const text = raw.trim();
    const directive = readDirective(text);
    if (!directive) return;
    const { name, value } = directive;
    this.tally.directives++;
    if (name === 'Software') {
      this.software = text;
      this.w3c.directive(text);
      if (this.w3c.iis && !this.tally.iis) this.tally.iis = this.w3c.iis;
    } else if (name === 'Fields') {
      const names = fieldNames(value);
      if (names.length > MAX_FIELDS) {
        this.refuseFields(`this #Fields names ${names.length} fields (at most ${MAX_FIELDS} are read)`);
        return;
      }
      this.w3c.setFields(names);
      const header = [this.software, `#Fields: ${names.join(' ')}`].filter(Boolean).join('\n');
      const sep = value.includes('\t') ? TAB : SPACE;
      this.layout = { ...makeLayout(names, header, this.w3c.httpErr || names.includes('s-reason'), false, sep), notHttp: this.w3c.notHttp !== undefined };
      if (this.layout.notHttp) return;
      if (this.layout.status < 0 && !this.layout.httpErr && !this.warnedNoStatus) {
        this.warnedNoStatus = true;
        this.tally.warn(this.file, this.fileLine, '#Fields names no sc-status, so the lines under it cannot be counted');
      }
    }
  }

  /** A #Fields that cannot be read: its lines are counted as unreadable (not read by an older header). */
  private refuseFields(why: string): void {
    this.tally.directives++;
    this.w3c.setFields([]);
    this.layout = makeLayout([], '', false, false);
    this.warnedNoStatus = true;
    this.tally.warn(this.file, this.fileLine, `${why}, so the lines under it are not counted`);
  }

  /** One request line: the fast path, which only reads the status unless the line is a 401 or a success. */
  private request(b: Buffer, pos: number, end: number): void {
    const layout = this.layout;
    if (layout === undefined || layout.httpErr || layout.status < 0 || layout.implicit) {
      this.slowRequest(b, pos, end);
      return;
    }
    if (layout.probe) this.probe(layout, b, pos, end);
    if (layout.notHttp) {
      this.notHttp();
      return;
    }
    if (layout.quoted) {
      this.sharedReading(b, pos, end);
      return;
    }
    const sep = layout.sep;
    let start: number;
    let stop: number;
    if (layout.backward) {
      const after = layout.after;
      let seen = 0;
      let j = end - 1;
      stop = end;
      for (; j > pos; j--) {
        if (b[j] === sep) {
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
          if (b[j] === sep && ++seen === layout.status) break;
        }
        if (j >= end) {
          this.unreadableOrDefault(b, pos, end);
          return;
        }
        j++;
      }
      start = j;
      while (j < end && b[j] !== sep) j++;
      stop = j;
    }
    const d0 = (b[start] ?? 0) - 0x30;
    const d1 = (b[start + 1] ?? 0) - 0x30;
    const d2 = (b[start + 2] ?? 0) - 0x30;
    if (stop - start !== 3 || d0 < 1 || d0 > 5 || d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9) {
      this.unreadableOrDefault(b, pos, end);
      return;
    }
    if (this.filtering && !this.inRange(b, pos, end, layout)) {
      this.tally.skipped++;
      return;
    }
    const status = d0 * 100 + d1 * 10 + d2;
    if (status === 401) {
      this.unauthorized(b, pos, end, layout);
      return;
    }
    this.tally.statusCounts[status] = (this.tally.statusCounts[status] ?? 0) + 1;
    this.tally.records++;
    if (this.observer) this.observer(this.file, this.fileLine, { status });
    if (status < 400 && status >= 200 && this.window.size > 0) this.success(b, pos, end, layout);
  }

  /** The first line under a #Fields: quoted values, or tabs where the header has spaces. */
  private probe(layout: Layout, b: Buffer, pos: number, end: number): void {
    layout.probe = false;
    const line = b.subarray(pos, end);
    if (line.includes(0x22)) layout.quoted = true;
    // A fleet's logs in one folder: the server is the one the log names.
    const names = layout.names ?? [];
    const computer = names.indexOf('s-computername');
    const values = computer >= 0 || names.includes('cs-method') || names.includes('s-sitename') ? splitFields(line.toString('utf8')) : [];
    // An FTP or SMTP log whose fields are named as HTTP's (IIS 4/5 write `[2]USER` as the method).
    this.w3c.firstValues(values);
    if (this.w3c.notHttp) {
      layout.notHttp = true;
      return;
    }
    const servers = this.tally.servers;
    if (computer >= 0) servers.nameFromLog(values[computer] ?? '', this.tally);
    if (servers.active) servers.seen(this.timeOf(b, pos, end));
  }

  /** A line of an FTP, SMTP or other non-HTTP log: counted as such, never as a request. */
  private notHttp(kind = this.w3c.notHttp ?? 'ftp'): void {
    const tally = this.tally;
    tally.notHttpLines++;
    if (!tally.notHttpFiles.includes(this.file)) {
      tally.notHttpFiles.push(this.file);
      if (!tally.notHttpKinds.includes(kind)) tally.notHttpKinds.push(kind);
      tally.warn(this.file, this.fileLine, `this is ${NOT_HTTP_NAMES[kind]}, so its lines are not counted`);
    }
  }

  /**
   * A line read the parser's way (src/parse/iis-log.ts: quoted values, a #Fields that does not fit, the
   * default layouts, the status triplet), written back as a canonical line and counted like any other.
   */
  private sharedReading(b: Buffer, pos: number, end: number): void {
    const text = b.toString('utf8', pos, end);
    // A canonical line is never read twice (it would be written back as itself).
    if (this.layout === CANONICAL) {
      this.markUnreadable(text);
      return;
    }
    const read = this.w3c.line(text, this.fileLine);
    if (read.kind === 'not-http') {
      this.notHttp(read.what);
      return;
    }
    const record = read.kind === 'request' ? read.record : undefined;
    if (record?.kind === 'httperr-log' && record['sc-status'] === undefined && record.fields['s-reason'] !== undefined) {
      this.noStatusLine(record);
      return;
    }
    if (!record || record['sc-status'] === undefined) {
      this.markUnreadable(text);
      return;
    }
    if (record.kind === 'httperr-log') this.httpErrLine(record);
    const canonical = Buffer.from(canonicalLine(record), 'utf8');
    const layout = this.layout;
    this.layout = CANONICAL;
    try {
      this.request(canonical, 0, canonical.length);
    } finally {
      this.layout = layout;
    }
  }

  private httpErrLine(record: LogRecord): void {
    this.tally.httpErrLines++;
    const reason = record.fields['s-reason'];
    if (reason !== undefined) this.tally.reasons.add(reason);
  }

  private noStatusLine(record: LogRecord): void {
    this.httpErrLine(record);
    this.tally.noStatus++;
    this.tally.records++;
    if (this.observer) this.observer(this.file, this.fileLine, { status: '-' });
  }

  /**
   * Records the spaces of the line in this.spaces, up to `limit` of them, and returns how many there are
   * (all of them when no limit). A line that starts `YYYY-MM-DD HH:MM:SS ` skips its fixed-width stamp.
   */
  private split(b: Buffer, pos: number, end: number, stampAtStart: boolean, limit = MAX_FIELDS): number {
    const spaces = this.spaces;
    const sep = this.layout?.sep ?? SPACE;
    let n = 0;
    let i = pos;
    if (stampAtStart && end - pos > STAMP && b[pos + 10] === sep && b[pos + STAMP] === sep) {
      spaces[0] = pos + 10;
      spaces[1] = pos + STAMP;
      n = 2;
      i = pos + STAMP + 1;
    }
    if (limit < MAX_FIELDS) {
      for (; i < end && n < limit; i++) if (b[i] === sep) spaces[n++] = i;
      return n;
    }
    for (; i < end; i++) {
      if (b[i] === sep) {
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
    const n = this.split(b, pos, end, layout.stampAtStart);
    if (n + 1 !== layout.count) {
      this.unreadableOrDefault(b, pos, end);
      return;
    }
    const substatus = layout.substatus < 0 ? -1 : digits(b, this.fieldStart(layout.substatus, pos), this.fieldEnd(layout.substatus, n, end));
    const win32 = layout.win32 < 0 ? -1 : win32Of(b, this.fieldStart(layout.win32, pos), this.fieldEnd(layout.win32, n, end));
    this.tally401(b, pos, end, n, layout, substatus, win32);
  }

  private tally401(b: Buffer, pos: number, end: number, n: number, layout: Layout, substatus: number, win32: number): void {
    if (this.overlapping) {
      this.extendWaiting(b, pos, end, n, layout);
      return;
    }
    const tally = this.tally;
    tally.statusCounts[401] = (tally.statusCounts[401] ?? 0) + 1;
    tally.records++;
    const bucket = tally.bucketFor(substatus, win32);
    bucket.count++;
    if (this.observer) {
      this.observer(this.file, this.fileLine, { status: 401, substatus, win32, uri: this.text(b, layout.uri, n, pos, end), ip: this.text(b, layout.ip, n, pos, end), user: this.text(b, layout.user, n, pos, end) });
    }
    this.countField(bucket.users, b, layout.user, n, pos, end);
    const time = this.timeFromFields(b, pos, end, n, layout);
    widen(bucket, time);
    if (bucket.samples.length < SAMPLES_PER_BUCKET) {
      const sample = tally.sample(layout.header, b, pos, end, layout.sep, true);
      if (sample) bucket.samples.push(sample);
    }
    if (layout.uri < 0 || layout.ip < 0) {
      this.countField(bucket.urls, b, layout.uri, n, pos, end);
      this.countField(bucket.clients, b, layout.ip, n, pos, end);
      // Without client and URL no success can be tied to this 401, so it cannot be shown to be a challenge.
      tally.settle(bucket.id, 1, false, bucket.failureSamples.length < SAMPLES_PER_BUCKET ? tally.sample(layout.header, b, pos, end, layout.sep) : undefined);
      return;
    }
    // c-ip and cs-uri-stem are hashed once, for their top lists and for the challenge window.
    const uriStart = this.fieldStart(layout.uri, pos);
    const uriEnd = this.fieldEnd(layout.uri, n, end);
    const ipStart = this.fieldStart(layout.ip, pos);
    const ipEnd = this.fieldEnd(layout.ip, n, end);
    const uri1 = hashBoth(b, uriStart, uriEnd, true);
    const uri2 = second.value;
    const ip1 = hashBoth(b, ipStart, ipEnd, false);
    const ip2 = second.value;
    bucket.urls.addHashed(uri1, uri2, b, uriStart, uriEnd);
    bucket.clients.addHashed(ip1, ip2, b, ipStart, ipEnd);
    let sample: BucketSample | undefined;
    if (bucket.sampleBudget > 0 && bucket.failureSamples.length < SAMPLES_PER_BUCKET) {
      bucket.sampleBudget--;
      sample = tally.sample(layout.header, b, pos, end, layout.sep);
    }
    this.window.add(keyFrom(uri1, ip1), checkFrom(uri2, ip2), bucket.id, time, tally.lines, uri1, sample);
  }

  /** A 401 read past this thread's part: it keeps a waiting group of the same client + URL alive. */
  private extendWaiting(b: Buffer, pos: number, end: number, n: number, layout: Layout): void {
    if (layout.uri < 0 || layout.ip < 0) return;
    const uri1 = hashBoth(b, this.fieldStart(layout.uri, pos), this.fieldEnd(layout.uri, n, end), true);
    const uri2 = second.value;
    const ip1 = hashBoth(b, this.fieldStart(layout.ip, pos), this.fieldEnd(layout.ip, n, end), false);
    const ip2 = second.value;
    this.window.extend(keyFrom(uri1, ip1), checkFrom(uri2, ip2), this.timeFromFields(b, pos, end, n, layout), this.tally.lines);
  }

  private countField(top: SpaceSaving, b: Buffer, index: number, n: number, pos: number, end: number): void {
    if (index < 0) top.addBytes(DASH_BYTES, 0, 1);
    else top.addBytes(b, this.fieldStart(index, pos), this.fieldEnd(index, n, end));
  }

  /**
   * A success may close a waiting group. Only the fields up to c-ip and cs-uri-stem are looked at, and
   * hashed as they are passed over; the check word (a second pass) is only made when the key is waiting.
   */
  private success(b: Buffer, pos: number, end: number, layout: Layout): void {
    if (layout.uri < 0 || layout.ip < 0) return;
    const sep = layout.sep;
    const uriFirst = layout.uri < layout.ip;
    const first = uriFirst ? layout.uri : layout.ip;
    const second = uriFirst ? layout.ip : layout.uri;
    let i = pos;
    let field = 0;
    if (layout.stampAtStart && first >= 2 && end - pos > STAMP && b[pos + 10] === sep && b[pos + STAMP] === sep) {
      i = pos + STAMP + 1;
      field = 2;
    }
    for (; field < first && i < end; i++) if (b[i] === sep) field++;
    const firstStart = i;
    let h1 = BASIS_1;
    if (uriFirst) {
      for (; i < end; i++) {
        const c = b[i] ?? 0;
        if (c === sep) break;
        h1 = Math.imul(h1 ^ (FOLD[c] ?? 0), PRIME_1);
      }
    } else {
      for (; i < end; i++) {
        const c = b[i] ?? 0;
        if (c === sep) break;
        h1 = Math.imul(h1 ^ c, PRIME_1);
      }
    }
    const firstEnd = i;
    // Most successes are for URLs that no 401 waits for: they end here, before their c-ip is looked for.
    if (uriFirst && !this.window.mayWaitFor(h1)) return;
    field++;
    i++;
    for (; field < second && i < end; i++) if (b[i] === sep) field++;
    if (field < second || i > end) return;
    const secondStart = i;
    let h2 = BASIS_1;
    if (uriFirst) {
      for (; i < end; i++) {
        const c = b[i] ?? 0;
        if (c === sep) break;
        h2 = Math.imul(h2 ^ c, PRIME_1);
      }
    } else {
      for (; i < end; i++) {
        const c = b[i] ?? 0;
        if (c === sep) break;
        h2 = Math.imul(h2 ^ (FOLD[c] ?? 0), PRIME_1);
      }
    }
    if (!uriFirst && !this.window.mayWaitFor(h2)) return;
    const key = uriFirst ? keyFrom(h1, h2) : keyFrom(h2, h1);
    if (!this.window.hasKey(key)) return;
    const uriCheck = uriFirst ? hashRange(b, firstStart, firstEnd, true, BASIS_2, PRIME_2) : hashRange(b, secondStart, i, true, BASIS_2, PRIME_2);
    const ipCheck = uriFirst ? hashRange(b, secondStart, i, false, BASIS_2, PRIME_2) : hashRange(b, firstStart, firstEnd, false, BASIS_2, PRIME_2);
    this.window.resolve(key, checkFrom(uriCheck, ipCheck), this.timeOf(b, pos, end), this.tally.lines);
  }

  private inRange(b: Buffer, pos: number, end: number, layout: Layout): boolean {
    const sep = layout.sep;
    let source = b;
    let at = pos;
    if (!(layout.stampAtStart && end - pos >= STAMP && b[pos + 10] === sep)) {
      if (layout.date < 0 || layout.time < 0) return true;
      const n = this.split(b, pos, end, false);
      source = Buffer.from(`${this.text(b, layout.date, n, pos, end)} ${this.text(b, layout.time, n, pos, end)}`.padEnd(STAMP).slice(0, STAMP), 'latin1');
      at = 0;
    }
    if (this.since && compareStamp(source, at, this.since) < 0) return false;
    if (this.until && compareStamp(source, at, this.until) > 0) return false;
    return true;
  }

  /** Seconds since 1970 of the line's date and time, or -1. */
  private timeOf(b: Buffer, pos: number, end: number): number {
    const layout = this.layout;
    if (!layout || layout.date < 0 || layout.time < 0) return -1;
    if (layout.stampAtStart && end - pos >= STAMP) return this.seconds(b, pos, pos + 11);
    const n = this.split(b, pos, end, false);
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
    if (layout?.notHttp) {
      this.notHttp();
      return;
    }
    if (layout && layout.status < 0 && !layout.httpErr) {
      this.markUnreadable(b.toString('utf8', pos, end));
      return;
    }
    // Without a #Fields (a headerless log, or lines before its header) every line is read the parser's way.
    if (layout === undefined || layout.implicit) {
      this.sharedReading(b, pos, end);
      return;
    }
    if (layout.probe) this.probe(layout, b, pos, end);
    if (layout.notHttp) this.notHttp();
    else if (layout.quoted) this.sharedReading(b, pos, end);
    else this.httpErrRequest(b, pos, end, layout);
  }

  /** A fast-path line that did not fit: tabs for spaces, else the shared reading (the parser's). */
  private unreadableOrDefault(b: Buffer, pos: number, end: number): void {
    const layout = this.layout;
    // Fields named with spaces but written with tabs, or the other way round: read by the byte the line uses.
    if (layout && layout.status >= 0) {
      const other = layout.sep === SPACE ? TAB : SPACE;
      const line = b.subarray(pos, end);
      if (line.includes(other) && !line.includes(layout.sep)) {
        this.layout = { ...layout, sep: other };
        this.request(b, pos, end);
        return;
      }
    }
    // A line written back by the shared reading that still does not fit is not read twice.
    if (layout === CANONICAL) this.markUnreadable(b.toString('utf8', pos, end));
    else this.sharedReading(b, pos, end);
  }

  private httpErrRequest(b: Buffer, pos: number, end: number, layout: Layout): void {
    if (this.filtering && !this.inRange(b, pos, end, layout)) {
      this.tally.skipped++;
      return;
    }
    const n = this.split(b, pos, end, false);
    if (n + 1 !== layout.count) {
      this.sharedReading(b, pos, end);
      return;
    }
    const statusStart = this.fieldStart(layout.status, pos);
    const statusEnd = this.fieldEnd(layout.status, n, end);
    const status = layout.status < 0 ? -1 : digits(b, statusStart, statusEnd);
    const dash = statusEnd - statusStart === 1 && b[statusStart] === DASH;
    if (!dash && (status < 100 || status > 599)) {
      this.sharedReading(b, pos, end);
      return;
    }
    const tally = this.tally;
    tally.httpErrLines++;
    if (layout.reason >= 0) this.countField(tally.reasons, b, layout.reason, n, pos, end);
    if (dash) {
      tally.noStatus++;
      tally.records++;
      if (this.observer) this.observer(this.file, this.fileLine, { status: '-' });
      return;
    }
    if (status === 401) {
      const substatus = layout.substatus < 0 ? -1 : digits(b, this.fieldStart(layout.substatus, pos), this.fieldEnd(layout.substatus, n, end));
      const win32 = layout.win32 < 0 ? -1 : win32Of(b, this.fieldStart(layout.win32, pos), this.fieldEnd(layout.win32, n, end));
      this.tally401(b, pos, end, n, layout, substatus, win32);
      return;
    }
    tally.statusCounts[status] = (tally.statusCounts[status] ?? 0) + 1;
    tally.records++;
    if (this.observer) this.observer(this.file, this.fileLine, { status });
    if (status < 400 && status >= 200 && this.window.size > 0) this.success(b, pos, end, layout);
  }

  private markUnreadable(text: string): void {
    this.tally.unreadableLine(this.file, this.fileLine, quote(text));
  }
}
