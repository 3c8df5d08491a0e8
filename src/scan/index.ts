// Public surface of the log scanner (issue 6). Placeholder signatures: the scan work replaces the bodies.
import type { DiagnosisEngine, RankedCause } from '../diagnose.js';

export interface TopEntry {
  readonly value: string;
  readonly count: number;
}

export interface UnauthorizedBucket {
  readonly substatus: number;
  readonly win32: number;
  /** Decoded name of the Win32 / HRESULT / NTSTATUS code, when known. */
  readonly name?: string;
  readonly count: number;
  /** 401s later followed by a success for the same client and URL (normal challenge legs). */
  readonly challenge: number;
  readonly failure: number;
  readonly topUrls: readonly TopEntry[];
  readonly topUsers: readonly TopEntry[];
  readonly topClients: readonly TopEntry[];
  readonly first?: string;
  readonly last?: string;
}

export interface ScanReport {
  readonly files: readonly string[];
  readonly lines: number;
  readonly bytes: number;
  readonly records: number;
  readonly unreadable: { readonly count: number; readonly examples: readonly string[] };
  readonly byStatus: Readonly<Record<string, number>>;
  readonly unauthorized: readonly UnauthorizedBucket[];
  readonly challenge: number;
  readonly failure: number;
  /** Ranked causes for the real failures, best first. */
  readonly causes: readonly RankedCause[];
}

export interface ScanOptions {
  readonly since?: string;
  readonly until?: string;
}

/** Scans an in-memory log (a file shared in Slack). */
export async function scanBuffer(_data: Buffer, _name: string, _engine: DiagnosisEngine, _options: ScanOptions = {}): Promise<ScanReport> {
  throw new Error('iis401: scan is not implemented yet');
}

/** The report as Slack mrkdwn sections (each under 3,000 characters) plus fallback text. */
export function renderScanSlack(_report: ScanReport): { text: string; sections: string[] } {
  throw new Error('iis401: scan is not implemented yet');
}
