import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/root.js';
import { hasTmux, TmuxTerminal } from '../helpers/tmux.js';

const ROOT = projectRoot();
const BIN = join(ROOT, 'bin', 'iis401.js');
// Vague enough that the static-files question moves the first cause.
const SCRIPTS = 'we get 401.3 on the aspx pages';
const FIRST_CAUSE = /^1\. (.*)$/gm;

function firstCauses(screen: string): string[] {
  return [...screen.matchAll(FIRST_CAUSE)].map((m) => m[1] ?? '');
}

describe('the next question in iis401 chat', () => {
  it('should offer the answers by number and value, and re-rank when one is typed', () => {
    const { status, stdout } = spawnSync(process.execPath, [BIN, 'chat'], { cwd: ROOT, input: `${SCRIPTS}\n.\n1\n`, encoding: 'utf8', timeout: 60_000, env: { ...process.env, NO_COLOR: '1' } });
    expect(status).toBe(0);
    expect(stdout).toContain('2. Everything fails, static files too (everything)');
    expect(stdout).toContain('Reply with the number or the value');
    const [before, after] = firstCauses(stdout);
    expect(before).toMatch(/NTFS permissions/);
    expect(after).toMatch(/^Static pages work but scripts fail/);
    expect(stdout).toContain('(static=only-scripts)');
  });

  it.skipIf(!hasTmux)('should re-rank at once when the answer is typed at the prompt of a terminal', async () => {
    const term = new TmuxTerminal(`${process.execPath} ${BIN} chat`, { width: 100, height: 80, cwd: ROOT, env: { NO_COLOR: '1' } });
    try {
      await term.waitFor(/iis401> $/m);
      term.keys(SCRIPTS, true);
      term.keys('Enter');
      await term.waitFor(/^\.\.\. $/m);
      term.keys('.', true);
      term.keys('Enter');
      await term.waitFor(/Reply with the number[\s\S]*iis401> $/m);
      term.keys('only-scripts', true);
      term.keys('Enter');
      const screen = await term.waitFor(/Answers so far[\s\S]*iis401> $/m);
      expect(firstCauses(screen).at(-1)).toMatch(/^Static pages work but scripts fail/);
      term.keys('/quit', true);
      term.keys('Enter');
      await term.waitFor(/\[exited\]/);
    } finally {
      term.close();
    }
  });
});
