import type { IisEra, LogRecord, ParseMessage } from '../symptoms.js';
import { toUint32 } from '../codes/decode.js';
import { isFtpCommand, looksLikeFtp, nonHttpKind, splitFields } from './w3c-fields.js';

// Default `#Fields` layouts, so that a pasted line without its header can still be read (codes.md §6.2).
export const LAYOUTS = {
  'iis6-default': 'date time s-sitename s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) sc-status sc-substatus sc-win32-status',
  'iis6-nosite': 'date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) sc-status sc-substatus sc-win32-status',
  'iis7-default': 'date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) sc-status sc-substatus sc-win32-status time-taken',
  'iis85-default': 'date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken',
  'all-fields': 'date time s-sitename s-computername s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs-version cs(User-Agent) cs(Cookie) cs(Referer) cs-host sc-status sc-substatus sc-win32-status sc-bytes cs-bytes time-taken',
  httperr: 'date time c-ip c-port s-ip s-port cs-version cs-method cs-uri sc-status s-siteid s-reason s-queuename',
} as const;

const LAYOUT_FIELDS = Object.fromEntries(
  Object.entries(LAYOUTS).map(([name, list]) => [name, list.split(' ')]),
) as Record<keyof typeof LAYOUTS, string[]>;

/** Longest line we look at; longer ones are cut (a log line is rarely over 2 KB). */
const MAX_LINE = 16_384;

const DATE_TIME = /^\d{4}-\d{2}-\d{2}[ \t]+\d{1,2}:\d{2}:\d{2}/;
const INT = /^-?\d{1,11}$/;

export interface LogReadResult {
  readonly records: LogRecord[];
  readonly messages: ParseMessage[];
  readonly iis?: { era: IisEra; version?: string; from: string };
  /** Lines that looked like log lines (dated) but could not be mapped to fields. */
  readonly unreadable: number;
}

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
  if (isHttpErr && /^[a-z_][\w/.-]*$/i.test(tokens[11] ?? '')) return { name: 'httperr', fields: LAYOUT_FIELDS.httperr };
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
      if (candidate['sc-status'] !== undefined && candidate['sc-status'] >= 100 && candidate['sc-status'] < 600) record = candidate;
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
        const method = tokens.findIndex((t) => /^(?:GET|POST|HEAD|PUT|DELETE|OPTIONS|PATCH|PROPFIND|MKCOL|COPY|MOVE|LOCK|UNLOCK|RPC_IN_DATA|RPC_OUT_DATA)$/.test(t));
        if (method >= 0 && method < at) {
          named['cs-method'] = tokens[method] ?? '';
          named['cs-uri-stem'] = tokens[method + 1] ?? '';
        }
        // The client address is the last address before the status (the first is usually s-ip).
        const ips = tokens.slice(2, at).filter((t) => /^(?:\d{1,3}\.){3}\d{1,3}$|^[\dA-F]*:[\d:A-F]+$/i.test(t));
        if (ips.length > 0) named['c-ip'] = ips[ips.length - 1] ?? '';
        record = toLogRecord(named, lineNo, 'triplet', 'low');
      }
    }
  }
  return { ...(record ? { record } : {}), mismatch: header !== undefined && header.length !== tokens.length };
}

/**
 * Reads every W3C (or HTTPERR) line in a paste. Honours `#Fields` wherever it appears; lines without a
 * header are mapped by the default layouts of IIS 6, 7 and 8.5+, then by locating the status triplet.
 */
export function readLogLines(text: string): LogReadResult {
  const records: LogRecord[] = [];
  const messages: ParseMessage[] = [];
  let header: string[] | undefined;
  let httpErrHeader = false;
  let iis: LogReadResult['iis'];
  let unreadable = 0;
  let software = '';
  let notHttp = false;
  let probeMethod = false;
  let skippedNotHttp = 0;
  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length; index++) {
    const raw = (lines[index] ?? '').slice(0, MAX_LINE).trim();
    const lineNo = index + 1;
    if (raw.startsWith('#')) {
      const directive = /^#(\w+):\s*(\S.*)?$/.exec(raw);
      if (!directive) continue;
      const [, name, value = ''] = directive;
      if (name === 'Fields') {
        header = value.trim().split(/\s+/);
        notHttp = nonHttpKind(header, software) !== undefined;
        probeMethod = !notHttp;
      }
      if (name === 'Software') {
        software = value;
        httpErrHeader = /HTTP API/i.test(value);
        const version = versionFromSoftware(value);
        if (version) iis = { ...version, from: `#Software: ${value.trim()}` };
      }
      continue;
    }
    if (!DATE_TIME.test(raw)) continue;
    const tokens = splitFields(raw);
    // The first line under a #Fields tells an FTP log whose fields are HTTP's (IIS 4/5: `[2]USER`).
    if (probeMethod && header) {
      probeMethod = false;
      const method = header.indexOf('cs-method');
      if (method >= 0 && isFtpCommand(tokens[method] ?? '')) notHttp = true;
    }
    if (notHttp || (!header && looksLikeFtp(tokens))) {
      if (skippedNotHttp++ === 0) {
        messages.push({ severity: 'info', ruleId: 'iis-log/not-http', text: `line ${lineNo} is from an FTP log: its replies are not HTTP statuses, so its lines are not read as requests`, line: lineNo });
      }
      continue;
    }
    const { record, mismatch } = readRequestLine(tokens, lineNo, header, httpErrHeader);
    if (record && mismatch && header) {
      messages.push({
        severity: 'info',
        ruleId: 'iis-log/fields-mismatch',
        text: `line ${lineNo} has ${tokens.length} values but #Fields names ${header.length}; read it by its shape instead`,
        line: lineNo,
      });
    }
    if (record) records.push(record);
    else {
      unreadable++;
      if (unreadable <= 3) {
        messages.push({
          severity: 'warning',
          ruleId: 'iis-log/unreadable-line',
          text: `line ${lineNo} looks like a log line but has no status code iis401 could find (a half line?)`,
          line: lineNo,
        });
      }
    }
  }
  if (!iis && records.length > 0) {
    const layouts = new Set(records.map((r) => r.layout));
    if (layouts.has('iis6-default')) iis = { era: '6', from: 'the IIS 6 default log layout' };
    else if (layouts.has('iis85-default') || layouts.has('iis7-default')) iis = { era: '7+', from: 'the IIS 7+ default log layout' };
  }
  return { records, messages, ...(iis ? { iis } : {}), unreadable };
}
