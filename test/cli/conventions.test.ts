import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SUBCOMMANDS } from '../../src/cli.js';
import { expandPaths } from '../../src/cli/glob.js';
import { projectRoot } from '../../src/root.js';
import { hasTmux, TmuxTerminal } from '../helpers/tmux.js';

// The command-line conventions (clig.dev, gh, ripgrep), checked on the real CLI spawned as a process.
const ROOT = projectRoot();
const BIN = join(ROOT, 'bin', 'iis401.js');
const LOG = join(ROOT, 'test', 'fixtures', 'logs', 'u_ex240301-iis10.log');

function run(args: readonly string[], input = '', cwd = ROOT): { status: number | null; stdout: string; stderr: string } {
  // No Slack settings may leak in: `start --help` must not start a bot even where they are set.
  const env = { ...process.env, SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: 'secret', PORT: '0', HOST: '127.0.0.1' };
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd, input, encoding: 'utf8', timeout: 20_000, env });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const NAMES = SUBCOMMANDS.map((c) => c.name);

describe('every subcommand', () => {
  it('should be listed in iis401 --help', () => {
    const { stdout } = run(['--help']);
    for (const name of NAMES) expect(stdout).toContain(`iis401 ${name}`);
    expect(stdout).toMatch(/Exit codes:\n  0 .*\n  1 .*\n  2 /);
  });

  it('should be listed in the README exactly as iis401 --help prints it', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(readme).toContain(`\`iis401 --help\` prints:\n\n\`\`\`\n${run(['--help']).stdout}\`\`\``);
  });

  it.each(NAMES.flatMap((name) => [[name, '--help'], [name, '-h']]))('%s %s should print its help and exit 0, doing nothing else', (name, flag) => {
    const { status, stdout, stderr } = run([name, flag], 'event 534');
    expect(status).toBe(0);
    expect(stdout).toMatch(new RegExp(`^usage: iis401 ${name}`, 'i'));
    expect(stdout).not.toMatch(/running in|confidence (high|medium|low)|^1\. /im);
    expect(stderr).toBe('');
  });

  it.each(NAMES)('%s should refuse an unknown option with exit 2 and one line, never a stack', (name) => {
    const { status, stderr } = run([name, '--no-such-option'], '');
    expect(status).toBe(2);
    expect(stderr).toMatch(/unknown option/i);
    expect(stderr).not.toMatch(/\bat .*\.js:\d+/);
  });
});

describe('exit codes', () => {
  it.each<[string, string[], string, number]>([
    ['an answer', ['diagnose', 'win32', '1909'], '', 0],
    ['nothing recognised', ['diagnose', '-'], 'lorem ipsum', 0],
    ['top-level help', [], '', 0],
    ['--version', ['--version'], '', 0],
    ['an unknown command', ['frobnicate'], '', 2],
    ['search without words', ['search'], '', 2],
    ['kb with a wrong action', ['kb', 'frob'], '', 2],
    ['scan of a missing file', ['scan', 'no-such-file.log'], '', 1],
    ['kb check on the repository', ['kb', 'check'], '', 0],
  ])('%s exits as documented', (_what, args, input, code) => {
    expect(run(args, input).status).toBe(code);
  });
});

describe('- means standard input', () => {
  it('should diagnose standard input with diagnose -', () => {
    const json = JSON.parse(run(['diagnose', '-', '--json'], 'Event ID: 534 User Name: IUSR_WEB01').stdout) as { causes: Array<{ id: string }> };
    expect(json.causes[0]?.id).toBe('logon-right-denied');
  });

  it('should search words from standard input with search -', () => {
    expect(run(['search', '-'], 'guests deny network').stdout).toMatch(/^logon-right-denied/);
  });

  it('should scan standard input with scan -', () => {
    const log = spawnSync('cat', [LOG], { encoding: 'utf8' }).stdout;
    const json = JSON.parse(run(['scan', '-', '--json'], log).stdout) as { byStatus: Record<string, number> };
    expect(json.byStatus['401']).toBeGreaterThan(0);
  });

  it('should take --opt=value and text after -- the same way everywhere', () => {
    expect(run(['diagnose', '--json=true']).status).toBe(2);
    const text = JSON.parse(run(['diagnose', '--json', '--', '--help', 'win32', '1909']).stdout) as { verdict: string };
    expect(text.verdict).not.toBe('help');
  });
});

const hasScript = spawnSync('script', ['--version']).status === 0;

describe.skipIf(!hasScript)('on a terminal', () => {
  it('should show the diagnose help instead of answering an empty paste', () => {
    // script(1) gives the command a pseudo-terminal as its standard input.
    const result = spawnSync('script', ['-qec', `${process.execPath} ${BIN} diagnose`, '/dev/null'], { encoding: 'utf8', timeout: 20_000, input: '' });
    expect(result.stdout).toMatch(/Usage: iis401 diagnose/);
    expect(result.stdout).not.toMatch(/Nothing in this paste/);
  });
});

describe('globs for shells that do not expand them', () => {
  const dir = mkdtempSync(join(tmpdir(), 'iis401-glob-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  copyFileSync(LOG, join(dir, 'u_ex240301.log'));
  copyFileSync(LOG, join(dir, 'u_ex240302.log'));
  copyFileSync(LOG, join(dir, 'other.txt'));

  it('should expand a pattern in name order and keep a pattern that matches nothing', async () => {
    expect(await expandPaths(['u_ex24*.log'], dir)).toEqual(['u_ex240301.log', 'u_ex240302.log']);
    expect(await expandPaths(['u_ex99*.log'], dir)).toEqual(['u_ex99*.log']);
    expect(await expandPaths(['-'], dir)).toEqual(['-']);
  });

  it('should read backslash paths as Windows writes them on Windows', async () => {
    const sub = join(dir, 'W3SVC1');
    spawnSync('mkdir', [sub]);
    copyFileSync(LOG, join(sub, 'u_ex240303.log'));
    expect(await expandPaths(['W3SVC1\\u_ex24*.log'], dir, 'win32')).toEqual(['W3SVC1/u_ex240303.log']);
  });

  it('should let scan read every file a quoted pattern names', () => {
    const one = JSON.parse(run(['scan', 'u_ex240301.log', '--json'], '', dir).stdout) as { byStatus: Record<string, number> };
    const both = JSON.parse(run(['scan', 'u_ex24*.log', '--json', '--since', '2000-01-01'], '', dir).stdout) as { byStatus: Record<string, number> };
    expect(both.byStatus['401']).toBe(2 * (one.byStatus['401'] ?? 0));
  });
});

describe.skipIf(!hasTmux)('the pager', () => {
  it('should page long output on a terminal, and not with --no-pager', async () => {
    const paged = new TmuxTerminal(`${process.execPath} ${BIN} diagnose --all win32 1326; echo EXITED`, { width: 80, height: 20, env: { PAGER: 'less', LESS: '' } });
    try {
      await paged.waitFor(/^:\s*$/m, 15_000, { asDrawn: true });
      expect(paged.capture()).not.toContain('EXITED');
      paged.keys('q');
      await paged.waitFor(/EXITED/);
    } finally {
      paged.close();
    }
    const direct = new TmuxTerminal(`${process.execPath} ${BIN} diagnose --all --no-pager win32 1326; echo EXITED`, { width: 80, height: 20, env: { PAGER: 'less', LESS: '' } });
    try {
      await direct.waitFor(/EXITED/);
    } finally {
      direct.close();
    }
  });

  it('should page a long scan report on a terminal too', async () => {
    const term = new TmuxTerminal(`${process.execPath} ${BIN} scan ${LOG}; echo EXITED`, { width: 80, height: 15, env: { PAGER: 'less', LESS: '' } });
    try {
      await term.waitFor(/^:\s*$/m, 15_000, { asDrawn: true });
      term.keys('q');
      await term.waitFor(/EXITED/);
    } finally {
      term.close();
    }
    expect(run(['scan', LOG, '--no-pager']).status).toBe(0);
  });

  it('should never page when the output is piped', () => {
    const { stdout } = run(['diagnose', '--all', 'win32', '1326']);
    expect(stdout.split('\n').length).toBeGreaterThan(30);
  });
});
