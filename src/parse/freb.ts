import type { ParseMessage, TraceRecord } from '../symptoms.js';
import { toErrorCode } from './error-page.js';
import { decodeXml, own, xmlData, xmlEventSpans } from './xml.js';

/** Longest text examined (characters); fr*.xml files are usually 50-500 KB. */
export const MAX_TRACE_TEXT = 4_194_304;
/** Most events read from one trace; a real one has a few hundred. */
const MAX_TRACE_EVENTS = 20_000;

export interface TraceReadResult {
  readonly traces: TraceRecord[];
  readonly messages: ParseMessage[];
  /** Where the traces sit, in the text with `\n` line ends: their values are the server's, not the admin's words. */
  readonly consumed?: ReadonlyArray<readonly [number, number]>;
}

/** One trace event: the opcode name and its values, raw (`data`) and as FREB renders them (`desc`). */
interface TraceEvent {
  readonly opcode?: string;
  readonly data: Readonly<Record<string, string>>;
  readonly desc: Readonly<Record<string, string>>;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

// Authentication type flags as the WWW Server provider renders them (IIS AUTH_REQUEST_AUTH_TYPE event).
const AUTH_FLAGS: ReadonlyArray<readonly [number, string]> = [
  [1, 'Anonymous'], [2, 'Basic'], [4, 'NT'], [16, 'Digest'], [64, 'Passport'], [128, 'CertMap'],
];

// Request notifications (httpserv.h RQ_*), for traces that give Notification as a number only.
const NOTIFICATIONS: Readonly<Record<string, string>> = {
  1: 'BEGIN_REQUEST', 2: 'AUTHENTICATE_REQUEST', 4: 'AUTHORIZE_REQUEST', 8: 'RESOLVE_REQUEST_CACHE',
  16: 'MAP_REQUEST_HANDLER', 32: 'ACQUIRE_REQUEST_STATE', 64: 'PRE_EXECUTE_REQUEST_HANDLER',
  128: 'EXECUTE_REQUEST_HANDLER', 256: 'RELEASE_REQUEST_STATE', 512: 'UPDATE_REQUEST_CACHE', 1024: 'LOG_REQUEST',
  2048: 'END_REQUEST', 536870912: 'SEND_RESPONSE', 1073741824: 'READ_ENTITY', 2147483648: 'MAP_PATH',
};

/** Event names worth reading in the browser-rendered view ("MODULE_SET_RESPONSE_ERROR_STATUS ModuleName=..."). */
const RENDERED_OPCODE =
  /\b(AUTH_[A-Z_]{3,40}|MODULE_SET_RESPONSE_ERROR_STATUS|SECURITY_DENIED_[A-Z_]{3,40}|USER_SET|GENERAL_REQUEST_(?:START|END)|NOTIFY_MODULE_(?:START|END|COMPLETION)|URL_AUTHORIZATION_[A-Z_]{3,40}|HANDLER_CHANGED)\b/g;

/** A line of the browser-rendered trace: an event name, or the `Name="value"` list under one. */
export function isRenderedTraceLine(line: string): boolean {
  const text = line.slice(0, 4096);
  RENDERED_OPCODE.lastIndex = 0;
  return RENDERED_OPCODE.test(text) || /^[ \t]*(?:(?:Informational|Warning|Error|Verbose)[ \t]+)?[A-Za-z]{2,40}="/.test(text) || /^[ \t]*\(0x[0-9a-f]{8}\)"/i.test(text);
}

const WITHOUT_ROOT: ParseMessage = {
  severity: 'info',
  ruleId: 'freb/no-header',
  text: 'the trace was pasted without its <failedRequest> header, so the URL, the user and the final status come from the events alone',
};

/** Reads Failed Request Tracing files (fr*.xml, whole or in part) into trace records. Never throws. */
export function readTraces(text: string): TraceReadResult {
  const messages: ParseMessage[] = [];
  try {
    const raw = typeof text === 'string' ? text : '';
    const traces = readAll(raw, messages);
    return { traces, messages, ...(traces.length > 0 ? { consumed: traceSpans(raw.slice(0, MAX_TRACE_TEXT)) } : {}) };
  } catch (error) {
    messages.push({ severity: 'warning', ruleId: 'freb/failed', text: `the trace could not be read (${String(error)})` });
    return { traces: [], messages };
  }
}

/** Each `<failedRequest>` root to its close, or, for a trace pasted without its root, its `<Event>` elements. */
export function traceSpans(raw: string): Array<[number, number]> {
  const text = raw.replace(/\r\n?/g, '\n');
  const spans: Array<[number, number]> = [];
  for (let at = text.indexOf('<failedRequest'); at !== -1; ) {
    const close = text.indexOf('</failedRequest>', at);
    const end = close === -1 ? text.length : close + '</failedRequest>'.length;
    spans.push([at, end]);
    at = text.indexOf('<failedRequest', end);
  }
  return spans.length > 0 ? spans : xmlEventSpans(text, MAX_TRACE_EVENTS);
}

function readAll(raw: string, messages: ParseMessage[]): TraceRecord[] {
  let text = raw;
  if (text.length > MAX_TRACE_TEXT) {
    text = text.slice(0, MAX_TRACE_TEXT);
    messages.push({ severity: 'warning', ruleId: 'freb/truncated-input', text: `only the first ${MAX_TRACE_TEXT} characters of the trace were read` });
  }
  const roots: number[] = [];
  for (let at = text.indexOf('<failedRequest'); at !== -1; at = text.indexOf('<failedRequest', at + 14)) roots.push(at);
  if (roots.length === 0) {
    const events = xmlEvents(text, false);
    const found = events.length > 0 ? events : renderedEvents(text);
    if (found.length === 0) return [];
    messages.push(WITHOUT_ROOT);
    return [build({}, found, messages)];
  }
  const traces: TraceRecord[] = [];
  // Events pasted before a <failedRequest> root (a paste that starts mid-file) form a trace of their own.
  const before = xmlEvents(text.slice(0, roots[0]), false);
  if (before.length > 0) {
    messages.push(WITHOUT_ROOT);
    traces.push(build({}, before, messages));
  }
  for (let i = 0; i < roots.length; i++) {
    const segment = text.slice(roots[i], roots[i + 1] ?? text.length);
    const root = rootAttributes(segment);
    if (!segment.includes('</failedRequest>')) {
      messages.push({ severity: 'info', ruleId: 'freb/truncated', text: 'the trace is cut off before </failedRequest>; what could be read was kept' });
    }
    traces.push(build(root, xmlEvents(segment, true), messages));
  }
  return traces;
}

/** Attributes of `<failedRequest ...>`; a quoted value may hold `>`, so the tag ends at the first `>` outside quotes. */
function rootAttributes(segment: string): Record<string, string> {
  let end = segment.length;
  let quoted = false;
  for (let i = 0; i < segment.length && i < 8192; i++) {
    const c = segment[i];
    if (c === '"') quoted = !quoted;
    else if (c === '>' && !quoted) {
      end = i;
      break;
    }
  }
  const out: Record<string, string> = {};
  const attribute = /(?<![\w:.-])([A-Z_][\w:.-]*)\s*=\s*"([^"]*)"/gi;
  const tag = segment.slice(0, Math.min(end, 8192));
  for (let m = attribute.exec(tag); m; m = attribute.exec(tag)) out[m[1] ?? ''] = decodeXml(m[2] ?? '');
  return out;
}

/** Events of the XML; without a root, only events that are FREB's (WWW Server, or an opcode name). */
function xmlEvents(text: string, inRoot: boolean): TraceEvent[] {
  if (!text.includes('<Event')) return [];
  const events: TraceEvent[] = [];
  for (const [start, end] of xmlEventSpans(text, MAX_TRACE_EVENTS)) {
    const chunk = text.slice(start, end);
    const rendering = chunk.indexOf('<RenderingInfo');
    const opcode = rendering === -1 ? undefined : /<Opcode>([^<]{1,100})<\/Opcode>/.exec(chunk.slice(rendering))?.[1]?.trim();
    const named = opcode !== undefined && /^[A-Z][A-Z0-9_]+$/.test(opcode);
    if (!inRoot && !named && !chunk.includes('Name="WWW Server"')) continue;
    const desc: Record<string, string> = {};
    const description = /<freb:Description Data="([^"]*)">([^<]*)<\/freb:Description>/g;
    for (let m = description.exec(chunk); m; m = description.exec(chunk)) desc[m[1] ?? ''] = decodeXml(m[2] ?? '');
    events.push({ ...(named ? { opcode } : {}), data: Object.fromEntries(xmlData(chunk)), desc });
  }
  return events;
}

/** The compact / complete view as the browser renders freb.xsl: an opcode name, then Name="value" pairs. */
function renderedEvents(text: string): TraceEvent[] {
  if (!text.includes('="') || !/MODULE_SET_RESPONSE_ERROR_STATUS|\bAUTH_[A-Z]/.test(text)) return [];
  const found: Array<{ opcode: string; start: number; end: number }> = [];
  RENDERED_OPCODE.lastIndex = 0;
  for (let m = RENDERED_OPCODE.exec(text); m && found.length < MAX_TRACE_EVENTS; m = RENDERED_OPCODE.exec(text)) {
    found.push({ opcode: m[1] ?? '', start: m.index, end: m.index + m[0].length });
  }
  const events: TraceEvent[] = [];
  let pairs = 0;
  for (let i = 0; i < found.length; i++) {
    const item = found[i] as (typeof found)[number];
    const segment = text.slice(item.end, Math.min(found[i + 1]?.start ?? text.length, item.end + 4096));
    const data: Record<string, string> = {};
    const pair = /([A-Z][A-Z0-9]{0,60})="([^"]{0,2000})"/gi;
    for (let m = pair.exec(segment); m; m = pair.exec(segment)) {
      data[m[1] ?? ''] = m[2] ?? '';
      pairs++;
    }
    events.push({ opcode: item.opcode, data, desc: {} });
  }
  return pairs > 0 ? events : [];
}

function value(event: TraceEvent, name: string): string | undefined {
  const v = (event.desc[name] ?? event.data[name])?.trim();
  return v === undefined || v === '' ? undefined : v;
}

/** "NT", "Anonymous", or a flag number (5 = Anonymous + NT) to scheme names. */
function authNames(raw: string | undefined): string[] {
  if (!raw) return [];
  if (/^\d{1,10}$/.test(raw)) {
    const n = Number(raw);
    return AUTH_FLAGS.filter(([flag]) => (n & flag) !== 0).map(([, name]) => name);
  }
  return raw.split(/[\s,|]+/).filter((s) => s !== '');
}

function notification(event: TraceEvent): string | undefined {
  const v = value(event, 'Notification');
  return v !== undefined && /^\d+$/.test(v) ? own(NOTIFICATIONS, v) ?? v : v;
}

function nonEmpty(v: string | undefined): string | undefined {
  return v === undefined || v.trim() === '' ? undefined : v.trim();
}

function build(root: Readonly<Record<string, string>>, events: readonly TraceEvent[], messages: ParseMessage[]): TraceRecord {
  const names: string[] = [];
  const authTypes: string[] = [];
  const errors: TraceEvent[] = [];
  let authenticatedUser: string | undefined;
  let userSet: string | undefined;
  let requestEnd: TraceEvent | undefined;
  for (const event of events) {
    const op = event.opcode;
    if (op) names.push(op);
    if (op === 'AUTH_START') authTypes.push(...authNames(value(event, 'AuthTypeSupported')));
    else if (op === 'AUTH_REQUEST_AUTH_TYPE') authTypes.push(...authNames(value(event, 'RequestAuthType')));
    // Not AUTH_SUCCEEDED's AuthType: an anonymous logon reports "NT" there (seen in real traces).
    else if (op === 'AUTH_SUCCEEDED') authenticatedUser ??= value(event, 'AuthUserName') ?? value(event, 'RemoteUserName');
    else if (op === 'USER_SET') userSet ??= value(event, 'UserName');
    else if (op === 'GENERAL_REQUEST_END') requestEnd = event;
    else if (op === 'MODULE_SET_RESPONSE_ERROR_STATUS' || (!op && event.data.HttpStatus && event.data.ModuleName)) {
      // An event cut off before its RenderingInfo still shows who set the status.
      errors.push(event);
    }
  }
  if (events.length >= MAX_TRACE_EVENTS) {
    messages.push({ severity: 'warning', ruleId: 'freb/too-many-events', text: `only the first ${MAX_TRACE_EVENTS} trace events were read` });
  }

  // The final status: the root's statusCode, else GENERAL_REQUEST_END's, else the error event's.
  const status = /^(\d{3})(?:\.(\d{1,4}))?$/.exec(root.statusCode?.trim() ?? '');
  const endStatus = requestEnd && value(requestEnd, 'HttpStatus');
  const final = status?.[1] ?? endStatus;
  const chosen = [...errors].reverse().find((e) => final === undefined || value(e, 'HttpStatus') === final) ?? errors[errors.length - 1];
  const trace: Mutable<TraceRecord> = { kind: 'freb', authTypes: [...new Set(authTypes)], events: names };
  const set = <K extends keyof TraceRecord>(key: K, v: TraceRecord[K] | undefined): void => {
    if (v !== undefined) trace[key] = v;
  };
  set('url', nonEmpty(root.url));
  set('verb', nonEmpty(root.verb));
  if (status?.[1]) {
    trace['sc-status'] = Number(status[1]);
    // IIS writes ".N" only for a non-zero sub-status.
    trace['sc-substatus'] = Number(status[2] ?? 0);
  } else if (requestEnd && endStatus) {
    set('sc-status', toNumber(endStatus));
    set('sc-substatus', toNumber(value(requestEnd, 'HttpSubStatus')));
  } else if (chosen) {
    set('sc-status', toNumber(value(chosen, 'HttpStatus')));
    set('sc-substatus', toNumber(value(chosen, 'HttpSubStatus')));
  }
  set('authenticationType', nonEmpty(root.authenticationType));
  set('userName', nonEmpty(root.userName));
  set('remoteUserName', nonEmpty(root.remoteUserName));
  set('tokenUserName', nonEmpty(root.tokenUserName));
  set('appPoolId', nonEmpty(root.appPoolId));
  set('timeTaken', toNumber(root.timeTaken));
  if (chosen) {
    set('ModuleName', value(chosen, 'ModuleName'));
    set('Notification', notification(chosen));
    // The raw number is exact; the rendering ("Access is denied. (0x80070005)") is a fallback.
    const code = nonEmpty(chosen.data.ErrorCode) ?? value(chosen, 'ErrorCode');
    set('ErrorCode', code === undefined ? undefined : toErrorCode(code));
  }
  set('authenticatedUser', authenticatedUser ?? userSet);
  return ordered(trace);
}

function toNumber(v: string | undefined): number | undefined {
  return v !== undefined && /^\d{1,10}$/.test(v.trim()) ? Number(v) : undefined;
}

const ORDER: ReadonlyArray<keyof TraceRecord> = [
  'kind', 'url', 'verb', 'sc-status', 'sc-substatus', 'authenticationType', 'userName', 'remoteUserName',
  'tokenUserName', 'appPoolId', 'timeTaken', 'authTypes', 'ModuleName', 'Notification', 'ErrorCode',
  'authenticatedUser', 'events',
];

function ordered(trace: TraceRecord): TraceRecord {
  const out: Record<string, unknown> = {};
  for (const key of ORDER) if (trace[key] !== undefined) out[key] = trace[key];
  return out as unknown as TraceRecord;
}
