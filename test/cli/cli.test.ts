import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/root.js';

// The real command line, spawned as a process, as users and the evaluation script run it.
const ROOT = projectRoot();
const BIN = join(ROOT, 'bin', 'iis401.js');

function run(args: string[], input?: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, input, encoding: 'utf8', timeout: 20_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('iis401 diagnose', () => {
  it('should read standard input and print the JSON contract', () => {
    const { status, stdout } = run(['diagnose', '--json'], 'Event ID: 534 Reason: The user has not been granted the requested logon type at this machine User Name: IUSR_WEB01');
    expect(status).toBe(0);
    const json = JSON.parse(stdout) as Record<string, any>;
    expect(Object.keys(json)).toEqual(expect.arrayContaining(['input', 'symptoms', 'causes', 'next', 'notes']));
    expect(json.input.kinds).toContain('event');
    expect(json.symptoms.events[0].EventID).toBe(534);
    expect(json.causes[0]).toMatchObject({ id: 'logon-right-denied', confidence: 'high', article: 'kb/causes/logon-right-denied.md' });
    expect(json.causes[0].why.length).toBeGreaterThan(0);
    expect(json.causes[0].steps.length).toBeGreaterThan(0);
    expect(json.causes.length).toBeLessThanOrEqual(5);
  });

  it('should take the text as arguments and print a readable answer', () => {
    const { status, stdout } = run(['diagnose', 'win32', '1909']);
    expect(status).toBe(0);
    expect(stdout).toMatch(/locked out/i);
    expect(stdout).toContain('Fix:');
    expect(stdout).toContain('kb/causes/account-locked-out.md');
  });

  it('should exit 0 with a kind answer when nothing is recognised', () => {
    const { status, stdout } = run(['diagnose', '--json'], 'lorem ipsum dolor');
    expect(status).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ verdict: 'nothing-recognised', causes: [] });
  });

  it('should never echo a planted secret', () => {
    const { stdout } = run(['diagnose', '--json'], 'Authorization: Basic dXNlcjpzZWNyZXRQYXNz\n401.1 on every request');
    expect(stdout).not.toContain('dXNlcjpzZWNyZXRQYXNz');
    expect(JSON.parse(stdout).input.redactions).toBe(1);
  });

  it('should answer binary input without a stack trace', () => {
    const { status, stdout, stderr } = run(['diagnose'], '\u0000\u0001\u0002\u0003'.repeat(2000));
    expect(status).toBe(0);
    expect(stdout).toMatch(/binary/);
    expect(stderr).toBe('');
  });
});

describe('iis401 usage', () => {
  it('should exit 2 with one line on an unknown command or option', () => {
    const unknown = run(['frobnicate']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/^iis401: unknown command "frobnicate"/);
    const option = run(['diagnose', '--colour']);
    expect(option.status).toBe(2);
    expect(option.stderr).not.toMatch(/at .*\.js/);
  });

  it('should print usage for --help', () => {
    const { status, stdout } = run(['--help']);
    expect(status).toBe(0);
    expect(stdout).toContain('iis401 diagnose');
  });
});

describe('iis401 search and kb', () => {
  it('should print ranked articles, and JSON for scripts', () => {
    expect(run(['search', 'guests', 'deny', 'network']).stdout.split('\n')[0]).toMatch(/^logon-right-denied/);
    const json = JSON.parse(run(['search', '0xC000015B', '--json']).stdout) as { results: Array<{ id: string }> };
    expect(json.results[0]?.id).toBe('logon-right-denied');
  });

  it('should pass kb check on the repository', () => {
    const { status, stdout } = run(['kb', 'check']);
    expect(status).toBe(0);
    expect(stdout).toMatch(/^kb ok: \d+ articles/);
  });
});
