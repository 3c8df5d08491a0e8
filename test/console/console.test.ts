import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/root.js';
import { hasTmux, TmuxTerminal } from '../helpers/tmux.js';

// The console as a person meets it: a real terminal (tmux), real pastes, the real CLI.
const ROOT = projectRoot();
const BIN = join(ROOT, 'bin', 'iis401.js');
const EVENT = readFileSync(join(ROOT, 'test', 'fixtures', 'events', '4625-event-viewer.txt'), 'utf8');
const ANSWER_END = /^\(kb \w+; read:/gm;
// The console answers as `diagnose` does on the same text read from a file.
const TOP_CAUSE = (JSON.parse(spawnSync(process.execPath, [BIN, 'diagnose', '--json', '-'], { cwd: ROOT, input: EVENT, encoding: 'utf8' }).stdout) as { causes: Array<{ id: string }> }).causes[0]?.id ?? 'none';

function chat(input: string, env: Record<string, string> = {}): { status: number | null; stdout: string } {
  const result = spawnSync(process.execPath, [BIN, 'chat'], { cwd: ROOT, input, encoding: 'utf8', timeout: 60_000, env: { ...process.env, ...env } });
  return { status: result.status, stdout: result.stdout };
}

describe.skipIf(!hasTmux)('the console in a terminal', () => {
  it.each([
    ['bracketed paste', true],
    ['a terminal without bracketed paste (lines arriving together)', false],
  ])('should answer a multi-section Event Viewer 4625 paste once, then prompt, with %s', async (_how, bracketed) => {
    expect(EVENT.split('\n').filter((l) => l.trim() === '').length).toBeGreaterThan(1);
    const term = new TmuxTerminal(`${process.execPath} ${BIN} chat`, { width: 100, height: 50, cwd: ROOT });
    try {
      await term.waitFor(/iis401> $/m);
      term.paste(EVENT, { bracketed });
      const screen = await term.waitFor(/^\(kb \w+; read:[^\n]*\n+iis401> $/m);
      expect(screen.match(ANSWER_END)).toHaveLength(1);
      expect(screen).toContain(TOP_CAUSE);
      term.keys('/quit', true);
      term.keys('Enter');
      await term.waitFor(/\[exited\]/);
    } finally {
      term.close();
    }
  });

  it('should end typed text at a "." line, show /help, and colour the headline on a terminal', async () => {
    const term = new TmuxTerminal(`${process.execPath} ${BIN} chat`, { width: 100, height: 50, cwd: ROOT });
    try {
      await term.waitFor(/iis401> $/m);
      term.keys('/help', true);
      term.keys('Enter');
      await term.waitFor(/Typing instead\?[\s\S]*Typing instead\?[\s\S]*iis401> $/m);
      term.keys('event 534', true);
      term.keys('Enter');
      await term.waitFor(/^\.\.\. $/m);
      term.keys('.', true);
      term.keys('Enter');
      const screen = await term.waitFor(/^\(kb \w+; read:[^\n]*\n+iis401> $/m);
      expect(screen.match(ANSWER_END)).toHaveLength(1);
      expect(term.captureEscapes()).toMatch(/\u001b\[1m/);
      term.keys('C-d');
      await term.waitFor(/\[exited\]/);
    } finally {
      term.close();
    }
  });
});

describe('the console with piped input', () => {
  it('should answer each paste separated by a "." line, plain, without prompts', () => {
    const { status, stdout } = chat(`${EVENT}\n.\nwin32 1909\n`);
    expect(status).toBe(0);
    expect(stdout.match(ANSWER_END)).toHaveLength(2);
    expect(stdout).not.toContain('\u001b[');
    expect(stdout).not.toContain('iis401>');
  });

  it('should cap one paste at 1 MiB and say so', () => {
    const line = '2024-03-01 10:00:00 10.0.0.5 GET /app/ - 443 - 10.0.0.9 Mozilla/5.0 - 401 1 1326 15\n';
    const { status, stdout } = chat(line.repeat(Math.ceil((2 * 1024 * 1024) / line.length)));
    expect(status).toBe(0);
    expect(stdout).toMatch(/larger than 1 MiB; only its first 1,048,576 characters were read/);
    expect(stdout.match(ANSWER_END)).toHaveLength(1);
  });
});
