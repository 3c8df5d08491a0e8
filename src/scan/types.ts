import type { NotHttpKind } from '../parse/w3c-fields.js';
import type { RankedCause } from '../diagnose.js';
import type { IisEra } from '../symptoms.js';

export interface TopEntry {
  readonly value: string;
  readonly count: number;
  /**
   * Most the count can be above the truth: the lists are kept in bounded memory (Space-Saving), so a
   * value that entered late may carry the count of the one it replaced. Absent when exact.
   */
  readonly error?: number;
}

/** All 401s of one `sc-substatus` x `sc-win32-status` pair. */
export interface UnauthorizedBucket {
  /** -1 when the log has no sc-substatus field (IIS 5, HTTPERR). */
  readonly substatus: number;
  /** Unsigned, as IIS logs it; -1 when the log has no sc-win32-status field (or it is not a number). */
  readonly win32: number;
  /** Decoded name of the Win32 / HRESULT / NTSTATUS code, when known. */
  readonly name?: string;
  /** What the code means, when known. */
  readonly meaning?: string;
  readonly count: number;
  /** 401s later followed by a success for the same client and URL (normal challenge legs). */
  readonly challenge: number;
  readonly failure: number;
  readonly topUrls: readonly TopEntry[];
  readonly topUsers: readonly TopEntry[];
  readonly topClients: readonly TopEntry[];
  /** Earliest and latest `date time` (UTC, as logged). */
  readonly first?: string;
  readonly last?: string;
  /** Id of the most likely cause of this bucket's real failures, when one was found. */
  readonly cause?: string;
}

/** One server of a fleet's log share: its folder under the scanned root, or its s-computername. */
export interface ServerSummary {
  readonly name: string;
  readonly files: number;
  readonly records: number;
  readonly byStatus: Readonly<Record<string, number>>;
  /** All 401s, and how the challenge window read them. */
  readonly unauthorized: number;
  readonly challenge: number;
  readonly failure: number;
  /** Its real failures by `substatus win32` (`1 1326`), most first (at most TOP_SHOWN). */
  readonly failures: ReadonlyArray<{ readonly substatus: number; readonly win32: number; readonly count: number }>;
  /** Earliest and latest log time of its lines (UTC, as logged), when logged. */
  readonly first?: string;
  readonly last?: string;
}

export interface ScanReport {
  readonly files: readonly string[];
  /** Every line read, directives and blank lines included. */
  readonly lines: number;
  /** Bytes of log text read (after decompression). */
  readonly bytes: number;
  /** Request lines counted (inside --since / --until). */
  readonly records: number;
  /** Request lines left out by --since / --until. */
  readonly skipped: number;
  readonly unreadable: { readonly count: number; readonly examples: readonly string[] };
  /** Status code -> count; `-` counts HTTPERR lines without a status (dropped connections). */
  readonly byStatus: Readonly<Record<string, number>>;
  /** One entry per 401 sub-status x Win32 code pair, most frequent first. */
  readonly unauthorized: readonly UnauthorizedBucket[];
  readonly challenge: number;
  readonly failure: number;
  /** Ranked causes for the real failures, best first. */
  readonly causes: readonly RankedCause[];
  /** HTTPERR (HTTP.sys) lines and their most frequent s-reason values, when any were read. */
  readonly httpErr?: { readonly lines: number; readonly reasons: readonly TopEntry[] };
  /** IIS version from the first `#Software:` directive that names one. */
  readonly iis?: { readonly era: IisEra; readonly version?: string; readonly from: string };
  /** How long a 401 waited for its success before counting as a failure (see src/scan/challenge.ts). */
  readonly window: { readonly seconds: number; readonly lines: number; readonly maxPending: number };
  /**
   * Present when the scan stopped at its limit on bytes of log text (after decompression): the file it
   * stopped in; the lines after that point and any later files were not read.
   */
  readonly stopped?: { readonly maxBytes: number; readonly file: string };
  /**
   * Per server, when the inputs name servers (a fleet's log share: ROOT\\WEB01\\W3SVC1\\u_ex*.log, or
   * s-computername logged), in the order first met.
   */
  readonly servers?: readonly ServerSummary[];
  /**
   * Lines of logs met in the inputs that are W3C but not HTTP request logs (FTP, SMTP, a #Fields naming no
   * HTTP field): recognised and reported, not counted as requests. `kind` is the first kind met, `kinds` all.
   */
  readonly notHttp?: { readonly kind: NotHttpKind; readonly kinds: readonly NotHttpKind[]; readonly lines: number; readonly files: readonly string[] };
  /** Problems with the input that did not stop the scan (a gzip file cut short, a #Fields without sc-status). */
  readonly warnings: readonly string[];
  /** Notes about the causes (none found, or the knowledge base could not be used). */
  readonly notes: readonly string[];
}

export interface ScanOptions {
  /** ISO date or date-time; the log's date + time (UTC) must be at or after it. */
  readonly since?: string;
  /** ISO date (the whole day) or date-time; the log's date + time (UTC) must be at or before it. */
  readonly until?: string;
  /**
   * Most bytes of log text to read, after decompression, over all inputs (a gzip bomb stops here).
   * scanInputs (the CLI) reads without limit by default; scanBuffer (the bot) stops at BOT_MAX_BYTES.
   */
  readonly maxBytes?: number;
}

/** A few raw lines of one bucket with the directives that name their fields: what gets diagnosed. */
export interface BucketSample {
  readonly header: string;
  readonly line: string;
}

/** The scan before its causes are diagnosed. */
export interface ScanTally {
  readonly report: Omit<ScanReport, 'causes' | 'notes'>;
  /** Keyed `substatus win32`, as in the report's buckets. */
  readonly samples: ReadonlyMap<string, readonly BucketSample[]>;
}
