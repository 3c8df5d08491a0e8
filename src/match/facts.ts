import { recordCodes } from '../codes/record-codes.js';
import { eventOriginFits } from '../codes/event-origin.js';
import { foldHyphens } from '../parse/prose.js';
import type { DecodedCode, LogRecord, SymptomRecord, Symptoms } from '../symptoms.js';

// Turns Symptoms into the flat facts a rule reads: one Facts value per record (a log line, an event, an
// error page, a trace), each carrying the facts about the whole paste as well.

export type FactValue = string | number | boolean;

export interface Facts {
  /** What the facts came from, for reasons: "line 3", "event 4625", "the error page". */
  readonly source: string;
  readonly values: ReadonlyMap<string, readonly FactValue[]>;
  /** True for the facts about the paste alone, which hold no record fields. */
  readonly wholePaste?: boolean;
}

/** Facts that describe the whole paste; every other field belongs to one record. */
export const PASTE_FIELDS = new Set(['code', 'tag', 'text', 'iis', 'kind', 'sequence', 'anonymous']);

/**
 * Where a 401 stands in its client + URL conversation: a normal `challenge-leg`; a `retried-failure`
 * (a real error code, though a later retry succeeded); a `first-leg-preauth` (401.1 SEC_E_NO_CREDENTIALS
 * with no anonymous 401.2 before it: the client sent credentials on its very first request); an
 * `unanswered` 401; or `alone` when the paste has one line.
 */
export type RequestSequence = 'challenge-leg' | 'retried-failure' | 'first-leg-preauth' | 'unanswered' | 'success' | 'alone' | 'other';

/** sc-win32-status values of the normal NTLM/Negotiate legs: 5 (anonymous leg), SEC_E_NO_CREDENTIALS, 0. */
const CHALLENGE_CODES = new Set([0, 5, 0x8009030e]);

const isSuccess = (status: number | undefined): boolean => status !== undefined && status >= 200 && status < 400;

/**
 * Labels each request: a 401 later followed by a success for the same client and URL is a leg of the
 * normal NTLM/Negotiate challenge; a 401 never followed by one is a failure to diagnose.
 */
export function labelSequences(requests: readonly LogRecord[]): RequestSequence[] {
  const key = (r: LogRecord): string => `${r['c-ip'] ?? '?'} ${r['cs-uri-stem']?.toLowerCase() ?? '?'}`;
  // A request that got past authentication (a success, or any non-401 once a user name is logged, such
  // as a 404 for an authenticated crawler) answers the challenge for its client and URL.
  const lastSuccess = new Map<string, number>();
  requests.forEach((r, i) => {
    if (isSuccess(r['sc-status']) || (r['sc-status'] !== undefined && r['sc-status'] !== 401 && r['cs-username'] !== undefined)) lastSuccess.set(key(r), i);
  });
  const anonymousLegSeen = new Set<string>();
  return requests.map((r, i) => {
    if (requests.length === 1) return r['sc-status'] === 401 ? 'alone' : isSuccess(r['sc-status']) ? 'success' : 'other';
    if (isSuccess(r['sc-status'])) return 'success';
    if (r['sc-status'] !== 401) return 'other';
    const k = key(r);
    const firstLeg = !anonymousLegSeen.has(k);
    if (r['sc-substatus'] === 2) anonymousLegSeen.add(k);
    if (r['sc-substatus'] === 1 && r['sc-win32-status'] === 0x8009030e && firstLeg) return 'first-leg-preauth';
    if ((lastSuccess.get(k) ?? -1) < i) return 'unanswered';
    return CHALLENGE_CODES.has(r['sc-win32-status'] ?? 0) ? 'challenge-leg' : 'retried-failure';
  });
}

/** The paste-level sequence: what the log as a whole says about the challenge. */
export function overallSequence(labels: readonly RequestSequence[]): string | undefined {
  const legs = labels.filter((l) => l === 'challenge-leg').length;
  const unanswered = labels.filter((l) => l === 'unanswered').length;
  if (labels.includes('first-leg-preauth')) return 'preauth';
  if (labels.includes('retried-failure')) return 'retried-failure';
  if (legs > 0 && unanswered === 0) return 'challenge-complete';
  if (unanswered >= 2) return 'never-succeeds';
  if (legs > 0 && unanswered > 0) return 'mixed';
  if (unanswered === 1) return 'unanswered';
  return undefined;
}

/** Facts are stored lower-cased: every comparison is case-insensitive, and the paste is lowered once, not per rule. */
/**
 * The paste's own lists, shared by every record's facts instead of copied (a 1 MiB log has 12,000
 * records, and the paste text is one of the lists); `put` copies one before it would change it.
 */
const SHARED_LISTS = new WeakSet<FactValue[]>();

function put(map: Map<string, FactValue[]>, key: string, raw: FactValue | undefined | null): void {
  if (raw === undefined || raw === null || raw === '') return;
  const value = typeof raw === 'string' ? raw.toLowerCase() : raw;
  const list = map.get(key);
  if (list && SHARED_LISTS.has(list)) map.set(key, [...list, value]);
  else if (list) list.push(value);
  else map.set(key, [value]);
}

function recordAnonymous(record: SymptomRecord): boolean | undefined {
  switch (record.kind) {
    case 'iis-log':
      // A triplet typed in a sentence says nothing about the user.
      if (record.layout === 'triplet' && record.date === undefined) return undefined;
      return record['cs-username'] === undefined;
    case 'event': {
      const user = record.TargetUserName ?? '';
      if (user === '') return undefined;
      if (/^IUSR(?:_|$)/i.test(user.split('\\').pop() ?? '')) return true;
      // Logon type 8 from the IIS worker is IIS logging on a stored or typed password: the anonymous
      // account or a Basic user; the words of the paste decide which.
      if (record.LogonType === 8 && /w3wp|inetinfo/i.test(record.ProcessName ?? '')) return undefined;
      return false;
    }
    case 'error-page': {
      if (/^AnonymousAuthentication/i.test(record.Module ?? '')) return true;
      // The Windows, Basic or Digest module failed a user's credentials, not IIS's anonymous account.
      if (/^(?:Windows|Basic|Digest)Authentication/i.test(record.Module ?? '')) return false;
      const logon = `${record.LogonUser ?? ''} ${record.LogonMethod ?? ''}`;
      if (logon.trim() === '' || /not yet determined/i.test(logon)) return undefined;
      return /anonymous/i.test(logon);
    }
    case 'freb':
      return record.authenticatedUser === undefined && record.userName === undefined ? undefined : !(record.userName || record.authenticatedUser);
    default:
      return undefined;
  }
}

function recordSource(record: SymptomRecord): string {
  switch (record.kind) {
    case 'iis-log':
    case 'httperr-log':
      return record.layout === 'triplet' && record.fields.date === undefined ? 'the status you gave' : `log line ${record.line}`;
    case 'event':
      return record.EventID === undefined ? 'the event' : `event ${record.EventID}`;
    case 'error-page':
      return 'the error page';
    case 'freb':
      return 'the Failed Request Tracing file';
    default:
      return 'the paste';
  }
}

function recordValues(record: SymptomRecord, map: Map<string, FactValue[]>): void {
  put(map, 'record', record.kind);
  for (const [key, value] of Object.entries(record)) {
    if (key === 'fields' || key === 'kind' || key === 'line' || key === 'events') continue;
    // An id from another provider or log (4625 from EventSystem) is not the event the rules know by that id.
    if (key === 'EventID' && record.kind === 'event' && !eventOriginFits(record.EventID, record.Source, record.Channel)) continue;
    if (Array.isArray(value)) for (const v of value) put(map, key, v as FactValue);
    else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') put(map, key, value);
  }
  if (record.kind === 'error-page' || record.kind === 'freb') {
    if (record.kind === 'freb' && record.ModuleName) put(map, 'Module', record.ModuleName);
  }
  put(map, 'anonymous', recordAnonymous(record));
}

function putCodes(map: Map<string, FactValue[]>, codes: readonly DecodedCode[]): void {
  for (const code of codes) {
    put(map, 'code', code.key);
    for (const twin of code.twins) put(map, 'code', twin);
  }
}

/**
 * One Facts per record, plus one for the paste alone. A record's `code` holds its own codes and the
 * codes written outside any record (prose, a command); the paste's `code` holds them all. Records that are legs of a completed challenge
 * are returned separately: only rules that ask about `sequence` see them.
 */
export function toFacts(symptoms: Symptoms): { facts: Facts[]; challengeFacts: Facts[]; labels: RequestSequence[] } {
  const global = new Map<string, FactValue[]>();
  const records: SymptomRecord[] = [...symptoms.requests, ...symptoms.events, ...symptoms.pages, ...symptoms.traces];
  const ownCodes = records.map(recordCodes);
  const attributed = new Set(ownCodes.flat().map((c) => c.key));
  const loose = symptoms.codes.filter((c) => !attributed.has(c.key));
  for (const tag of symptoms.tags) put(global, 'tag', tag);
  // Only the admin's words: a user agent, a URL or an event label is not something the admin said.
  put(global, 'text', foldHyphens(symptoms.words ?? symptoms.text));
  if (symptoms.iis) put(global, 'iis', symptoms.iis.era);
  for (const kind of symptoms.kinds) put(global, 'kind', kind);
  const labels = labelSequences(symptoms.requests);
  put(global, 'sequence', overallSequence(labels));

  const withGlobal = (source: string, record?: SymptomRecord, sequence?: RequestSequence): Facts => {
    const values = new Map<string, FactValue[]>();
    for (const [key, list] of global) {
      SHARED_LISTS.add(list);
      values.set(key, list);
    }
    putCodes(values, record ? [...recordCodes(record), ...loose] : symptoms.codes);
    if (record) recordValues(record, values);
    if (sequence) put(values, 'sequence', sequence);
    if (!values.has('anonymous') && symptoms.tags.includes('anonymous')) put(values, 'anonymous', true);
    else if (!values.has('anonymous') && symptoms.tags.includes('user-logon')) put(values, 'anonymous', false);
    return { source, values };
  };

  const facts: Facts[] = [];
  const challengeFacts: Facts[] = [];
  symptoms.requests.forEach((r, i) => {
    const label = labels[i] ?? 'alone';
    (label === 'challenge-leg' ? challengeFacts : facts).push(withGlobal(recordSource(r), r, label));
  });
  for (const r of [...symptoms.events, ...symptoms.pages, ...symptoms.traces]) facts.push(withGlobal(recordSource(r), r));
  facts.push({ ...withGlobal('the paste as a whole'), wholePaste: true });
  return { facts, challengeFacts, labels };
}
