import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/root.js';

const ROOT = projectRoot();
const BIN = join(ROOT, 'bin', 'iis401.js');
// Vague enough that the static-files question moves the first cause.
const SCRIPTS = 'we get 401.3 on the aspx pages';

function run(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 20_000, env: { ...process.env, NO_COLOR: '1' } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('iis401 diagnose --answer', () => {
  it('should print the question and the --answer flags that answer it', () => {
    const { status, stdout } = run(['diagnose', '--no-pager', SCRIPTS]);
    expect(status).toBe(0);
    expect(stdout.replace(/\s+/g, ' ')).toContain('Question: Do static files (.htm, .txt, images) load, and only scripts (.asp, .aspx, .php) fail?');
    expect(stdout).toContain('--answer static=everything');
  });

  it('should re-rank with the answers given, repeatable, and list them', () => {
    const { status, stdout } = run(['diagnose', '--json', '--answer', 'static=only-scripts', '--answer=users=every', SCRIPTS]);
    expect(status).toBe(0);
    const json = JSON.parse(stdout) as { causes: Array<{ id: string }>; answers: Array<{ key: string }> };
    expect(json.causes[0]?.id).toBe('script-engine-permissions');
    expect(json.answers.map((a) => a.key)).toEqual(['users', 'static']);
  });

  it('should refuse an unknown question key with exit 2, naming the keys there are', () => {
    const { status, stderr } = run(['diagnose', '--answer', 'colour=blue', SCRIPTS]);
    expect(status).toBe(2);
    expect(stderr).toContain('there is no question "colour"; the questions are: users, localhost, static');
  });

  it('should refuse an unknown answer with exit 2, naming the answers there are', () => {
    const { status, stderr } = run(['diagnose', '--answer', 'static=maybe', SCRIPTS]);
    expect(status).toBe(2);
    expect(stderr).toContain('answer with one of: only-scripts, everything, some-files');
  });
});
