import type { Rule } from '../../src/kb/schema.js';
import { toFacts } from '../../src/match/facts.js';
import { ruleHolds } from '../../src/match/match.js';
import { parse } from '../../src/parse/index.js';
import type { EventRecord, LogRecord, Symptoms } from '../../src/symptoms.js';
import type { EventFields } from './evaluate.js';

// What a SIEM holds for a parsed record: the W3C line's fields as written, or the event's fields by
// their XML names; and whether a kb rule holds on that record alone (no prose, no other lines).

export type LogRecordKind = 'iis-log' | 'httperr-log' | 'windows-security' | 'windows-system' | 'windows-ntlm';

export interface SiemRecord {
  readonly source: LogRecordKind;
  readonly fields: EventFields;
  readonly record: LogRecord | EventRecord;
}

/** The log an event id is written to, restated from the Windows logs, not imported from src/export. */
function eventLog(id: number | undefined): LogRecordKind {
  if (id === 4 || id === 10016) return 'windows-system';
  if (id !== undefined && ((id >= 4001 && id <= 4003) || (id >= 8001 && id <= 8004))) return 'windows-ntlm';
  return 'windows-security';
}

function eventFields(event: EventRecord): EventFields {
  const fields: Record<string, string | undefined> = {
    EventID: event.EventID === undefined ? undefined : String(event.EventID),
    // The parser keeps 4768 / 4769 / 4771 / 4776 codes as FailureCode; the event XML calls it Status.
    Status: event.Status ?? event.FailureCode,
    SubStatus: event.SubStatus,
    TargetUserName: event.TargetUserName,
    TargetDomainName: event.TargetDomainName,
    LogonType: event.LogonType === undefined ? undefined : String(event.LogonType),
    LogonProcessName: event.LogonProcessName,
    AuthenticationPackageName: event.AuthenticationPackageName,
    ProcessName: event.ProcessName,
    IpAddress: event.IpAddress,
    WorkstationName: event.WorkstationName,
    LmPackageName: event.LmPackageName,
    Provider_Name: event.Source,
  };
  return fields;
}

/** Every W3C / HTTPERR line and every event of a paste, as a SIEM would index it. */
export function siemRecords(symptoms: Symptoms): SiemRecord[] {
  return [
    // A status triplet typed in a sentence ("the log says 401 1 1326") is not a line a SIEM indexes.
    ...symptoms.requests.filter((r) => r.layout !== 'triplet' || r.date !== undefined).map((r) => ({ source: r.kind, fields: { ...r.fields }, record: r })),
    ...symptoms.events.map((e) => ({ source: eventLog(e.EventID), fields: eventFields(e), record: e })),
  ];
}

/**
 * Records where the export is narrower than the kb on purpose: System event 4 counts only from the
 * Kerberos provider (network drivers log an event 4 too), and a pasted message line names none.
 */
export function narrowerOnPurpose(record: SiemRecord): boolean {
  return record.source === 'windows-system' && record.fields.Provider_Name === undefined;
}

/** Whether a kb rule holds on this one record, read by the project's own matcher. */
export function kbHoldsOn(rule: Rule, record: LogRecord | EventRecord, from: Symptoms): boolean {
  const alone: Symptoms = {
    ...from,
    requests: record.kind === 'event' ? [] : [record],
    events: record.kind === 'event' ? [record] : [],
    pages: [],
    traces: [],
    codes: [],
    tags: [],
    text: '',
    prose: '',
  };
  return toFacts(alone).facts.some((f) => !f.wholePaste && ruleHolds(rule, f));
}

export { parse };

const w3cLine = (triplet: string): string => `2024-03-01 10:00:00 10.0.0.5 GET /app/ - 80 - 10.0.0.9 Mozilla/5.0 - ${triplet} 15`;

/**
 * A sample written as prose or a bare code ("win32 1909", "401.4") holds no log record; these are
 * its codes as a log writes them (a W3C line, a 4625 or a Kerberos event), for the parser to read.
 */
export function logTextsFor(key: string): string[] {
  const [family = '', value = ''] = key.split(':');
  const [status = '', sub = '0'] = value.split('.');
  switch (family) {
    case 'substatus':
    case 'status':
      return [w3cLine(`${status} ${sub} 0`)];
    case 'win32':
      return [w3cLine(`401 1 ${value}`)];
    case 'hresult':
    case 'ntstatus':
      return [w3cLine(`401 1 ${Number.parseInt(value.slice(2), 16)}`), `An account failed to log on.\nEvent ID: 4625\nAccount Name: jdoe\nStatus: ${value}\nSub Status: 0x0`];
    case 'kerberos':
      return [`Event ID: 4771\nAccount Name: jdoe\nFailure Code: ${value}`];
    case 'event':
      return [`Event ID: ${value}\nAccount Name: jdoe`];
    default:
      return [];
  }
}
