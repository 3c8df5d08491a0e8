import type { NotHttpKind } from '../parse/w3c-fields.js';
import { escapeControls } from '../text/well-formed.js';
import { bucketLabel } from './causes.js';
import { formatBytes, formatCount } from './format.js';
import type { ScanReport, ServerSummary, TopEntry, UnauthorizedBucket } from './types.js';

/** Entries of each top list shown in the terminal (JSON carries more). */
const TERMINAL_TOP = 5;

export { formatBytes, formatCount } from './format.js';

function percent(part: number, whole: number): string {
  return whole === 0 ? '0%' : `${((100 * part) / whole).toFixed(1)}%`;
}

/** `value (count)` pairs; a count that may be over the truth is marked `~`. */
export function formatTop(entries: readonly TopEntry[], limit: number, show: (value: string) => string = (v) => v): string {
  if (entries.length === 0) return '(none logged)';
  return entries
    .slice(0, limit)
    .map((e) => `${show(e.value === '-' ? '- (anonymous/empty)' : e.value)} (${e.error ? '~' : ''}${formatCount(e.count)})`)
    .join(', ');
}

/** What the scan read, in one line. */
export function summaryLine(report: ScanReport): string {
  const files = report.files.length === 1 ? (report.files[0] ?? '') : `${report.files.length} files`;
  const parts = [`${formatCount(report.lines)} lines`, formatBytes(report.bytes), `${formatCount(report.records)} requests`];
  if (report.skipped > 0) parts.push(`${formatCount(report.skipped)} outside --since/--until`);
  if (report.unreadable.count > 0) parts.push(`${formatCount(report.unreadable.count)} unreadable`);
  return `Scanned ${files}: ${parts.join(', ')}`;
}

export function unauthorizedLine(report: ScanReport): string {
  const total = report.challenge + report.failure;
  if (total === 0) return '401s: none';
  return `401s: ${formatCount(total)} - ${formatCount(report.challenge)} normal challenge legs, ${formatCount(report.failure)} real failures`;
}

function table(rows: string[][], rightAligned: ReadonlySet<number>): string[] {
  const widths = rows[0]?.map((_, col) => Math.max(...rows.map((r) => (r[col] ?? '').length))) ?? [];
  return rows.map((row) =>
    row
      .map((cell, col) => (rightAligned.has(col) ? cell.padStart(widths[col] ?? 0) : cell.padEnd(widths[col] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}

function bucketDetail(bucket: UnauthorizedBucket): string[] {
  const out = [`${bucketLabel(bucket)}${bucket.meaning ? ` - ${bucket.meaning}` : ''}`];
  const span = bucket.first ? `, ${bucket.first} .. ${bucket.last ?? bucket.first} UTC` : '';
  out.push(`  ${formatCount(bucket.count)} (${formatCount(bucket.challenge)} challenge, ${formatCount(bucket.failure)} failure)${span}`);
  out.push(`  URLs:    ${formatTop(bucket.topUrls, TERMINAL_TOP)}`);
  out.push(`  users:   ${formatTop(bucket.topUsers, TERMINAL_TOP)}`);
  out.push(`  clients: ${formatTop(bucket.topClients, TERMINAL_TOP)}`);
  if (bucket.cause) out.push(`  likely cause: ${bucket.cause}`);
  return out;
}

/** The most frequent real failure of a server, as `401.1 1326`. */
export function topFailure(server: ServerSummary): string {
  const top = server.failures[0];
  if (!top) return '';
  return `${top.substatus < 0 ? '401' : `401.${top.substatus}`} ${top.win32 < 0 ? '-' : top.win32} (${formatCount(top.count)})`;
}

/** One row per server: which fail, how much, and when they logged. */
function serverTable(servers: readonly ServerSummary[]): string[] {
  const rows = servers.map((s) => [s.name, formatCount(s.files), formatCount(s.records), formatCount(s.unauthorized), formatCount(s.challenge), formatCount(s.failure), topFailure(s), s.first ? `${s.first} .. ${s.last ?? s.first}` : '']);
  return [`Servers: ${servers.length}`, ...table([['Server', 'Files', 'Requests', '401s', 'Challenge', 'Failure', 'Most failures', 'Logged (UTC)'], ...rows], new Set([1, 2, 3, 4, 5])).map((l) => `  ${l}`)];
}

/** The scan as a person reads it in a terminal. */
export function renderScanText(report: ScanReport): string {
  const out: string[] = [summaryLine(report), ''];
  if (report.stopped) out.push(`Stopped at the limit of ${formatBytes(report.stopped.maxBytes)} of log text, in ${report.stopped.file}: the counts below are for what was read before it.`, '');
  const statuses = Object.entries(report.byStatus).sort(([a], [b]) => (a === '-' ? 1 : b === '-' ? -1 : Number(a) - Number(b)));
  if (statuses.length > 0) {
    const total = statuses.reduce((n, [, c]) => n + c, 0);
    out.push(...table([['Status', 'Requests', 'Share'], ...statuses.map(([s, c]) => [s, formatCount(c), percent(c, total)])], new Set([1, 2])), '');
  }
  if (report.notHttp) out.push(`${notHttpLabel(report.notHttp.kinds)} log lines (not HTTP, not counted): ${formatCount(report.notHttp.lines)} in ${report.notHttp.files.join(', ')}`, '');
  if (report.httpErr) out.push(`HTTPERR lines: ${formatCount(report.httpErr.lines)}; s-reason: ${formatTop(report.httpErr.reasons, TERMINAL_TOP)}`, '');
  if (report.servers && report.servers.length > 0) out.push(...serverTable(report.servers), '');
  out.push(unauthorizedLine(report));
  if (report.unauthorized.length > 0) {
    out.push(`(a 401 is a challenge leg when a 2xx/3xx for the same client and URL follows within ${report.window.seconds} s of log time)`, '');
    const rows = report.unauthorized.map((b) => [
      b.substatus < 0 ? '401' : `401.${b.substatus}`,
      b.win32 < 0 ? '-' : String(b.win32),
      b.name ?? '',
      formatCount(b.count),
      formatCount(b.challenge),
      formatCount(b.failure),
    ]);
    out.push(...table([['Status', 'Win32', 'Name', 'Count', 'Challenge', 'Failure'], ...rows], new Set([3, 4, 5])).map((l) => `  ${l}`), '');
    for (const bucket of report.unauthorized) out.push(...bucketDetail(bucket), '');
  }
  if (report.causes.length > 0) {
    out.push(`Likely causes of the ${formatCount(report.failure)} real failures:`);
    report.causes.forEach((cause, i) => {
      out.push('', `${i + 1}. ${cause.title}  [${cause.id}, confidence ${cause.confidence}]`);
      for (const why of cause.why.slice(0, 4)) out.push(`   - ${why}`);
      out.push(`   Article: ${cause.article}`);
    });
    out.push('', 'For the fix steps: iis401 diagnose "<one of the failing lines>"');
  }
  for (const note of report.notes) out.push(`note: ${note}`);
  if (report.unreadable.count > 0) {
    out.push('', `Unreadable lines: ${formatCount(report.unreadable.count)}${report.unreadable.examples.length > 0 ? ', for example:' : ''}`);
    for (const example of report.unreadable.examples) out.push(`  ${example}`);
  }
  for (const warning of report.warnings) out.push(`warning: ${warning}`);
  // Everything above that came from a log (URLs, users, quoted lines) may hold terminal escape bytes.
  return escapeControls(out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd());
}

/** `FTP`, `FTP and SMTP`, `Non-HTTP W3C`: what the logs not counted were. */
function notHttpLabel(kinds: readonly NotHttpKind[]): string {
  const names = kinds.map((k) => (k === 'other' ? 'non-HTTP W3C' : k.toUpperCase()));
  const label = names.length > 0 ? names.join(' and ') : 'Non-HTTP';
  return label.charAt(0).toUpperCase() + label.slice(1);
}
