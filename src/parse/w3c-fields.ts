// The one reading of a W3C log line (issue 12), shared by the parser (iis-log.ts, behind parse()) and the
// log scanner (src/scan/scanner.ts): how a line splits into values, the directives (#Software, #Fields),
// the default layouts of headerless IIS 6 / 7 / 8.5 / 10 and HTTPERR lines, the status triplet fallback,
// and the logs that are W3C but not HTTP request logs (FTP, SMTP, others), recognised and not counted.
// The scanner reads most lines faster on its own, as bytes, and hands this module every line that its
// fast path cannot read, so that both end with the same record for every line.
//
// IIS writes one space between values and `+` for a space inside one; other writers (IIS Advanced
// Logging, log shippers, spreadsheets) put a value holding spaces in double quotes, or separate values
// with tabs. Splitting is a hand-written pass instead of a regular expression: linear by construction.
import type { IisEra, LogRecord } from '../symptoms.js';
import { toUint32 } from '../codes/decode.js';

const SPACE = 0x20;
const TAB = 0x09;
const QUOTE = 0x22;

/**
 * The values of one line: split on runs of spaces and tabs, a `"quoted value"` kept whole (quotes
 * dropped, `""` inside it read as one quote).
 */
export function splitFields(line: string): string[] {
  const out: string[] = [];
  const n = line.length;
  let i = 0;
  while (i < n) {
    let c = line.charCodeAt(i);
    if (c === SPACE || c === TAB) {
      i++;
      continue;
    }
    if (c === QUOTE) {
      let value = '';
      let from = ++i;
      for (; i < n; i++) {
        if (line.charCodeAt(i) !== QUOTE) continue;
        if (line.charCodeAt(i + 1) === QUOTE) {
          value += line.slice(from, i + 1);
          from = ++i + 1;
          continue;
        }
        break;
      }
      value += line.slice(from, i);
      i++;
      out.push(value);
      continue;
    }
    const from = i;
    for (; i < n; i++) {
      c = line.charCodeAt(i);
      if (c === SPACE || c === TAB) break;
    }
    out.push(line.slice(from, i));
  }
  return out;
}

// Default `#Fields` layouts, so that a pasted line without its header can still be read (codes.md §6.2).
export const LAYOUTS = {
  'iis6-default': 'date time s-sitename s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) sc-status sc-substatus sc-win32-status',
  'iis6-nosite': 'date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) sc-status sc-substatus sc-win32-status',
  'iis7-default': 'date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) sc-status sc-substatus sc-win32-status time-taken',
  'iis85-default': 'date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken',
  'all-fields': 'date time s-sitename s-computername s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs-version cs(User-Agent) cs(Cookie) cs(Referer) cs-host sc-status sc-substatus sc-win32-status sc-bytes cs-bytes time-taken',
  httperr: 'date time c-ip c-port s-ip s-port cs-version cs-method cs-uri sc-status s-siteid s-reason s-queuename',
  // HTTP.sys of Windows 10 / Server 2016 and later logs the HTTP/2 stream too.
  'httperr-stream': 'date time c-ip c-port s-ip s-port cs-version cs-method cs-uri streamid sc-status s-siteid s-reason s-queuename',
} as const;

const LAYOUT_FIELDS = Object.fromEntries(
  Object.entries(LAYOUTS).map(([name, list]) => [name, list.split(' ')]),
) as Record<keyof typeof LAYOUTS, string[]>;

/** A line that starts with its date and time, as every IIS line does. */
export const DATE_TIME = /^\d{4}-\d{2}-\d{2}[ \t]+\d{1,2}:\d{2}:\d{2}/;
const INT = /^-?\d{1,11}$/;
const PORT = /^\d{1,5}$/;
/** An HTTP.sys s-reason: a word such as Timer_ConnectionIdle, BadRequest or Connection_Dropped_List_Full. */
const REASON = /^[a-z_][\w/.-]*$/i;
/** An IPv4 or IPv6 address, IPv6 with its zone id (`fe80::1%3`). */
const ADDRESS = /^(?:\d{1,3}\.){3}\d{1,3}$|^[\dA-F]*:[\d:A-F]+(?:%[\w.-]+)?$/i;
const METHOD = /^(?:GET|POST|HEAD|PUT|DELETE|OPTIONS|PATCH|PROPFIND|PROPPATCH|MKCOL|COPY|MOVE|LOCK|UNLOCK|SEARCH|REPORT|TRACE|CONNECT|RPC_IN_DATA|RPC_OUT_DATA|M-POST|BITS_POST)$/;

/** IIS version from a `#Software:` directive; undefined for HTTP.sys or unknown software. */
export function versionFromSoftware(value: string): { era: IisEra; version: string } | undefined {
  const match = /Internet Information Services\s+(\d+(?:\.\d+)?)/i.exec(value);
  if (!match?.[1]) return undefined;
  const version = match[1];
  return { era: Number.parseFloat(version) < 7 ? '6' : '7+', version };
}

/** The default layout whose shape fits a line's tokens, for lines without a `#Fields` header (also used by scan). */
export function layoutFor(tokens: readonly string[]): { name: LogRecord['layout']; fields: string[] } | undefined {
  const n = tokens.length;
  // HTTP.sys writes `-` for the status of a connection it dropped before a request was read.
  const isHttpErr = n === 13 && !INT.test(tokens[2] ?? '') && INT.test(tokens[3] ?? '') && (INT.test(tokens[9] ?? '') || tokens[9] === '-');
  if (isHttpErr && REASON.test(tokens[11] ?? '')) return { name: 'httperr', fields: LAYOUT_FIELDS.httperr };
  const isStreamErr = n === 14 && !INT.test(tokens[2] ?? '') && INT.test(tokens[3] ?? '') && INT.test(tokens[5] ?? '') && (INT.test(tokens[10] ?? '') || tokens[10] === '-');
  if (isStreamErr && REASON.test(tokens[12] ?? '')) return { name: 'httperr', fields: LAYOUT_FIELDS['httperr-stream'] };
  if (n === 15) return { name: 'iis85-default', fields: LAYOUT_FIELDS['iis85-default'] };
  if (n === 22) return { name: 'fields-header', fields: LAYOUT_FIELDS['all-fields'] };
  if (n === 14) {
    // IIS 6 with s-sitename (W3SVC1) versus IIS 7 with time-taken at the end.
    if (/^W3SVC\d+$/i.test(tokens[2] ?? '')) return { name: 'iis6-default', fields: LAYOUT_FIELDS['iis6-default'] };
    return { name: 'iis7-default', fields: LAYOUT_FIELDS['iis7-default'] };
  }
  if (n === 13) return { name: 'iis6-default', fields: LAYOUT_FIELDS['iis6-nosite'] };
  return undefined;
}

/** Finds `sc-status sc-substatus sc-win32-status` by their shapes when no layout fits. */
function locateTriplet(tokens: readonly string[]): number | undefined {
  for (let i = 2; i + 2 < tokens.length; i++) {
    const status = tokens[i] ?? '';
    if (!/^[1-5]\d\d$/.test(status)) continue;
    if (/^\d{1,3}$/.test(tokens[i + 1] ?? '') && INT.test(tokens[i + 2] ?? '')) return i;
  }
  return undefined;
}

function numberOf(value: string | undefined): number | undefined {
  if (value === undefined || !INT.test(value)) return undefined;
  return Number(value);
}

/** Builds a typed record from named fields; `-` means empty and is left out. */
export function toLogRecord(
  named: Record<string, string>,
  line: number,
  layout: LogRecord['layout'],
  confidence: LogRecord['confidence'],
): LogRecord {
  const fields: Record<string, string> = {};
  for (const [key, value] of Object.entries(named)) if (value !== '-' && value !== '') fields[key] = value;
  const win32 = fields['sc-win32-status'] === undefined ? undefined : toUint32(fields['sc-win32-status']);
  const record: Record<string, unknown> = {
    kind: layout === 'httperr' ? 'httperr-log' : 'iis-log',
    line,
    fields,
    layout,
    confidence,
    'sc-status': numberOf(fields['sc-status']),
    'sc-substatus': numberOf(fields['sc-substatus']),
    'sc-win32-status': win32,
    'cs-username': fields['cs-username'],
    'cs-uri-stem': fields['cs-uri-stem'] ?? fields['cs-uri'],
    'cs-method': fields['cs-method'],
    'c-ip': fields['c-ip'],
    's-port': numberOf(fields['s-port']),
    'cs(User-Agent)': fields['cs(User-Agent)'],
    'time-taken': numberOf(fields['time-taken']),
    date: fields.date,
    time: fields.time,
    's-reason': fields['s-reason'],
  };
  for (const key of Object.keys(record)) if (record[key] === undefined) delete record[key];
  return record as unknown as LogRecord;
}

/**
 * One request line's values as a record: named by `header` when their count matches it, else by the
 * default layout their shape fits, else by locating the status triplet. `mismatch` tells that a header
 * was there but did not fit. Shared with the log scanner, which reads the lines its fast path cannot.
 */
export function readRequestLine(
  tokens: readonly string[],
  lineNo: number,
  header: readonly string[] | undefined,
  httpErrHeader: boolean,
): { record?: LogRecord; mismatch: boolean } {
  let record: LogRecord | undefined;
  if (header && header.length === tokens.length) {
    const named = Object.fromEntries(header.map((field, i) => [field, tokens[i] ?? '']));
    record = toLogRecord(named, lineNo, httpErrHeader ? 'httperr' : 'fields-header', 'high');
  } else {
    const layout = layoutFor(tokens);
    if (layout) {
      const named = Object.fromEntries(layout.fields.map((field, i) => [field, tokens[i] ?? '']));
      const candidate = toLogRecord(named, lineNo, layout.name, 'medium');
      const status = candidate['sc-status'];
      // HTTP.sys writes `-` for the status of a connection it dropped: the line is still read, for its reason.
      const dropped = layout.name === 'httperr' && status === undefined && candidate['s-reason'] !== undefined;
      if (dropped || (status !== undefined && status >= 100 && status < 600)) record = candidate;
    }
    if (!record) {
      const at = locateTriplet(tokens);
      if (at !== undefined) {
        const named: Record<string, string> = {
          date: tokens[0] ?? '',
          time: tokens[1] ?? '',
          'sc-status': tokens[at] ?? '',
          'sc-substatus': tokens[at + 1] ?? '',
          'sc-win32-status': tokens[at + 2] ?? '',
        };
        const method = tokens.findIndex((t) => METHOD.test(t));
        if (method >= 0 && method < at) {
          named['cs-method'] = tokens[method] ?? '';
          named['cs-uri-stem'] = tokens[method + 1] ?? '';
        }
        if (method >= 0 && method + 5 < at && PORT.test(tokens[method + 3] ?? '') && (ADDRESS.test(tokens[method + 5] ?? '') || tokens[method + 5] === '-')) {
          // IIS's own order after the method: cs-uri-stem cs-uri-query s-port cs-username c-ip.
          named['cs-username'] = tokens[method + 4] ?? '';
          named['c-ip'] = tokens[method + 5] ?? '';
        } else {
          // The client address is the last address before the status (the first is usually s-ip).
          const ips = tokens.slice(2, at).filter((t) => ADDRESS.test(t));
          if (ips.length > 0) named['c-ip'] = ips[ips.length - 1] ?? '';
        }
        record = toLogRecord(named, lineNo, 'triplet', 'low');
      }
    }
  }
  return { ...(record ? { record } : {}), mismatch: header !== undefined && header.length !== tokens.length };
}


/** What a W3C log is when it is not an HTTP request log. */
export type NotHttpKind = 'ftp' | 'smtp' | 'other';

/** Fields only an IIS FTP log names (its sc-status holds FTP replies such as 331, 230 and 226). */
const FTP_FIELDS = new Set(['x-session', 'x-fullpath', 'x-debug']);
/** Fields that make a W3C log one of HTTP requests: a log naming none of them is something else (a firewall's, say). */
const HTTP_FIELDS = ['sc-status', 'cs-uri-stem', 'cs-uri', 'cs-method'];

/**
 * What a log is not an HTTP request log: `ftp` or `smtp` when its `#Software` or its `#Fields` say so,
 * `other` when its #Fields names no HTTP field at all, else undefined. Its lines are recognised and
 * reported, never counted as HTTP statuses.
 */
export function nonHttpKind(fields: readonly string[], software = ''): NotHttpKind | undefined {
  if (/\bFTP\b/i.test(software)) return 'ftp';
  if (/\bSMTP\b/i.test(software)) return 'smtp';
  if (fields.some((f) => FTP_FIELDS.has(f))) return 'ftp';
  if (fields.length > 0 && !fields.some((f) => HTTP_FIELDS.includes(f))) return 'other';
  return undefined;
}

/** FTP commands and events in cs-method of an FTP log written without its header. */
const FTP_METHODS = new Set(['USER', 'PASS', 'QUIT', 'CWD', 'PWD', 'PASV', 'EPSV', 'PORT', 'EPRT', 'RETR', 'STOR', 'LIST', 'NLST', 'MLSD', 'TYPE', 'SYST', 'FEAT', 'OPTS', 'AUTH', 'PBSZ', 'PROT', 'SIZE', 'MDTM', 'DELE', 'RNFR', 'RNTO', 'MKD', 'RMD', 'NOOP', 'CONTROLCHANNELOPENED', 'CONTROLCHANNELCLOSED', 'DATACHANNELOPENED', 'DATACHANNELCLOSED']);
/** SMTP commands in cs-method of an IIS SMTP service log (its sc-status holds replies such as 250 and 354). */
const SMTP_METHODS = new Set(['EHLO', 'HELO', 'MAIL', 'RCPT', 'DATA', 'RSET', 'STARTTLS', 'XEXCH50', 'X-EXPS', 'BDAT', 'VRFY', 'TURN', 'ETRN']);

/** The command of a cs-method value; IIS 4 and 5 write it after the session, `[2]USER`. */
function commandOf(method: string): string {
  let start = 0;
  if (method.startsWith('[')) {
    const close = method.indexOf(']');
    if (close > 0) start = close + 1;
  }
  return method.slice(start).toUpperCase();
}

/** Whether a cs-method value is an FTP command or event. */
export function isFtpCommand(method: string): boolean {
  return FTP_METHODS.has(commandOf(method));
}

/** What a cs-method value (or an IIS service's site name, MSFTPSVC1 / SMTPSVC1) tells a log is, if not HTTP. */
export function commandKind(value: string): NotHttpKind | undefined {
  const command = commandOf(value);
  if (FTP_METHODS.has(command) || /^MSFTPSVC\d+$/.test(command)) return 'ftp';
  if (SMTP_METHODS.has(command) || /^SMTPSVC\d+$/.test(command)) return 'smtp';
  return undefined;
}

/** Whether a headerless line's values look like an FTP log's (an FTP command where HTTP has its method). */
export function looksLikeFtp(values: readonly string[]): boolean {
  return values.slice(2, 7).some(isFtpCommand);
}

/** What a headerless line's values tell its log is, if not HTTP: a command of FTP or SMTP where HTTP has its method. */
export function headerlessKind(values: readonly string[]): NotHttpKind | undefined {
  // No HTTP method before the status: a log whose method column holds QUIT or DATA may still be HTTP's otherwise.
  if (values.slice(2, 7).some((v) => METHOD.test(v))) return undefined;
  for (const v of values.slice(2, 7)) {
    const kind = commandKind(v);
    if (kind) return kind;
  }
  return undefined;
}

/** Words for a kind of log that is not HTTP's, in messages and reports. */
export const NOT_HTTP_NAMES: Record<NotHttpKind, string> = {
  ftp: 'an FTP log: its replies (331, 230, 226 ...) are not HTTP statuses',
  smtp: 'an SMTP log: its replies (250, 354, 550 ...) are not HTTP statuses',
  other: 'a W3C log of something other than HTTP requests: its #Fields names no sc-status, cs-method or URL',
};

/** A `#Name: value` directive line, or undefined. */
export function readDirective(line: string): { name: string; value: string } | undefined {
  const match = /^#(\w+):\s*(\S.*)?$/.exec(line.trim());
  if (!match?.[1]) return undefined;
  return { name: match[1], value: (match[2] ?? '').trim() };
}

/** The field names of a `#Fields:` value (spaces or tabs between them, as written). */
export function fieldNames(value: string): string[] {
  return value.trim().split(/\s+/).filter(Boolean);
}

/** What one line of a log reads as. */
export type LineRead =
  | { readonly kind: 'request'; readonly record: LogRecord; readonly mismatch: boolean; readonly values: number }
  | { readonly kind: 'not-http'; readonly what: NotHttpKind }
  /** Dated, or fitting the header, but no status to be found (a half line?). */
  | { readonly kind: 'unreadable' }
  /** Not a log line at all (prose around a paste; for the scanner, junk). */
  | { readonly kind: 'not-a-line' };

const YMD = /^\d{4}-\d{2}-\d{2}$/;
const HMS = /^\d{1,2}:\d{2}:\d{2}/;

/**
 * The state of one log as its lines go by: the directives in force, and whether the log is an HTTP
 * request log. parse() and the scanner each keep one per file and hand it every line they read this way.
 */
export class W3cReading {
  software = '';
  /** #Software names HTTP.sys (`Microsoft HTTP API 2.0`): an HTTPERR log. */
  httpErr = false;
  fields: string[] | undefined;
  notHttp: NotHttpKind | undefined;
  iis: { era: IisEra; version: string; from: string } | undefined;
  /** The first line under a #Fields is still to be looked at for an FTP or SMTP command in cs-method. */
  private probing = false;

  /** Takes in a directive line (`#Software: ...`, `#Fields: ...`); other directives are ignored. */
  directive(line: string): void {
    const directive = readDirective(line);
    if (!directive) return;
    const { name, value } = directive;
    if (name === 'Software') {
      this.software = value;
      this.httpErr = /HTTP API/i.test(value);
      const version = versionFromSoftware(value);
      if (version) this.iis = { ...version, from: `#Software: ${value}` };
    } else if (name === 'Fields') this.setFields(fieldNames(value));
  }

  setFields(names: string[]): void {
    this.fields = names;
    this.notHttp = nonHttpKind(names, this.software);
    this.probing = this.notHttp === undefined;
  }

  /**
   * The first values under a #Fields: an FTP or SMTP log whose fields are named as HTTP's (IIS 4/5 write
   * `[2]USER` as the method; the SMTP service writes EHLO and MAIL, and SMTPSVC1 as its site).
   */
  firstValues(values: readonly string[]): void {
    if (!this.probing) return;
    this.probing = false;
    const fields = this.fields ?? [];
    for (const name of ['cs-method', 's-sitename']) {
      const at = fields.indexOf(name);
      const kind = at >= 0 ? commandKind(values[at] ?? '') : undefined;
      if (kind) {
        this.notHttp = kind;
        return;
      }
    }
  }

  /** Reads one line that is not a directive. */
  line(raw: string, lineNo: number): LineRead {
    if (this.notHttp) return { kind: 'not-http', what: this.notHttp };
    const text = raw.trim();
    const fields = this.fields;
    const dated = DATE_TIME.test(text);
    // A line that starts with its date, or (other writers: dates later on, every value quoted) has as many values as #Fields names and its date where #Fields puts it.
    if (!dated && !(fields && text.length > 0)) return { kind: 'not-a-line' };
    const values = splitFields(text);
    if (!dated && !(fields && fields.length === values.length && datedByHeader(values, fields))) return { kind: 'not-a-line' };
    if (fields) {
      this.firstValues(values);
      if (this.notHttp) return { kind: 'not-http', what: this.notHttp };
    } else {
      const kind = headerlessKind(values);
      if (kind) return { kind: 'not-http', what: kind };
    }
    const { record, mismatch } = readRequestLine(values, lineNo, fields, this.httpErr);
    return record ? { kind: 'request', record, mismatch, values: values.length } : { kind: 'unreadable' };
  }
}

/** Whether values named by a #Fields hold a date and a time where it names them (or a time, when it names no date). */
function datedByHeader(values: readonly string[], fields: readonly string[]): boolean {
  const date = fields.indexOf('date');
  const time = fields.indexOf('time');
  if (time < 0 || !HMS.test(values[time] ?? '')) return false;
  return date < 0 || YMD.test(values[date] ?? '');
}
