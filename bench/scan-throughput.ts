// `iis401 scan` on a generated log, side by side with awk computing the same 401 counts and `grep -c`
// (the floor: reading the file and finding a byte pattern, nothing more). Each tool runs as its own
// process; the best of a few interleaved runs is kept, since other work on the machine only adds time.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AWK_PROGRAM, findAwk, parseAwkCounts } from './awk.js';

export interface ToolRun {
  readonly tool: string;
  readonly ms: number;
  readonly mbPerSecond: number;
  /** Peak resident memory, when it could be read. */
  readonly rssBytes?: number;
}

export interface ScanThroughput {
  readonly file: string;
  readonly bytes: number;
  readonly runs: number;
  readonly scan: ToolRun;
  readonly awk?: ToolRun & { readonly version: string };
  readonly grep?: ToolRun;
  /** Whether the scan's 401 sub-status x win32 counts equal awk's. */
  readonly countsMatch?: boolean;
  readonly mismatches: readonly string[];
  readonly rssSource: string;
}

const TIME = '/usr/bin/time';

interface Timed {
  readonly ms: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly status: number | null;
}

function timed(command: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): Timed {
  const started = performance.now();
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env });
  const ms = performance.now() - started;
  if (result.error) throw new Error(`iis401 bench: could not run ${command}: ${result.error.message}`);
  return { ms, stdout: result.stdout, stderr: result.stderr, status: result.status };
}

/** `/usr/bin/time -v` reports the peak RSS of the command it runs; without it, the scan reports its own. */
function scanCommand(root: string, file: string): { command: string; args: string[]; source: string } {
  const bin = join(root, 'bin', 'iis401.js');
  if (existsSync(TIME)) return { command: TIME, args: ['-v', process.execPath, bin, 'scan', file, '--json'], source: '/usr/bin/time -v' };
  const cli = join(root, 'dist', 'src', 'cli.js');
  const code = `import(${JSON.stringify(cli)}).then((m) => m.main(['scan', ${JSON.stringify(file)}, '--json'])).then((code) => { process.stderr.write('Maximum resident set size (kbytes): ' + Math.round(process.resourceUsage().maxRSS) + '\\n'); process.exitCode = code; })`;
  return { command: process.execPath, args: ['--input-type=module', '-e', code], source: 'process.resourceUsage().maxRSS in the child' };
}

function peakRss(stderr: string): number | undefined {
  const match = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
  return match?.[1] ? Number(match[1]) * 1024 : undefined;
}

function best(runs: readonly Timed[]): Timed {
  return runs.reduce((a, b) => (b.ms < a.ms ? b : a));
}

/** Runs scan, awk and grep `runs` times each, interleaved, and compares the 401 counts. */
export function measureScanThroughput(root: string, file: string, runs: number): ScanThroughput {
  const bytes = statSync(file).size;
  const mb = bytes / 1024 ** 2;
  const awk = findAwk();
  const scan = scanCommand(root, file);
  const scanRuns: Timed[] = [];
  const awkRuns: Timed[] = [];
  const grepRuns: Timed[] = [];
  for (let i = 0; i < runs; i++) {
    const run = timed(scan.command, scan.args);
    if (run.status !== 0) throw new Error(`iis401 bench: the scan failed (exit ${run.status}): ${run.stderr.slice(0, 400)}`);
    scanRuns.push(run);
    if (awk) awkRuns.push(timed(awk.command, [AWK_PROGRAM, file]));
    grepRuns.push(timed('grep', ['-c', ' 401 ', file], { ...process.env, LC_ALL: 'C' }));
  }
  const scanBest = best(scanRuns);
  const report = JSON.parse(scanBest.stdout) as { unauthorized: Array<{ substatus: number; win32: number; count: number }> };
  const ours = new Map(report.unauthorized.map((b) => [`${b.substatus < 0 ? '-' : b.substatus} ${b.win32 < 0 ? '-' : b.win32}`, b.count]));
  const mismatches: string[] = [];
  let countsMatch: boolean | undefined;
  let awkRun: ScanThroughput['awk'];
  if (awk && awkRuns.length > 0) {
    const awkBest = best(awkRuns);
    const theirs = parseAwkCounts(awkBest.stdout);
    for (const key of new Set([...ours.keys(), ...theirs.keys()])) {
      if (ours.get(key) !== theirs.get(key)) mismatches.push(`401 ${key}: scan ${ours.get(key) ?? 0}, ${awk.command} ${theirs.get(key) ?? 0}`);
    }
    countsMatch = mismatches.length === 0;
    awkRun = { tool: `${awk.command} (#Fields-aware 401 counts)`, version: awk.version, ms: awkBest.ms, mbPerSecond: mb / (awkBest.ms / 1000) };
  }
  const grepBest = grepRuns.length > 0 ? best(grepRuns) : undefined;
  const rss = peakRss(scanBest.stderr);
  return {
    file,
    bytes,
    runs,
    scan: { tool: 'iis401 scan --json', ms: scanBest.ms, mbPerSecond: mb / (scanBest.ms / 1000), ...(rss ? { rssBytes: rss } : {}) },
    ...(awkRun ? { awk: awkRun } : {}),
    ...(grepBest && grepBest.status !== 2 ? { grep: { tool: "grep -c ' 401 ' (floor)", ms: grepBest.ms, mbPerSecond: mb / (grepBest.ms / 1000) } } : {}),
    ...(countsMatch === undefined ? {} : { countsMatch }),
    mismatches,
    rssSource: scan.source,
  };
}
