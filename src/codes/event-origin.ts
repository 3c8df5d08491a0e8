// An event id names an event only together with its provider: 4625 from Microsoft-Windows-Security-Auditing
// is a failed logon, 4625 from EventSystem (Application log) is a COM+ event that has nothing to do with one.
// When a paste shows the provider or the log and neither is the one the id belongs to, the id is not read
// as that event; when it shows neither (most pastes), the id is taken as the event we know.

interface Origin {
  /** Provider names, lower-case, without the `Microsoft-Windows-` prefix. */
  readonly providers: readonly string[];
  /** Log (channel) names, lower-case. */
  readonly logs: readonly string[];
}

const SECURITY: Origin = { providers: ['security-auditing', 'security'], logs: ['security'] };
const LOG_SERVICE: Origin = { providers: ['eventlog', 'security-auditing', 'security'], logs: ['security', 'system'] };
const NETLOGON: Origin = { providers: ['netlogon'], logs: ['system'] };
const KDC: Origin = { providers: ['kdc', 'kerberos-key-distribution-center'], logs: ['system'] };
const KERBEROS_CLIENT: Origin = { providers: ['kerberos', 'security-kerberos'], logs: ['system'] };
const DCOM: Origin = { providers: ['dcom', 'distributedcom'], logs: ['system'] };
const W3SVC: Origin = { providers: ['w3svc', 'iis-w3svc'], logs: ['system'] };
const WAS: Origin = { providers: ['was'], logs: ['system'] };
const NTLM: Origin = { providers: ['ntlm', 'security-netlogon', 'netlogon'], logs: ['microsoft-windows-ntlm/operational', 'system'] };

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** Where each event id of src/codes/tables.ts EVENTS is written (codes.md §3-§4, the KDC / Netlogon event pages). */
const ORIGINS: ReadonlyMap<number, Origin> = new Map<number, Origin>([
  ...[...range(528, 539), 644, 675, 676, 680, 681, 517, 521].map((id) => [id, SECURITY] as const),
  ...[4624, 4625, 4648, 4725, 4740, 4768, 4769, 4771, 4776].map((id) => [id, SECURITY] as const),
  [1102, LOG_SERVICE], [1104, LOG_SERVICE],
  ...[5719, 3210, 5816, 5817, 5818, 5819].map((id) => [id, NETLOGON] as const),
  [11, KDC], [31, KDC], [4, KERBEROS_CLIENT],
  [10016, DCOM], [10004, DCOM], [36, W3SVC], [5021, WAS], [5057, WAS],
  ...[...range(4001, 4006), ...range(8001, 8004)].map((id) => [id, NTLM] as const),
]);

const bare = (name: string): string => name.trim().toLowerCase().replace(/^microsoft-windows-/, '');

/**
 * False when the event's provider or log is known and is not where this id is written; true otherwise
 * (an id we hold no origin for, or a paste that shows neither).
 */
export function eventOriginFits(id: number | undefined, source?: string, channel?: string): boolean {
  const origin = id === undefined ? undefined : ORIGINS.get(id);
  if (!origin) return true;
  if (source !== undefined && source.trim() !== '' && !origin.providers.includes(bare(source))) return false;
  if (channel !== undefined && channel.trim() !== '' && !origin.logs.includes(channel.trim().toLowerCase())) return false;
  return true;
}
