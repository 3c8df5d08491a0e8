// Causes for a whole log: each large failure bucket is diagnosed on its own (a few of its raw lines under
// their #Software / #Fields header), and the answers are merged, weighted by how many real failures each
// bucket holds. Diagnosing buckets apart keeps one loud code from hiding another cause, and keeps the
// paste small whatever the log size.
import type { DiagnosisEngine, RankedCause } from '../diagnose.js';
import { MAX_CAUSES } from '../diagnose.js';
import type { BucketSample, ScanReport, ScanTally, UnauthorizedBucket } from './types.js';

/** Failure buckets diagnosed, largest first: past these the rest are too small to change the ranking. */
export const DIAGNOSED_BUCKETS = 8;
/** Causes taken from each bucket's diagnosis: the ones below are guesses that would only add noise. */
const CAUSES_PER_BUCKET = 3;
/** The engine names lines of the small paste it was given ("log line 3"), which mean nothing here. */
const PASTE_LINE = /(?<!\s)\s*\(log line \d+\)/g;

/**
 * Not offered for failures: the scan has already seen that these 401s got no success, which is exactly
 * what rules the normal challenge out.
 */
const NOT_FOR_FAILURES = new Set(['auth-handshake-normal']);

const CONFIDENCE_RANK = { high: 3, medium: 2, low: 1 } as const;

export function bucketLabel(bucket: Pick<UnauthorizedBucket, 'substatus' | 'win32' | 'name'>): string {
  const status = bucket.substatus < 0 ? '401' : `401.${bucket.substatus}`;
  const code = bucket.win32 < 0 ? 'win32 not logged' : `win32 ${bucket.win32}${bucket.name ? ` ${bucket.name}` : ''}`;
  return `${status} ${code}`;
}

/** A small paste from a bucket's sample lines, each group under the directives that name its fields. */
export function pasteOf(samples: readonly BucketSample[]): string {
  const out: string[] = [];
  let header: string | undefined;
  for (const sample of samples) {
    if (sample.header !== header) {
      header = sample.header;
      if (header) out.push(header);
    }
    out.push(sample.line);
  }
  return out.join('\n');
}

interface Merged {
  cause: RankedCause;
  weight: number;
  /** One line per failure bucket that points here, largest bucket first. */
  readonly buckets: string[];
}

/** Adds the ranked causes of the real failures (and each bucket's top cause) to a finished scan. */
export function diagnoseTally(tally: ScanTally, engine: Pick<DiagnosisEngine, 'diagnose'>): ScanReport {
  const { report, samples } = tally;
  const totalFailures = report.failure;
  const notes: string[] = [];
  const merged = new Map<string, Merged>();
  const bucketCause = new Map<string, string>();
  const failing = report.unauthorized.filter((b) => b.failure > 0).sort((a, b) => b.failure - a.failure);
  for (const bucket of failing.slice(0, DIAGNOSED_BUCKETS)) {
    const key = `${bucket.substatus} ${bucket.win32}`;
    const paste = pasteOf(samples.get(key) ?? []);
    if (paste === '') continue;
    const causes = engine
      .diagnose(paste)
      .causes.filter((c) => !NOT_FOR_FAILURES.has(c.id))
      .slice(0, CAUSES_PER_BUCKET)
      .map((c) => ({ ...c, why: c.why.map((w) => w.replace(PASTE_LINE, '')) }));
    const share = bucket.failure / totalFailures;
    const first = causes[0];
    if (first) bucketCause.set(key, first.id);
    const line = `${bucket.failure.toLocaleString('en-US')} real failure${bucket.failure === 1 ? '' : 's'} logged as ${bucketLabel(bucket)}`;
    for (const cause of causes) {
      const entry = merged.get(cause.id);
      if (!entry) {
        merged.set(cause.id, { cause, weight: share * cause.score, buckets: [line] });
        continue;
      }
      entry.weight += share * cause.score;
      entry.buckets.push(line);
      if (CONFIDENCE_RANK[cause.confidence] > CONFIDENCE_RANK[entry.cause.confidence]) entry.cause = { ...entry.cause, confidence: cause.confidence };
    }
  }
  const causes = [...merged.values()]
    .sort((a, b) => b.weight - a.weight || a.cause.id.localeCompare(b.cause.id))
    .slice(0, MAX_CAUSES)
    .map(({ cause, weight, buckets }) => ({ ...cause, score: Math.round(weight * 100) / 100, why: [...new Set([...buckets, ...cause.why])] }));
  if (totalFailures === 0 && report.challenge > 0) notes.push('Every 401 was followed by a success for the same client and URL: the normal Windows authentication challenge, not a fault.');
  else if (totalFailures === 0) notes.push('No 401 in the scanned lines.');
  else if (causes.length === 0) notes.push('No known cause matches the failing 401s; run iis401 diagnose on one of their lines with the Security event logged at the same time.');
  if (failing.length > DIAGNOSED_BUCKETS) notes.push(`Causes were looked for in the ${DIAGNOSED_BUCKETS} largest failure groups of ${failing.length}.`);
  return {
    ...report,
    unauthorized: report.unauthorized.map((b) => {
      const id = bucketCause.get(`${b.substatus} ${b.win32}`);
      return id ? { ...b, cause: id } : b;
    }),
    causes,
    notes,
  };
}

/** A scan whose causes could not be looked for (the knowledge base failed to load): counts only. */
export function withoutCauses(tally: ScanTally, why: string): ScanReport {
  return { ...tally.report, causes: [], notes: [`Causes were not looked for: ${why}`] };
}
