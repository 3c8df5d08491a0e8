// `iis401 scan` side by side with mawk's 401 breakdown, `grep -c` and `wc -l`, over several kinds of log
// (issue 12): each tool runs as its own process over the same bytes, best of a few interleaved runs.
// The files are generated once into bench/data/ (git-ignored) and reused.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { AWK_PROGRAM, findAwk, parseAwkCounts } from './awk.js';
import { GENERATOR_VERSION, generateLog, generateLogFile } from './generate-log.js';
import type { GenerateOptions } from './generate-log.js';
import { writeHostileLogFile } from './hostile-log.js';

export interface Profile {
  readonly name: string;
  /** What the log is, for the table's legend and the README. */
  readonly what: string;
  readonly bytes: number;
  readonly kind: 'file' | 'gzip' | 'folder' | 'hostile';
  readonly generate?: Omit<GenerateOptions, 'bytes'>;
}

export interface ToolTime {
  readonly tool: string;
  readonly ms: number;
  readonly rssBytes?: number;
}

export interface ProfileResult {
  readonly profile: string;
  readonly bytes: number;
  readonly scan: ToolTime;
  /** The same scan held to one thread (IIS401_SCAN_THREADS=1), to show what the split buys. */
  readonly scanOneThread?: ToolTime;
  readonly awk?: ToolTime;
  readonly grep?: ToolTime;
  readonly wc?: ToolTime;
  /** scan time / other tool's time inverted: how many times faster scan is (below 1: slower). */
  readonly vsAwk?: number;
  readonly vsGrep?: number;
  readonly vsWc?: number;
  readonly countsMatch?: boolean;
  readonly mismatches: readonly string[];
  readonly share401?: number;
}

export const SIXTEEN = { challengeShare: 0.065, failureShare: 0.07 } as const;
export const FORTY = { challengeShare: 0.3, failureShare: 0.1 } as const;

/** The profiles, `size` for the two with targets (16% and 40% 401s), a quarter of it for the others. */
export function profiles(size: number): Profile[] {
  const small = Math.max(8 * 1024 ** 2, Math.floor(size / 4));
  return [
    { name: 'generator', what: "the project's generator (about 8% 401s: challenge legs and a few failures)", bytes: small, kind: 'file', generate: {} },
    { name: '16%-401', what: '16% 401s: NTLM/Kerberos challenge legs plus 1326, 1909 and 401.3 failures', bytes: size, kind: 'file', generate: SIXTEEN },
    { name: '40%-401', what: 'a Windows-auth intranet: about 40% of lines are 401s', bytes: size, kind: 'file', generate: FORTY },
    { name: '1M-urls', what: 'one million distinct URLs (top lists and the challenge window under churn)', bytes: small, kind: 'file', generate: { ...SIXTEEN, urls: 1_000_000 } },
    { name: '.gz', what: 'the 16% profile gzip-compressed (scan and awk both decompress it)', bytes: small, kind: 'gzip', generate: SIXTEEN },
    { name: '30-days', what: 'a folder of 30 daily files of the 16% profile', bytes: small, kind: 'folder', generate: SIXTEEN },
    { name: 'hostile', what: "issue 11's file: 61,440 60 KB 401 lines, unique URL/user/client, 512 code pairs, gzip", bytes: 61_440 * 60_000, kind: 'hostile' },
  ];
}

function optionsKey(o: Omit<GenerateOptions, 'bytes'> = {}): string {
  return `c${o.challengeShare ?? 'd'}-f${o.failureShare ?? 'd'}-u${o.urls ?? 'd'}`;
}

/** The paths a profile's tools read, generated into `dir` when missing. */
export function profilePaths(dir: string, profile: Profile): string[] {
  mkdirSync(dir, { recursive: true });
  const base = join(dir, `${profile.kind}-${profile.bytes}-${optionsKey(profile.generate)}-v${GENERATOR_VERSION}`);
  if (profile.kind === 'hostile') {
    const file = `${base}.log.gz`;
    if (!existsSync(file)) writeHostileLogFile(file, { lines: 61_440, lineBytes: 60_000, gzip: true });
    return [file];
  }
  if (profile.kind === 'folder') {
    mkdirSync(base, { recursive: true });
    const per = Math.floor(profile.bytes / 30);
    const files = Array.from({ length: 30 }, (_, day) => join(base, `u_ex2403${String(day + 1).padStart(2, '0')}.log`));
    files.forEach((file, day) => {
      if (!existsSync(file) || statSync(file).size < per) generateLogFile(file, { ...profile.generate, bytes: per, seed: 401 + day });
    });
    return readdirSync(base).map((name) => join(base, name)).sort();
  }
  if (profile.kind === 'gzip') {
    const file = `${base}.log.gz`;
    if (!existsSync(file)) {
      const parts: string[] = [];
      generateLog({ ...profile.generate, bytes: profile.bytes }, (chunk) => parts.push(chunk));
      writeFileSync(file, gzipSync(Buffer.from(parts.join(''), 'latin1'), { level: 6 }));
    }
    return [file];
  }
  const file = `${base}.log`;
  if (!existsSync(file) || statSync(file).size < profile.bytes) generateLogFile(file, { ...profile.generate, bytes: profile.bytes });
  return [file];
}

function quote(path: string): string {
  return `'${path.replace(/'/g, "'\\''")}'`;
}

interface Timed {
  readonly ms: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly status: number | null;
}

function shell(command: string): Timed {
  const started = performance.now();
  const result = spawnSync('sh', ['-c', command], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: { ...process.env, LC_ALL: 'C' } });
  return { ms: performance.now() - started, stdout: result.stdout, stderr: result.stderr, status: result.status };
}

function best(runs: readonly Timed[]): Timed | undefined {
  return runs.reduce<Timed | undefined>((a, b) => (a === undefined || b.ms < a.ms ? b : a), undefined);
}

const TIME = '/usr/bin/time';

/** Runs scan, awk, grep and wc over a profile `runs` times each, interleaved. */
export function measureProfile(root: string, dir: string, profile: Profile, runs: number): ProfileResult {
  const paths = profilePaths(dir, profile);
  const files = paths.map(quote).join(' ');
  const target = profile.kind === 'folder' ? quote(join(paths[0] ?? '', '..')) : files;
  // Decompressed text for the other tools, as scan reads it; one process each, in a pipe from gzip.
  const source = profile.kind === 'gzip' || profile.kind === 'hostile' ? `gzip -dc ${files} | ` : '';
  const args = source ? '' : ` ${files}`;
  const awk = findAwk();
  const bin = join(root, 'bin', 'iis401.js');
  const timing = existsSync(TIME) ? `${TIME} -f 'RSS %M' ` : '';
  const scanRuns: Timed[] = [];
  const oneThreadRuns: Timed[] = [];
  const awkRuns: Timed[] = [];
  const grepRuns: Timed[] = [];
  const wcRuns: Timed[] = [];
  const hostile = profile.kind === 'hostile';
  for (let i = 0; i < runs; i++) {
    const scan = shell(`${timing}${quote(process.execPath)} ${quote(bin)} scan ${target} --json`);
    if (scan.status !== 0) throw new Error(`iis401 bench: the scan of ${profile.name} failed (exit ${scan.status}): ${scan.stderr.slice(0, 400)}`);
    scanRuns.push(scan);
    if (hostile) continue;
    oneThreadRuns.push(shell(`IIS401_SCAN_THREADS=1 ${timing}${quote(process.execPath)} ${quote(bin)} scan ${target} --json`));
    if (awk) awkRuns.push(shell(`${source}${awk.command} ${quote(AWK_PROGRAM)}${args}`));
    grepRuns.push(shell(`${source}grep -c ' 401 '${args}`));
    wcRuns.push(shell(`${source}wc -l${args}`));
  }
  const scanBest = best(scanRuns) as Timed;
  const rss = /RSS (\d+)/.exec(scanBest.stderr)?.[1];
  const report = JSON.parse(scanBest.stdout) as { records: number; unauthorized: Array<{ substatus: number; win32: number; count: number }> };
  const ours = new Map(report.unauthorized.map((b) => [`${b.substatus < 0 ? '-' : b.substatus} ${b.win32 < 0 ? '-' : b.win32}`, b.count]));
  const n401 = report.unauthorized.reduce((n, b) => n + b.count, 0);
  const mismatches: string[] = [];
  const awkBest = best(awkRuns);
  if (awkBest && awk) {
    const theirs = parseAwkCounts(awkBest.stdout);
    for (const key of new Set([...ours.keys(), ...theirs.keys()])) {
      if (ours.get(key) !== theirs.get(key)) mismatches.push(`401 ${key}: scan ${ours.get(key) ?? 0}, ${awk.command} ${theirs.get(key) ?? 0}`);
    }
  }
  const oneBest = best(oneThreadRuns);
  const oneRss = oneBest ? /RSS (\d+)/.exec(oneBest.stderr)?.[1] : undefined;
  const grepBest = best(grepRuns);
  const wcBest = best(wcRuns);
  const ratio = (other: Timed | undefined): number | undefined => (other ? other.ms / scanBest.ms : undefined);
  const vsAwk = ratio(awkBest);
  const vsGrep = ratio(grepBest);
  const vsWc = ratio(wcBest);
  return {
    profile: profile.name,
    bytes: profile.bytes,
    scan: { tool: 'iis401 scan --json', ms: scanBest.ms, ...(rss ? { rssBytes: Number(rss) * 1024 } : {}) },
    ...(oneBest ? { scanOneThread: { tool: 'iis401 scan --json, one thread', ms: oneBest.ms, ...(oneRss ? { rssBytes: Number(oneRss) * 1024 } : {}) } } : {}),
    ...(awkBest && awk ? { awk: { tool: `${awk.command} 401 breakdown`, ms: awkBest.ms } } : {}),
    ...(grepBest ? { grep: { tool: "grep -c ' 401 '", ms: grepBest.ms } } : {}),
    ...(wcBest ? { wc: { tool: 'wc -l', ms: wcBest.ms } } : {}),
    ...(vsAwk !== undefined ? { vsAwk } : {}),
    ...(vsGrep !== undefined ? { vsGrep } : {}),
    ...(vsWc !== undefined ? { vsWc } : {}),
    ...(awkBest ? { countsMatch: mismatches.length === 0 } : {}),
    mismatches,
    ...(report.records > 0 ? { share401: n401 / report.records } : {}),
  };
}
