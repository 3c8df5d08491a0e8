import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/root.js';

// scripts/machine-text-check.mjs is what .ci/run points at real logs, events, pages and traces written by
// others: it must pass machine text that leaks nothing and fail a file whose words would reach the model.
const SCRIPT = join(projectRoot(), 'scripts', 'machine-text-check.mjs');
const run = (dir: string) => spawnSync(process.execPath, [SCRIPT, dir], { encoding: 'utf8', timeout: 60_000 });

describe('the machine-text check', () => {
  const dir = mkdtempSync(join(tmpdir(), 'iis401-machine-text-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('should pass the machine-only fixtures', () => {
    const result = run(join(projectRoot(), 'test', 'fixtures', 'admin-words'));
    expect(result.stdout).toMatch(/\b[1-9]\d* files read as machine text; 0 gave/);
    expect(result.status).toBe(0);
  });

  it('should fail, naming the file and its terms, when a read file gives the model words', () => {
    writeFileSync(join(dir, 'event-with-words.txt'), 'An account failed to log on.\nLogon Type: 3\nStatus: 0xC000006D\nSub Status: 0xC000006A\nHere is what WEB01 shows\n');
    const result = run(dir);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('event-with-words.txt: ');
    expect(result.stdout).toContain('w:web01');
  });
});
