import { decodeXml, own, xmlData, xmlEventSpans } from './xml.js';
import type { EventRecord, ParseMessage } from '../symptoms.js';
import { normalizeHex, toUint32 } from '../codes/decode.js';

/** Longest text examined (characters); the dispatcher caps pastes too, this guards direct callers. */
export const MAX_EVENT_TEXT = 1_048_576;
/** Most event records read from one paste; a paste of hundreds of events says nothing more. */
export const MAX_EVENTS = 200;

export interface EventReadResult {
  readonly events: EventRecord[];
  readonly messages: ParseMessage[];
  /** Character ranges (of the text with line ends as `\n`) read as XML events: machine text, not the admin's words. */
  readonly consumed?: ReadonlyArray<readonly [number, number]>;
}

type Field =
  | 'EventID' | 'Reason' | 'TargetUserName' | 'TargetDomainName' | 'LogonType' | 'LogonProcessName'
  | 'AuthenticationPackageName' | 'Status' | 'SubStatus' | 'ProcessName' | 'IpAddress'
  | 'WorkstationName' | 'FailureCode' | 'LmPackageName' | 'Source' | 'Channel';
/** What a label feeds: a record field, the 4625-style account slots, a section header, or nothing. */
type Slot = Field | 'account' | 'domain' | 'section' | null;

// Labels of Event Viewer text (legacy 2000/2003, Vista+, NTLM operational), lower-case, one space.
const LABELS: Readonly<Record<string, Slot>> = {
  'event type': null, 'event source': 'Source', source: 'Source', 'event category': null, 'event id': 'EventID',
  eventid: 'EventID', date: null, time: null, user: null, computer: null, description: null, 'log name': 'Channel',
  channel: 'Channel', 'provider name': 'Source',
  'task category': null, level: null, keywords: null, opcode: null,
  subject: 'section', 'new logon': 'section', 'account for which logon failed': 'section',
  'account that was locked out': 'section', 'failure information': 'section', 'process information': 'section',
  'network information': 'section', 'detailed authentication information': 'section',
  'additional information': 'section', 'account information': 'section', 'service information': 'section',
  'certificate information': 'section',
  'security id': null, 'account name': 'account', 'account domain': 'domain', 'logon id': null,
  'logon type': 'LogonType', 'failure reason': 'Reason', reason: 'Reason', status: 'Status',
  'sub status': 'SubStatus', 'status code': 'Status', 'substatus code': 'SubStatus', 'caller process id': null,
  'caller process name': 'ProcessName', 'workstation name': 'WorkstationName',
  'source network address': 'IpAddress', 'source port': null, 'logon process': 'LogonProcessName',
  'authentication package': 'AuthenticationPackageName', 'transited services': null,
  'package name (ntlm only)': 'LmPackageName', 'key length': null, 'caller computer name': 'WorkstationName',
  'service name': null, 'service id': null, 'client address': 'IpAddress', 'client port': null,
  'ticket options': null, 'failure code': 'FailureCode', 'result code': 'FailureCode',
  'pre-authentication type': null, 'supplied realm name': 'domain', 'user id': null,
  'ticket encryption type': null, 'logon guid': null, 'certificate issuer name': null,
  'certificate serial number': null, 'certificate thumbprint': null, 'logon account': 'TargetUserName',
  'source workstation': 'WorkstationName', 'error code': 'FailureCode', 'user name': 'TargetUserName',
  domain: 'domain', 'caller user name': null, 'caller domain': null, 'caller logon id': null,
  'logon failure': null, 'target account name': 'TargetUserName', 'target account id': null,
  'target domain': 'domain', 'caller machine name': 'WorkstationName', 'user account locked out': null,
  'pre-authentication failed': null, 'logon attempt by': 'AuthenticationPackageName',
  'the logon to account': 'TargetUserName', by: 'AuthenticationPackageName', 'from workstation': 'WorkstationName',
  'the error code was': 'FailureCode', 'primary user name': null, 'primary domain': null, 'primary logon id': null,
  'client user name': null, 'client domain': null, 'client logon id': null, 'target server': null,
  'supplied user': 'TargetUserName', 'supplied domain': 'domain', 'pid of client process': null,
  'name of client process': 'ProcessName', 'calling process pid': null, 'calling process name': 'ProcessName',
  'mechanism oid': null, workstation: 'WorkstationName', 'domain name': 'domain', 'secure channel name': null,
  'secure channel type': null,
};

/** Sections whose Account Name is the caller, not the account the logon was for. */
const CALLER_SECTIONS = new Set(['subject']);

/** Labels that, two together, mark an event fragment even without an id or a message line. */
const STRONG = new Set([
  'sub status', 'failure reason', 'logon type', 'logon process', 'authentication package', 'caller process name',
  'source network address', 'workstation name', 'failure code', 'package name (ntlm only)',
  'account for which logon failed', 'status code', 'substatus code',
]);

// XML `<Data Name=...>` to record fields (codes.md §5.1).
const XML_FIELDS: Readonly<Record<string, Field>> = {
  TargetUserName: 'TargetUserName', TargetDomainName: 'TargetDomainName', LogonType: 'LogonType',
  LogonProcessName: 'LogonProcessName', AuthenticationPackageName: 'AuthenticationPackageName',
  PackageName: 'AuthenticationPackageName', Status: 'Status', SubStatus: 'SubStatus', FailureReason: 'Reason',
  ProcessName: 'ProcessName', IpAddress: 'IpAddress', WorkstationName: 'WorkstationName',
  Workstation: 'WorkstationName', LmPackageName: 'LmPackageName',
};

/** Events whose XML `Status` is a Kerberos result / 4776 error code, not an NTSTATUS of a logon. */
const STATUS_IS_FAILURE_CODE = new Set([4768, 4769, 4771, 4776]);

/** msobjs.dll Failure Reason tokens as written in 4625 XML (codes.md §4.1). */
const FAILURE_REASONS: Readonly<Record<string, string>> = {
  '%%2304': 'An error occurred during logon', '%%2305': 'The specified user account has expired',
  '%%2306': 'The NetLogon component is not active', '%%2307': 'Account locked out',
  '%%2308': 'The user has not been granted the requested logon type at this machine',
  '%%2309': "The specified account's password has expired", '%%2310': 'Account currently disabled',
  '%%2311': 'Account logon time restriction violation', '%%2312': 'User not allowed to logon at this computer',
  '%%2313': 'Unknown user name or bad password',
};

/** Legacy "Logon Failure: Reason:" texts and their event ids (codes.md §3), lower-case, no final period. */
const LEGACY_REASONS: ReadonlyArray<readonly [string, number]> = [
  ['unknown user name or bad password', 529], ['account logon time restriction violation', 530],
  ['account currently disabled', 531], ['the specified user account has expired', 532],
  ['user not allowed to logon at this computer', 533],
  ['the user has not been granted the requested logon type at this machine', 534],
  ["the specified account's password has expired", 535], ['the netlogon component is not active', 536],
  ['an unexpected error occurred during logon', 537], ['an error occurred during logon', 537],
  ['account locked out', 539],
];

/** First lines of event messages; `id` only where the sentence belongs to one event id. */
const MESSAGES: ReadonlyArray<{ readonly re: RegExp; readonly id?: number; readonly reason?: false }> = [
  { re: /^An account failed to log on\b/i, id: 4625, reason: false },
  { re: /^An account was successfully logged on\b/i, id: 4624 },
  { re: /^A logon was attempted using explicit credentials\b/i, id: 4648 },
  { re: /^A user account was locked out\b/i, id: 4740 },
  { re: /^Kerberos pre-authentication failed\b/i, id: 4771 },
  { re: /^The computer attempted to validate the credentials for an account\b/i, id: 4776 },
  { re: /^A Kerberos authentication ticket \(TGT\) was requested\b/i, id: 4768 },
  { re: /^A Kerberos service ticket was requested\b/i, id: 4769 },
  { re: /^The security log is now full\b/i, id: 1104 },
  { re: /^Unable to log events to security log\b/i, id: 521 },
  { re: /^The kerberos client received a KRB_AP_ERR_MODIFIED error\b/i, id: 4 },
  { re: /^The audit log was cleared\b/i },
  { re: /^Logon Failure\s*:/i, reason: false },
  { re: /^User Account Locked Out\s*:/i, id: 644 },
  { re: /^Pre-authentication failed\s*:/i, id: 675 },
  { re: /^Logon attempt by\s*:/i, id: 680, reason: false },
  { re: /^The logon to account\s*:/i, id: 681, reason: false },
  { re: /^NTLM (?:client|server) blocked\b/i },
  { re: /^Domain Controller Blocked\b/i },
];

/** Event ids a bare number at the start of a line may stand for ("4625 Status: ..."). */
const KNOWN_IDS = new Set([
  517, 521, 528, 529, 530, 531, 532, 533, 534, 535, 536, 537, 539, 644, 675, 676, 680, 681, 1102, 1104, 4001, 4002,
  4003, 4004, 4005, 4006, 4624, 4625, 4648, 4740, 4768, 4769, 4771, 4776, 8001, 8002, 8003, 8004,
]);

// Get-WinEvent / Get-EventLog property names as Format-List prints them at column 0.
const FL_PROPS = new Set([
  'TimeCreated', 'ProviderName', 'Id', 'EventID', 'EventId', 'Message', 'LevelDisplayName', 'LogName',
  'MachineName', 'RecordId', 'Level', 'Task', 'Opcode', 'Keywords', 'Version', 'Qualifiers', 'ProviderId',
  'ProcessId', 'ThreadId', 'UserId', 'ActivityId', 'RelatedActivityId', 'ContainerLog', 'TaskDisplayName',
  'OpcodeDisplayName', 'KeywordsDisplayNames', 'Properties', 'Bookmark', 'MatchedQueryIds', 'TimeGenerated',
  'TimeWritten', 'Index', 'EntryType', 'InstanceId', 'Category', 'CategoryNumber', 'ReplacementStrings',
  'Source', 'UserName', 'Data', 'Site', 'Container',
]);

const MAX_LABEL_WORDS = 7;
/** Lines without a label after which an event is over (the 4625 explanation paragraph, article prose). */
const MAX_PROSE_LINES = 3;
const MAX_LABEL_WORD = 40;
const MAX_VALUE = 1024;

const FIELD_ORDER: readonly Field[] = [
  'Source', 'Reason', 'TargetUserName', 'TargetDomainName', 'LogonType', 'LogonProcessName',
  'AuthenticationPackageName', 'Status', 'SubStatus', 'FailureCode', 'ProcessName', 'IpAddress',
  'WorkstationName', 'LmPackageName', 'Channel',
];

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type Draft = Partial<Mutable<Omit<EventRecord, 'kind' | 'fields' | 'format'>>>;

interface Hit {
  readonly start: number;
  readonly colon: number;
  readonly label: string;
  readonly key: string;
}

/** Reads Windows event text (Event Viewer copies, XML, Format-List) into event records. Never throws. */
export function readEvents(text: string): EventReadResult {
  const messages: ParseMessage[] = [];
  try {
    const consumed: Array<[number, number]> = [];
    return { events: readAll(typeof text === 'string' ? text : '', messages, consumed), messages, consumed };
  } catch (error) {
    messages.push({ severity: 'warning', ruleId: 'event-log/failed', text: `the event text could not be read (${String(error)})` });
    return { events: [], messages };
  }
}

function readAll(raw: string, messages: ParseMessage[], consumed: Array<[number, number]>): EventRecord[] {
  let text = raw.replace(/\r\n?/g, '\n');
  if (text.length > MAX_EVENT_TEXT) {
    text = text.slice(0, MAX_EVENT_TEXT);
    messages.push({ severity: 'warning', ruleId: 'event-log/truncated', text: `only the first ${MAX_EVENT_TEXT} characters were read for events` });
  }
  const found: Array<{ at: number; record: EventRecord }> = [];
  const xml = readXmlEvents(text, messages);
  for (const item of xml.records) found.push(item);
  consumed.push(...xml.spans.filter(([start]) => xml.records.some((r) => r.at === start)));
  const rest = xml.spans.length > 0 ? blankOut(text, xml.spans) : text;
  const list = readFormatList(rest, messages);
  if (list) for (const item of list) found.push(item);
  else for (const item of readTextEvents(rest, messages)) found.push(item);
  found.sort((a, b) => a.at - b.at);
  if (found.length > MAX_EVENTS) {
    messages.push({ severity: 'warning', ruleId: 'event-log/too-many', text: `${found.length} events were found; only the first ${MAX_EVENTS} were kept` });
  }
  return found.slice(0, MAX_EVENTS).map((item) => item.record);
}

// ---------- shared value helpers ----------

/** NTSTATUS / HRESULT / Kerberos code as `0x` + upper-case hex; decimal (681, Windows 2000 675) converted. */
function toCode(value: string): string | undefined {
  const token = /^(0x[0-9a-f]{1,8}|-?\d{1,11})\b/i.exec(value.trim())?.[1];
  if (!token) return undefined;
  if (/^0x/i.test(token)) return normalizeHex(token);
  const n = toUint32(token);
  return n === undefined ? undefined : normalizeHex(n.toString(16));
}

function clean(value: string): string | undefined {
  const v = value.trim();
  return v === '' || v === '-' ? undefined : v;
}

/** "Account locked out." and "Pre-authentication failed:" compare without their final mark. */
function withoutPeriod(value: string): string {
  return value.trim().replace(/(?<![.:])[.:]+$/, '').trim();
}

/** Puts one value into the draft; `overwrite` is for account slots where the later one is the target. */
function assign(draft: Draft, field: Field, raw: string, overwrite = false): void {
  const value = clean(raw);
  if (value === undefined || (!overwrite && draft[field] !== undefined)) return;
  switch (field) {
    case 'EventID': {
      const id = /^\d{1,5}\b/.exec(value)?.[0];
      if (id) draft.EventID = Number(id);
      return;
    }
    case 'LogonType': {
      const n = /^\d{1,2}\b/.exec(value)?.[0];
      if (n) draft.LogonType = Number(n);
      return;
    }
    case 'Status':
    case 'SubStatus':
    case 'FailureCode': {
      const code = toCode(value);
      if (code) draft[field] = code;
      return;
    }
    case 'Reason':
      draft.Reason = withoutPeriod(own(FAILURE_REASONS, value) ?? value);
      return;
    case 'WorkstationName':
      // 681 prints "from workstation: X failed."
      draft.WorkstationName = value.replace(/(?<!\s)\s+failed\.?$/i, '');
      return;
    default:
      draft[field] = value.slice(0, MAX_VALUE);
  }
}

function legacyIdFor(reason: string | undefined): number | undefined {
  if (!reason) return undefined;
  const r = withoutPeriod(reason).toLowerCase().replace(/’/g, "'");
  return LEGACY_REASONS.find(([text]) => r === text || r.startsWith(text))?.[1];
}

/** Builds the record, dropping empty fields so records compare cleanly. */
function finish(draft: Draft, format: EventRecord['format'], fields: Record<string, string>): EventRecord {
  if (draft.TargetUserName && !draft.TargetDomainName) {
    // A typed "CONTOSO\webanon" carries the domain too.
    const m = /^([^\\\s]+)\\([^\\\s]+)$/.exec(draft.TargetUserName);
    if (m?.[1] && m[2]) {
      draft.TargetDomainName = m[1];
      draft.TargetUserName = m[2];
    }
  }
  const record: Record<string, unknown> = { kind: 'event', EventID: draft.EventID, format };
  for (const key of FIELD_ORDER) record[key] = draft[key];
  for (const key of Object.keys(record)) if (record[key] === undefined) delete record[key];
  record.fields = fields;
  return record as unknown as EventRecord;
}

/** The text with the XML events blanked out, same length, so offsets still order the records. */
function blankOut(text: string, spans: ReadonlyArray<readonly [number, number]>): string {
  let out = '';
  let at = 0;
  for (const [start, end] of spans) {
    out += text.slice(at, start) + text.slice(start, end).replace(/[^\n]/g, ' ');
    at = end;
  }
  return out + text.slice(at);
}

// ---------- XML view ----------


function readXmlEvents(
  text: string,
  messages: ParseMessage[],
): { records: Array<{ at: number; record: EventRecord }>; spans: Array<[number, number]> } {
  const records: Array<{ at: number; record: EventRecord }> = [];
  if (!text.includes('<EventID')) return { records, spans: [] };
  const spans = xmlEventSpans(text, MAX_EVENTS);
  for (const [start, end] of spans) {
    const chunk = text.slice(start, end);
    // Failed Request Tracing events are read by the FREB reader.
    if (chunk.includes('Name="WWW Server"')) continue;
    const record = xmlRecord(chunk);
    if (record) records.push({ at: start, record });
    else messages.push({ severity: 'info', ruleId: 'event-log/xml-without-id', text: 'an XML <Event> without an <EventID> was skipped' });
  }
  return { records, spans };
}

function xmlRecord(chunk: string): EventRecord | undefined {
  const id = /<EventID\b[^<>]*>\s*(\d{1,5})\s*<\/EventID>/.exec(chunk)?.[1];
  if (!id) return undefined;
  const draft: Draft = { EventID: Number(id) };
  const fields: Record<string, string> = {};
  const providerAt = chunk.indexOf('<Provider');
  if (providerAt !== -1) {
    const tag = chunk.slice(providerAt, providerAt + 400);
    const name = /^<Provider\s(?:[^>]*\s)?Name\s*=\s*["']([^"']*)["']/.exec(tag)?.[1];
    if (name) draft.Source = decodeXml(name);
  }
  for (const element of ['Channel', 'Computer']) {
    const value = new RegExp(`<${element}>([^<]*)</${element}>`).exec(chunk)?.[1];
    if (value) fields[element] = decodeXml(value);
  }
  if (fields.Channel) assign(draft, 'Channel', fields.Channel);
  for (const [name, value] of xmlData(chunk)) {
    fields[name] = value;
    let slot = own(XML_FIELDS, name);
    if (slot === 'Status' && STATUS_IS_FAILURE_CODE.has(draft.EventID ?? 0)) slot = 'FailureCode';
    // 4740 keeps the caller computer in TargetDomainName (codes.md §4.3).
    if (slot === 'TargetDomainName' && draft.EventID === 4740) slot = 'WorkstationName';
    if (slot) assign(draft, slot, value);
  }
  return finish(draft, 'xml', fields);
}

// ---------- Format-List (PowerShell) ----------

function readFormatList(text: string, messages: ParseMessage[]): Array<{ at: number; record: EventRecord }> | undefined {
  if (!/^(?:Id|EventI[Dd])[ \t]*:[ \t]*\d/m.test(text) || !/^Message[ \t]*:/m.test(text)) return undefined;
  const out: Array<{ at: number; record: EventRecord }> = [];
  let props = new Map<string, string>();
  let message: string[] = [];
  let inMessage = false;
  let at = 0;
  const flush = (): void => {
    if (props.size > 0) {
      const record = formatListRecord(props, message.join('\n'), messages);
      if (record) out.push({ at, record });
    }
    props = new Map();
    message = [];
    inMessage = false;
  };
  let offset = 0;
  for (const line of text.split('\n')) {
    const m = /^([A-Z]{2,24})[ \t]*:(?:[ \t](.*))?$/i.exec(line.slice(0, MAX_VALUE * 4));
    if (m?.[1] && FL_PROPS.has(m[1])) {
      if (props.has(m[1])) flush();
      if (props.size === 0) at = offset;
      props.set(m[1], (m[2] ?? '').trim());
      inMessage = m[1] === 'Message';
      if (inMessage) message.push((m[2] ?? '').trim());
    } else if (inMessage) {
      message.push(line);
    }
    offset += line.length + 1;
  }
  flush();
  return out;
}

function formatListRecord(props: Map<string, string>, message: string, messages: ParseMessage[]): EventRecord | undefined {
  const rawId = props.get('Id') ?? props.get('EventID') ?? props.get('EventId');
  const instance = Number(props.get('InstanceId'));
  const id = rawId && /^\d{1,5}$/.test(rawId) ? Number(rawId) : instance > 0 && instance < 65536 ? instance : undefined;
  const source = props.get('ProviderName') ?? props.get('Source');
  const log = props.get('LogName') ?? props.get('ContainerLog');
  // An event whose message has no labels we know (an Application-log event) is still an event: its id,
  // provider and log say what it is not.
  const record = textRecord(message, 'format-list', messages, id) ?? (id === undefined ? undefined : finish({ EventID: id }, 'format-list', {}));
  if (!record) return undefined;
  return { ...record, ...(source && !record.Source ? { Source: source } : {}), ...(log && !record.Channel ? { Channel: log } : {}) };
}

// ---------- Event Viewer text ----------

function indexOrEnd(text: string, needle: string, from: number): number {
  const at = text.indexOf(needle, from);
  return at === -1 ? text.length : at;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 0xa0;
}

function isBreak(c: number): boolean {
  return isSpace(c) || c === 58; // ':'
}

/** The known label that ends at this colon, longest first ("Sub Status" over "Status"). */
function labelBefore(text: string, colon: number): Hit | undefined {
  let end = colon;
  while (end > 0 && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
  let pos = end;
  let best: Hit | undefined;
  for (let w = 0; w < MAX_LABEL_WORDS; w++) {
    let start = pos;
    while (start > 0 && pos - start <= MAX_LABEL_WORD && !isBreak(text.charCodeAt(start - 1))) start--;
    if (start === pos || pos - start > MAX_LABEL_WORD) break;
    const label = text.slice(start, end).replace(/\s+/g, ' ');
    const key = label.toLowerCase();
    if (own(LABELS, key) !== undefined) best = { start, colon, label, key };
    let p = start;
    let newlines = 0;
    while (p > 0 && isSpace(text.charCodeAt(p - 1))) {
      if (text[p - 1] === '\n') newlines++;
      p--;
    }
    // A label may wrap once ("Advapi Authentication\nPackage:"), never across a blank line or a colon.
    if (p === 0 || newlines > 1 || text[p - 1] === ':') break;
    pos = p;
  }
  return best;
}

function findLabels(text: string): Hit[] {
  const hits: Hit[] = [];
  for (let i = text.indexOf(':'); i !== -1; i = text.indexOf(':', i + 1)) {
    const hit = labelBefore(text, i);
    if (hit) hits.push(hit);
  }
  return hits;
}

type Message = (typeof MESSAGES)[number];

/** How many of an event's own labels ("Failure Reason:", "Logon Type:") a line holds. */
export function eventLabelCount(line: string): number {
  return findLabels(line.slice(0, 4096)).length;
}

/** True for the fixed first sentence Windows writes for a known event ("An account failed to log on."). */
export function isEventMessage(line: string): boolean {
  return messageAt(line.slice(0, 4096)) !== undefined;
}

function messageAt(line: string): { sig: Message; text: string } | undefined {
  const body = line.trim().replace(/^(?:Description|Message)[ \t]*:[ \t]*/i, '');
  const sig = MESSAGES.find((m) => m.re.test(body));
  return sig ? { sig, text: body } : undefined;
}

/** Where each event starts: a header (0), an id (1) or a message's first line (2). */
function anchors(text: string): Array<{ at: number; rank: number }> {
  const out: Array<{ at: number; rank: number }> = [];
  let offset = 0;
  for (const full of text.split('\n')) {
    const line = full.slice(0, 4096);
    if (/^\s*(?:Event Type|Log Name)[ \t]*:/i.test(line)) out.push({ at: offset, rank: 0 });
    else if (/\bEvent ?ID\b(?:[ \t]*[:#])?[ \t]*\d/i.test(line)) out.push({ at: offset, rank: 1 });
    else if (shortId(line) !== undefined) out.push({ at: offset, rank: 1 });
    else if (messageAt(line)) out.push({ at: offset, rank: 2 });
    offset += full.length + 1;
  }
  return out;
}

/** "4625 Status: 0xC000006E ..." — a known id opening a line of labels. */
function shortId(line: string): number | undefined {
  const m = /^\s*(\d{3,4})(?:[ \t]*[:.,-])?[ \t]+[A-Z]/i.exec(line);
  const id = Number(m?.[1]);
  if (!m || !KNOWN_IDS.has(id)) return undefined;
  return findLabels(line).length > 0 ? id : undefined;
}

function readTextEvents(text: string, messages: ParseMessage[]): Array<{ at: number; record: EventRecord }> {
  const starts: number[] = [];
  let rank = Number.POSITIVE_INFINITY;
  for (const a of anchors(text)) {
    if (a.rank <= rank) starts.push(a.at);
    rank = a.rank;
  }
  const out: Array<{ at: number; record: EventRecord }> = [];
  if (starts.length === 0) {
    // A fragment of labels with no id and no message line ("Status: ... Sub Status: ...").
    const strong = new Set(findLabels(text).map((h) => h.key).filter((k) => STRONG.has(k)));
    if (strong.size >= 2) {
      const record = textRecord(text, undefined, messages);
      if (record) out.push({ at: 0, record });
    }
    return out;
  }
  for (let i = 0; i < starts.length && out.length <= MAX_EVENTS; i++) {
    const at = starts[i] ?? 0;
    const record = textRecord(withoutTrailingProse(text.slice(at, starts[i + 1] ?? text.length)), undefined, messages);
    if (record) out.push({ at, record });
  }
  return out;
}

/** Lines of prose after an event (an article around a quoted event) are not part of it. */
function withoutTrailingProse(block: string): string {
  const lines = block.split('\n');
  let kept = 0;
  let plain = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.trim() === '') continue;
    if (findLabels(line).length > 0 || messageAt(line)) {
      kept = i + 1;
      plain = 0;
    } else if (++plain > MAX_PROSE_LINES) {
      break;
    } else if (i < 2) {
      kept = i + 1;
    }
  }
  return plain > MAX_PROSE_LINES ? lines.slice(0, kept).join('\n') : block;
}

/**
 * One event's text (Event Viewer copy, one squashed line, or a Format-List message) to a record.
 * `format` undefined means: decide from the layout.
 */
function textRecord(
  block: string,
  format: EventRecord['format'] | undefined,
  messages: ParseMessage[],
  givenId?: number,
): EventRecord | undefined {
  const hits = findLabels(block);
  const draft: Draft = {};
  const fields: Record<string, string> = {};
  let section = '';
  let sawContent = false;
  let eol = -1;
  for (let i = 0; i < hits.length; i++) {
    const hit = hits[i] as Hit;
    if (eol < hit.colon) eol = indexOrEnd(block, '\n', hit.colon + 1);
    const end = Math.min(hits[i + 1]?.start ?? block.length, eol);
    const value = block.slice(hit.colon + 1, end).trim().slice(0, MAX_VALUE);
    const slot = own(LABELS, hit.key) ?? null;
    if (slot === 'section') {
      section = hit.key;
      continue;
    }
    if (value !== '') {
      const key = Object.hasOwn(fields, hit.label) ? `${section ? `${titleCase(section)}: ` : ''}${hit.label}` : hit.label;
      fields[Object.hasOwn(fields, key) ? `${key} (${i})` : key] = value;
    }
    if (slot !== 'EventID' && slot !== 'Source' && slot !== 'Channel' && value !== '') sawContent = true;
    if (slot === 'account' || slot === 'domain') {
      if (CALLER_SECTIONS.has(section)) continue;
      assign(draft, slot === 'account' ? 'TargetUserName' : 'TargetDomainName', value, true);
    } else if (slot) {
      assign(draft, slot, value);
    }
  }

  let explicit = draft.EventID ?? givenId;
  if (explicit === undefined) {
    const m = /\bEvent ?ID\b(?:[ \t]*[:#])?[ \t]*(\d{1,5})\b/i.exec(block.slice(0, 4096));
    const short = shortId(block.slice(0, block.indexOf('\n') === -1 ? block.length : block.indexOf('\n')));
    explicit = m?.[1] ? Number(m[1]) : short;
  }

  let messageLine: string | undefined;
  let signature: Message | undefined;
  for (const line of block.split('\n', 400)) {
    const found = messageAt(line) ?? midLineMessage(line);
    if (found) {
      signature = found.sig;
      messageLine = found.text;
      break;
    }
  }
  // An id with its provider or log and nothing else we know (an Application-log event) is still an event: its
  // origin says which event the id is not.
  const placed = draft.EventID !== undefined && (draft.Source !== undefined || draft.Channel !== undefined);
  if (!sawContent && !signature && !placed) return undefined;

  if (signature?.id === 4) kerberosModified(block, draft, fields);
  if (!draft.Reason && signature && signature.reason !== false && messageLine) {
    draft.Reason = withoutPeriod(cutAtLabel(messageLine));
  }

  let id = explicit;
  if (id === undefined && signature?.id !== undefined) {
    id = signature.id;
    messages.push({ severity: 'info', ruleId: 'event-log/id-from-message', text: `event ${id} was recognised from its message text ("${withoutPeriod(cutAtLabel(messageLine ?? ''))}")` });
  }
  if (id === undefined && /\bLogon Failure\s*:/i.test(block)) {
    id = legacyIdFor(draft.Reason);
    if (id !== undefined) {
      messages.push({ severity: 'info', ruleId: 'event-log/id-from-reason', text: `event ${id} was recognised from its reason text ("${draft.Reason ?? ''}")` });
    }
  }
  if (id !== undefined) draft.EventID = id;
  return finish(draft, format ?? layoutOf(block, hits, id), fields);
}

/** "Event ID: 529 Description: Logon Failure: Reason: ..." — a message that starts after a label on one line. */
function midLineMessage(line: string): { sig: Message; text: string } | undefined {
  const at = line.search(/\b(?:Description|Message)[ \t]*:/i);
  return at > 0 ? messageAt(line.slice(at)) : undefined;
}

function cutAtLabel(line: string): string {
  const body = line.trim().replace(/^(?:Description|Message)[ \t]*:[ \t]*/i, '');
  const hits = findLabels(body).filter((h) => h.start > 0);
  const first = hits[0];
  // NTLM lines read "NTLM server blocked audit: Audit Incoming ..." — keep the whole line up to the next label.
  return (first ? body.slice(0, first.start) : body).slice(0, 300).trim();
}

function kerberosModified(block: string, draft: Draft, fields: Record<string, string>): void {
  const flat = block.replace(/\s+/g, ' ');
  draft.Reason = /\b(KRB_AP_ERR_[A-Z_]+)/.exec(flat)?.[1] ?? 'KRB_AP_ERR_MODIFIED';
  const server = /from the server (\S{1,300})/i.exec(flat)?.[1];
  const target = /target name used was (\S{1,300})/i.exec(flat)?.[1];
  if (server) fields.Server = server.replace(/\.$/, '');
  if (target) fields['Target Name'] = target.replace(/\.$/, '');
}

function layoutOf(block: string, hits: readonly Hit[], id: number | undefined): EventRecord['format'] {
  const first = hits[0];
  const last = hits[hits.length - 1];
  if (first && last && hits.length >= 2 && !block.slice(first.start, last.colon).includes('\n')) return 'one-line';
  const legacy = (id !== undefined && id >= 517 && id <= 681) || /^[ \t]*Event Type[ \t]*:/im.test(block);
  return legacy ? 'legacy-text' : 'modern-text';
}

function titleCase(key: string): string {
  return key.replace(/\b[a-z]/g, (c) => c.toUpperCase());
}
