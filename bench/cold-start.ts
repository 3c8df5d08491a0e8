// Command-line cold start: a whole `iis401 diagnose` process against an empty `node` process.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { median } from './stats.js';

export interface ColdStart {
  readonly runs: number;
  readonly diagnoseMs: number;
  readonly nodeMs: number;
  readonly ratio: number;
}

function wall(args: readonly string[]): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, args, { encoding: 'utf8' });
  const ms = performance.now() - started;
  if (result.status !== 0) throw new Error(`iis401 bench: node ${args.join(' ')} exited ${result.status}: ${result.stderr.slice(0, 300)}`);
  return ms;
}

/** Median of `runs` runs each, interleaved so that a busy moment hits both alike. */
export function measureColdStart(root: string, runs: number): ColdStart {
  const bin = join(root, 'bin', 'iis401.js');
  const diagnose: number[] = [];
  const node: number[] = [];
  wall([bin, 'diagnose', '--json', '401 1 1326']);
  for (let i = 0; i < runs; i++) {
    diagnose.push(wall([bin, 'diagnose', '--json', '401 1 1326']));
    node.push(wall(['-e', '0']));
  }
  const diagnoseMs = median(diagnose);
  const nodeMs = median(node);
  return { runs, diagnoseMs, nodeMs, ratio: diagnoseMs / nodeMs };
}
