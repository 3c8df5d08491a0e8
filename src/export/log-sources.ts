// The logs a SIEM holds that iis401's rules can be written for, with the Sigma log source of each and
// the kb fields a record of that log carries. One Sigma rule has one log source, so a kb rule whose
// codes show up in several logs (1909 in a W3C line, 0xC0000234 in a 4625) becomes one Sigma rule each.

export type SourceKey = 'iis-log' | 'httperr-log' | 'windows-security' | 'windows-system' | 'windows-ntlm';

export interface SigmaLogSource {
  readonly category?: string;
  readonly product?: string;
  readonly service?: string;
  readonly definition?: string;
}

export interface LogSourceSpec {
  readonly key: SourceKey;
  /** Shown in titles: "IIS log", "Security log". */
  readonly label: string;
  readonly logsource: SigmaLogSource;
  /** kb record fields this log carries, mapped to the log's own field name. */
  readonly fields: Readonly<Record<string, string>>;
  /** What `record:` in a kb rule names when it means this log. */
  readonly record: string;
  /** Sigma `fields`: what an analyst wants to see next to a hit. */
  readonly display: readonly string[];
}

const W3C_FIELDS = ['sc-status', 'sc-substatus', 'sc-win32-status', 'cs-username', 'cs-uri-stem', 'cs-method', 'c-ip', 's-port', 'cs(User-Agent)', 'time-taken'];
const identity = (names: readonly string[]): Record<string, string> => Object.fromEntries(names.map((n) => [n, n]));

export const LOG_SOURCES: readonly LogSourceSpec[] = [
  {
    key: 'iis-log',
    label: 'IIS log',
    logsource: { category: 'webserver', definition: 'IIS W3C extended log files (u_ex*.log, ex*.log) with their native #Fields names' },
    fields: identity(W3C_FIELDS),
    record: 'iis-log',
    display: ['date', 'time', 's-computername', 's-ip', 'cs-method', 'cs-uri-stem', 'cs-username', 'c-ip', 'sc-status', 'sc-substatus', 'sc-win32-status'],
  },
  {
    key: 'httperr-log',
    label: 'HTTPERR log',
    logsource: { category: 'webserver', definition: 'HTTP.sys error log (%SystemRoot%\\System32\\LogFiles\\HTTPERR\\httperr*.log), native #Fields names' },
    fields: identity(['sc-status', 's-reason', 'c-ip', 's-port', 'cs-method']),
    record: 'httperr-log',
    display: ['date', 'time', 'c-ip', 's-ip', 's-port', 'cs-method', 'cs-uri', 'sc-status', 's-reason', 's-queuename'],
  },
  {
    key: 'windows-security',
    label: 'Security log',
    logsource: { product: 'windows', service: 'security' },
    fields: {
      ...identity(['EventID', 'Status', 'SubStatus', 'TargetUserName', 'TargetDomainName', 'LogonType', 'LogonProcessName', 'AuthenticationPackageName', 'ProcessName', 'IpAddress', 'WorkstationName', 'LmPackageName']),
      // The parser keeps the Kerberos result / 4776 error code apart; in the event XML it is `Status`.
      FailureCode: 'Status',
    },
    record: 'event',
    display: ['EventID', 'Computer', 'TargetUserName', 'TargetDomainName', 'LogonType', 'Status', 'SubStatus', 'FailureReason', 'IpAddress', 'WorkstationName', 'ProcessName', 'AuthenticationPackageName', 'LmPackageName'],
  },
  {
    key: 'windows-system',
    label: 'System log',
    logsource: { product: 'windows', service: 'system' },
    fields: { EventID: 'EventID', Source: 'Provider_Name' },
    record: 'event',
    display: ['EventID', 'Computer', 'Provider_Name', 'Message'],
  },
  {
    key: 'windows-ntlm',
    label: 'NTLM operational log',
    logsource: { product: 'windows', service: 'ntlm' },
    fields: { EventID: 'EventID' },
    record: 'event',
    display: ['EventID', 'Computer', 'Message'],
  },
];

/** The log of a Windows event id: Kerberos client event 4 in System, NTLM blocking/audit in NTLM/Operational. */
export function eventSource(id: number): SourceKey {
  if (id === 4 || id === 10016) return 'windows-system';
  if ((id >= 4001 && id <= 4003) || (id >= 8001 && id <= 8004)) return 'windows-ntlm';
  return 'windows-security';
}

/**
 * Providers that write System event 4 as the Kerberos client's KRB_AP_ERR_MODIFIED: without one of
 * them, event 4 is some other component's (network drivers log an event 4 too).
 */
export const KERBEROS_PROVIDERS = ['Microsoft-Windows-Security-Kerberos', 'Kerberos'] as const;
