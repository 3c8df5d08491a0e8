// Two threads' parts of one scan (src/scan/parallel.ts) as the one tally a single pass would give. Counts
// add up exactly; each top list is a Space-Saving summary, and two summaries merge by giving a value
// missing from one side that side's least count, as error (Agarwal et al., "Mergeable summaries", 2012).
import { MAX_EXAMPLES, MAX_WARNINGS, SAMPLES_PER_BUCKET, TOP_SHOWN } from './tally.js';
import type { ScanPart } from './tally.js';
import type { BucketSample, ScanReport, ScanTally, ServerSummary, TopEntry, UnauthorizedBucket } from './types.js';

/** Where the second part begins inside a file that the first part began: its line numbers go on from there. */
export interface SplitPoint {
  readonly file: string;
  /** Lines of that file read by the first part. */
  readonly linesBefore: number;
}

function mergeTop(a: readonly TopEntry[], aLeast: number, b: readonly TopEntry[], bLeast: number, shown: number): TopEntry[] {
  const merged = new Map<string, { count: number; error: number }>();
  for (const e of a) merged.set(e.value, { count: e.count + bLeast, error: (e.error ?? 0) + bLeast });
  for (const e of b) {
    const seen = merged.get(e.value);
    if (seen) {
      seen.count += e.count - bLeast;
      seen.error += (e.error ?? 0) - bLeast;
    } else merged.set(e.value, { count: e.count + aLeast, error: (e.error ?? 0) + aLeast });
  }
  return [...merged]
    .map(([value, { count, error }]) => (error > 0 ? { value, count, error } : { value, count }))
    .sort((x, y) => y.count - x.count || (x.value < y.value ? -1 : x.value > y.value ? 1 : 0))
    .slice(0, shown);
}

function addCounts(a: Readonly<Record<string, number>>, b: Readonly<Record<string, number>>): Record<string, number> {
  const sum: Record<string, number> = { ...a };
  for (const [key, n] of Object.entries(b)) sum[key] = (sum[key] ?? 0) + n;
  return sum;
}

/** byStatus in the order a single pass writes it: statuses ascending, then `-`. */
function statusOrder(counts: Record<string, number>): Record<string, number> {
  const ordered: Record<string, number> = {};
  for (const key of Object.keys(counts).filter((k) => k !== '-').sort((x, y) => Number(x) - Number(y))) ordered[key] = counts[key] ?? 0;
  if (counts['-'] !== undefined) ordered['-'] = counts['-'];
  return ordered;
}

const NONE = [0, 0, 0] as const;

function mergeBuckets(a: ScanPart, b: ScanPart): UnauthorizedBucket[] {
  const key = (u: UnauthorizedBucket): string => `${u.substatus} ${u.win32}`;
  const theirs = new Map(b.tally.report.unauthorized.map((u) => [key(u), u]));
  const merged: UnauthorizedBucket[] = [];
  const one = (u: UnauthorizedBucket): UnauthorizedBucket => ({
    ...u,
    topUrls: u.topUrls.slice(0, TOP_SHOWN),
    topUsers: u.topUsers.slice(0, TOP_SHOWN),
    topClients: u.topClients.slice(0, TOP_SHOWN),
  });
  for (const u of a.tally.report.unauthorized) {
    const v = theirs.get(key(u));
    if (!v) {
      merged.push(one(u));
      continue;
    }
    theirs.delete(key(u));
    const [au, aus, ac] = a.least[key(u)] ?? NONE;
    const [bu, bus, bc] = b.least[key(u)] ?? NONE;
    const first = u.first !== undefined && v.first !== undefined ? (u.first < v.first ? u.first : v.first) : (u.first ?? v.first);
    const last = u.last !== undefined && v.last !== undefined ? (u.last > v.last ? u.last : v.last) : (u.last ?? v.last);
    merged.push({
      ...u,
      count: u.count + v.count,
      challenge: u.challenge + v.challenge,
      failure: u.failure + v.failure,
      topUrls: mergeTop(u.topUrls, au, v.topUrls, bu, TOP_SHOWN),
      topUsers: mergeTop(u.topUsers, aus, v.topUsers, bus, TOP_SHOWN),
      topClients: mergeTop(u.topClients, ac, v.topClients, bc, TOP_SHOWN),
      ...(first !== undefined ? { first } : {}),
      ...(last !== undefined ? { last } : {}),
    });
  }
  merged.push(...[...theirs.values()].map(one));
  return merged.sort((x, y) => y.count - x.count || x.substatus - y.substatus || x.win32 - y.win32);
}

function mergeServers(a: readonly ServerSummary[], b: readonly ServerSummary[], split: SplitPoint | undefined): ServerSummary[] {
  const byName = new Map(a.map((s) => [s.name, s]));
  for (const t of b) {
    const s = byName.get(t.name);
    if (!s) {
      byName.set(t.name, t);
      continue;
    }
    const failures = new Map<string, { substatus: number; win32: number; count: number }>();
    for (const f of [...s.failures, ...t.failures]) {
      const k = `${f.substatus} ${f.win32}`;
      const seen = failures.get(k);
      if (seen) seen.count += f.count;
      else failures.set(k, { ...f });
    }
    const first = s.first === undefined ? t.first : t.first === undefined || s.first < t.first ? s.first : t.first;
    const last = s.last === undefined ? t.last : t.last === undefined || s.last > t.last ? s.last : t.last;
    byName.set(t.name, {
      name: t.name,
      // The file split between the parts is one file of its server, not two.
      files: s.files + t.files - (split ? 1 : 0),
      records: s.records + t.records,
      byStatus: statusOrder(addCounts(s.byStatus, t.byStatus)),
      unauthorized: s.unauthorized + t.unauthorized,
      challenge: s.challenge + t.challenge,
      failure: s.failure + t.failure,
      failures: [...failures.values()].sort((x, y) => y.count - x.count || x.substatus - y.substatus || x.win32 - y.win32).slice(0, TOP_SHOWN),
      ...(first !== undefined && last !== undefined ? { first, last } : {}),
    });
  }
  return [...byName.values()].map((s) => ({ ...s, failures: s.failures.slice(0, TOP_SHOWN) }));
}

/** `file:line: text` of the second part, its line counted from the start of the file. */
function relocate(located: string, split: SplitPoint | undefined): string {
  if (!split || !located.startsWith(`${split.file}:`)) return located;
  const rest = located.slice(split.file.length + 1);
  const match = /^(\d{1,15}): /.exec(rest);
  if (!match) return located;
  return `${split.file}:${Number(match[1]) + split.linesBefore}: ${rest.slice(match[0].length)}`;
}

function mergeSamples(a: ScanTally['samples'], b: ScanTally['samples']): Map<string, BucketSample[]> {
  const samples = new Map<string, BucketSample[]>();
  for (const [key, list] of a) samples.set(key, [...list]);
  for (const [key, list] of b) samples.set(key, [...(samples.get(key) ?? []), ...list].slice(0, SAMPLES_PER_BUCKET));
  return samples;
}

/** The first part's tally followed by the second's, as one. */
export function mergeParts(a: ScanPart, b: ScanPart, split?: SplitPoint): ScanTally {
  const x = a.tally.report;
  const y = b.tally.report;
  const unauthorized = mergeBuckets(a, b);
  const httpErr = x.httpErr && y.httpErr ? { lines: x.httpErr.lines + y.httpErr.lines, reasons: mergeTop(x.httpErr.reasons, a.reasonsLeast, y.httpErr.reasons, b.reasonsLeast, TOP_SHOWN) } : (x.httpErr ?? y.httpErr);
  const servers = mergeServers(x.servers ?? [], y.servers ?? [], split);
  const notHttp = x.notHttp && y.notHttp ? { kind: x.notHttp.kind, kinds: [...new Set([...x.notHttp.kinds, ...y.notHttp.kinds])], lines: x.notHttp.lines + y.notHttp.lines, files: [...new Set([...x.notHttp.files, ...y.notHttp.files])] } : (x.notHttp ?? y.notHttp);
  const iis = x.iis ?? y.iis;
  const report: Omit<ScanReport, 'causes' | 'notes'> = {
    files: [...new Set([...x.files, ...y.files])],
    lines: x.lines + y.lines,
    bytes: x.bytes + y.bytes,
    records: x.records + y.records,
    skipped: x.skipped + y.skipped,
    unreadable: { count: x.unreadable.count + y.unreadable.count, examples: [...x.unreadable.examples, ...y.unreadable.examples.map((e) => relocate(e, split))].slice(0, MAX_EXAMPLES) },
    byStatus: statusOrder(addCounts(x.byStatus, y.byStatus)),
    unauthorized,
    challenge: x.challenge + y.challenge,
    failure: x.failure + y.failure,
    ...(httpErr ? { httpErr: { ...httpErr, reasons: httpErr.reasons.slice(0, TOP_SHOWN) } } : {}),
    ...(iis ? { iis } : {}),
    ...(servers.length > 0 ? { servers } : {}),
    ...(notHttp ? { notHttp } : {}),
    window: x.window,
    warnings: [...x.warnings, ...y.warnings.map((w) => relocate(w, split))].slice(0, MAX_WARNINGS),
  };
  return { report, samples: mergeSamples(a.tally.samples, b.tally.samples) };
}
