// The one vocabulary of iis401: every reader fills a Symptoms value, and the matcher, the ranker and the
// renderers read only this. Field names are the native ones of each source (W3C fields, event fields,
// IIS error-page labels) so that a rule reads like the log it came from.

/** The kinds of input a paste can hold; one paste may hold several. */
export type InputKind =
  | 'iis-log'
  | 'httperr-log'
  | 'event'
  | 'error-page'
  | 'freb'
  | 'command'
  | 'prose';

/** The IIS generation whose fix steps apply: '6' also covers IIS 5.x. */
export type IisEra = '6' | '7+';

/** One W3C extended log line (or one HTTPERR line), keyed by its `#Fields` names. */
export interface LogRecord {
  readonly kind: 'iis-log' | 'httperr-log';
  /** 1-based line number in the paste. */
  readonly line: number;
  /** Every field as read; `-` values are left out, so a missing key means empty. */
  readonly fields: Readonly<Record<string, string>>;
  readonly 'sc-status'?: number;
  readonly 'sc-substatus'?: number;
  /** Unsigned decimal, as IIS logs it (negative NTSTATUS forms are converted). */
  readonly 'sc-win32-status'?: number;
  readonly 'cs-username'?: string;
  readonly 'cs-uri-stem'?: string;
  readonly 'cs-method'?: string;
  readonly 'c-ip'?: string;
  readonly 's-port'?: number;
  readonly 'cs(User-Agent)'?: string;
  readonly 'time-taken'?: number;
  readonly date?: string;
  readonly time?: string;
  /** HTTPERR only: why HTTP.sys refused or dropped the request. */
  readonly 's-reason'?: string;
  /** How the line was mapped to fields. */
  readonly layout: 'fields-header' | 'iis6-default' | 'iis7-default' | 'iis85-default' | 'triplet' | 'httperr';
  readonly confidence: 'high' | 'medium' | 'low';
}

/** One Windows event, legacy (529-681) or modern (4625, 4740, 4771, 4776, 1104, Kerberos 4 ...). */
export interface EventRecord {
  readonly kind: 'event';
  readonly EventID?: number;
  readonly format: 'legacy-text' | 'modern-text' | 'xml' | 'format-list' | 'one-line';
  readonly Reason?: string;
  /** The account the logon failed for (TargetUserName / "User Name" / "Account Name"). */
  readonly TargetUserName?: string;
  readonly TargetDomainName?: string;
  readonly LogonType?: number;
  readonly LogonProcessName?: string;
  readonly AuthenticationPackageName?: string;
  /** NTSTATUS as `0xC000006D` (upper-case hex digits). */
  readonly Status?: string;
  readonly SubStatus?: string;
  readonly ProcessName?: string;
  readonly IpAddress?: string;
  readonly WorkstationName?: string;
  /** Kerberos failure code (4771 / 4768 / 675) or 4776 error code, as `0x18` / `0xC000006A`. */
  readonly FailureCode?: string;
  readonly LmPackageName?: string;
  /** The provider (XML `Provider Name`, Event Viewer `Source`, Format-List `ProviderName`). */
  readonly Source?: string;
  /** The log it was written to (XML `Channel`, Event Viewer `Log Name`, Format-List `LogName`): Security, System ... */
  readonly Channel?: string;
  /** Every labelled value as read, for display. */
  readonly fields: Readonly<Record<string, string>>;
}

/** An IIS (or HTTP.sys, or browser) error page. */
export interface ErrorPageRecord {
  readonly kind: 'error-page';
  readonly style: 'iis6' | 'iis7-detailed' | 'iis7-custom' | 'httpsys' | 'browser' | 'iis5';
  readonly 'sc-status'?: number;
  readonly 'sc-substatus'?: number;
  readonly Heading?: string;
  readonly Module?: string;
  readonly Notification?: string;
  readonly Handler?: string;
  /** `0x80070005` (upper-case hex digits). */
  readonly ErrorCode?: string;
  readonly RequestedURL?: string;
  readonly PhysicalPath?: string;
  readonly LogonMethod?: string;
  readonly LogonUser?: string;
}

/** The parts of a Failed Request Tracing (fr*.xml) file that matter for a 401. */
export interface TraceRecord {
  readonly kind: 'freb';
  readonly url?: string;
  readonly verb?: string;
  readonly 'sc-status'?: number;
  readonly 'sc-substatus'?: number;
  readonly authenticationType?: string;
  readonly userName?: string;
  readonly remoteUserName?: string;
  readonly tokenUserName?: string;
  readonly appPoolId?: string;
  readonly timeTaken?: number;
  /** Schemes offered or requested (AUTH_REQUEST_AUTH_TYPE / AUTH_START). */
  readonly authTypes: readonly string[];
  /** MODULE_SET_RESPONSE_ERROR_STATUS, the module that set the error. */
  readonly ModuleName?: string;
  readonly Notification?: string;
  readonly ErrorCode?: string;
  /** AUTH_END / AUTH_SUCCEEDED: who got authenticated, if anyone. */
  readonly authenticatedUser?: string;
  readonly events: readonly string[];
}

/** What a slash-command style argument asked for. */
export interface CommandRecord {
  readonly kind: 'command';
  readonly verb: 'diagnose' | 'event' | 'win32' | 'status' | 'code' | 'help' | 'search';
  readonly argument: string;
}

export type SymptomRecord = LogRecord | EventRecord | ErrorPageRecord | TraceRecord;

/** A code seen anywhere in the paste, decoded. */
export interface DecodedCode {
  /** Canonical key, e.g. `win32:1326`, `ntstatus:0xC000006A`, `hresult:0x8009030C`, `event:534`. */
  readonly key: string;
  readonly family: 'win32' | 'ntstatus' | 'hresult' | 'event' | 'substatus' | 'kerberos' | 'status';
  /** As it appeared in the paste. */
  readonly raw: string;
  readonly name?: string;
  readonly meaning?: string;
  readonly known: boolean;
  /** Keys of the same condition in other families (1909 <-> 0xC0000234 <-> event 539). */
  readonly twins: readonly string[];
}

/** Something the parser could not read, or chose to say. Never thrown. */
export interface ParseMessage {
  readonly severity: 'info' | 'warning';
  readonly ruleId: string;
  readonly text: string;
  readonly line?: number;
}

export interface Symptoms {
  readonly kinds: readonly InputKind[];
  readonly requests: readonly LogRecord[];
  readonly events: readonly EventRecord[];
  readonly pages: readonly ErrorPageRecord[];
  readonly traces: readonly TraceRecord[];
  readonly command?: CommandRecord;
  readonly codes: readonly DecodedCode[];
  /** Phrase tags the prose reader recognised (`guests-group`, `reverse-proxy`, ...). */
  readonly tags: readonly string[];
  /** For each tag, the phrase that raised it, so a reason can quote the user. */
  readonly phrases: Readonly<Record<string, string>>;
  /** IIS version as far as the paste tells, with how we know. */
  readonly iis?: { readonly era: IisEra; readonly version?: string; readonly from: string };
  /** The redacted paste, normalised to one space between words. */
  readonly text: string;
  /** The words of the paste that are not log lines or markup, capped: the search query. */
  readonly prose: string;
  /** The admin's own words (src/parse/admin-words.ts), uncapped: what `text` rule conditions read. */
  readonly words?: string;
  readonly redactions: number;
  readonly truncated: boolean;
  /** Byte length of what the user sent, before any cap. */
  readonly inputLength: number;
  readonly messages: readonly ParseMessage[];
}
