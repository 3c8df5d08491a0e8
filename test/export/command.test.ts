import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { projectRoot } from '../../src/root.js';

// `iis401 export sigma`, the real command line spawned as a process, writing a real folder.

const ROOT = projectRoot();
const BIN = join(ROOT, 'bin', 'iis401.js');
const scratch = mkdtempSync(join(tmpdir(), 'iis401-sigma-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function run(args: string[], env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
  const { KB_BASE_URL: _ignored, ...inherited } = process.env;
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 30_000, env: { ...inherited, ...env } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Every file under a folder, by relative path, with its bytes as text. */
function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else files.set(relative(dir, path).split('\\').join('/'), readFileSync(path, 'utf8'));
    }
  };
  walk(dir);
  return files;
}

describe('iis401 export sigma', () => {
  const out = join(scratch, 'rules');

  it('should write one YAML rule per file and an index, and say what it left out', () => {
    const { status, stdout, stderr } = run(['export', 'sigma', '--out', out]);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    const files = snapshot(out);
    const rules = [...files.keys()].filter((f) => f.endsWith('.yml'));
    expect(rules.length).toBeGreaterThan(40);
    expect(stdout).toMatch(new RegExp(`^wrote ${rules.length} Sigma rules from \\d+ kb rules`));
    expect(stdout).toMatch(/not exported, \d+ kb rules/);
    expect(stdout).toMatch(/^ {2}auth-handshake-normal\/challenge-complete: sequence: /m);
    const index = files.get('README.md') ?? '';
    const ids = new Set<string>();
    for (const file of rules) {
      expect(index).toContain(`[${file}](${file})`);
      const rule = parseYaml(files.get(file) ?? '', { version: '1.1' }) as Record<string, any>;
      expect(Object.keys(rule)).toEqual(['title', 'id', 'status', 'description', 'references', 'author', 'date', 'tags', 'logsource', 'detection', 'fields', 'falsepositives', 'level']);
      expect(rule.detection.condition).toEqual(expect.any(String));
      expect(rule.references).toEqual([expect.stringMatching(/^kb\/causes\/[a-z0-9-]+\.md$/)]);
      expect(existsSync(join(ROOT, rule.references[0]))).toBe(true);
      ids.add(rule.id);
    }
    expect(ids.size).toBe(rules.length);
    expect(index).toContain('## Not exported');
  });

  it('should write byte-identical files when run again', () => {
    const before = snapshot(out);
    expect(run(['export', 'sigma', '--out', out]).status).toBe(0);
    expect(snapshot(out)).toEqual(before);
  });

  it('should replace an earlier export, leaving no stale rule behind', () => {
    const stale = join(out, 'iis-log', 'removed-cause.old-rule.yml');
    writeFileSync(stale, 'title: gone\n');
    expect(run(['export', 'sigma', '--out', out]).status).toBe(0);
    expect(existsSync(stale)).toBe(false);
  });

  it('should refuse a folder that holds other files, and touch nothing there', () => {
    const foreign = join(scratch, 'foreign');
    mkdirSync(foreign);
    writeFileSync(join(foreign, 'notes.txt'), 'mine');
    const { status, stderr } = run(['export', 'sigma', '--out', foreign]);
    expect(status).toBe(1);
    expect(stderr).toMatch(/not empty and is not an earlier export/);
    expect(readdirSync(foreign)).toEqual(['notes.txt']);
  });

  it('should refuse an --out that is a file', () => {
    const file = join(scratch, 'a-file');
    writeFileSync(file, 'x');
    const { status, stderr } = run(['export', 'sigma', '--out', file]);
    expect(status).toBe(1);
    expect(stderr).toMatch(/is a file, not a folder/);
    expect(readFileSync(file, 'utf8')).toBe('x');
  });

  it('should link the articles under KB_BASE_URL', () => {
    const linked = join(scratch, 'linked');
    expect(run(['export', 'sigma', '--out', linked], { KB_BASE_URL: 'https://git.example.com/org/iis401/blob/main/' }).status).toBe(0);
    const text = readFileSync(join(linked, 'iis-log', 'account-locked-out.code.yml'), 'utf8');
    expect(text).toContain('- https://git.example.com/org/iis401/blob/main/kb/causes/account-locked-out.md');
  });

  it('should refuse a KB_BASE_URL that is not a web address', () => {
    const { status, stderr } = run(['export', 'sigma', '--out', join(scratch, 'never')], { KB_BASE_URL: 'kb-site' });
    expect(status).toBe(1);
    expect(stderr).toMatch(/KB_BASE_URL must be an http\(s\) URL/);
    expect(existsSync(join(scratch, 'never'))).toBe(false);
  });

  it('should print its usage for --help and -h', () => {
    for (const flag of ['--help', '-h']) {
      const { status, stdout } = run(['export', flag]);
      expect(status).toBe(0);
      expect(stdout).toMatch(/^Usage: iis401 export sigma \[--out DIR\]/);
    }
    expect(run(['--help']).stdout).toContain('iis401 export sigma [--out DIR]');
  });

  it.each([
    [['export'], /needs a format/],
    [['export', 'splunk'], /unknown export format "splunk"/],
    [['export', 'sigma', '--out'], /--out needs a folder/],
    [['export', 'sigma', '--bogus'], /unknown option --bogus/],
  ])('should answer %j with a usage error', (args, message) => {
    const { status, stderr } = run(args);
    expect(status).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr).not.toMatch(/at .*\.js:\d+/);
  });
});
