import { bucketLabel } from '../scan/causes.js';
import type { ScanReport } from '../scan/types.js';

/** A table for Slack's table block: a header row and data rows of plain text. */
export interface ScanTable {
  readonly header: readonly string[];
  readonly rows: ReadonlyArray<readonly string[]>;
  /** Rows left out (Slack shows at most 100; a thread pane far fewer). */
  readonly more: number;
}

/** Rows of the 401 summary shown in Slack; the rest is counted. */
export const SCAN_TABLE_ROWS = 15;

/** The scan's 401 code pairs as a table: code, count, challenge legs, real failures. */
export function scanTable(report: Pick<ScanReport, 'unauthorized'>): ScanTable | undefined {
  if (report.unauthorized.length === 0) return undefined;
  const count = (n: number): string => n.toLocaleString('en-US');
  return {
    header: ['401 code', 'count', 'challenge', 'failure'],
    rows: report.unauthorized.slice(0, SCAN_TABLE_ROWS).map((b) => [bucketLabel(b), count(b.count), count(b.challenge), count(b.failure)]),
    more: Math.max(0, report.unauthorized.length - SCAN_TABLE_ROWS),
  };
}
