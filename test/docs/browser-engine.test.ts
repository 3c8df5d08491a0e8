import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCaseGroup } from '../../src/cases/load.js';
import { BUNDLE_GZIP_LIMIT, bundleEngine } from '../../src/docs/bundle.js';
import type { BundleReport } from '../../src/docs/bundle.js';
import type { BrowserEngine } from '../../src/docs/browser-engine.js';

// The docs site's paste box runs this bundle. It must answer exactly as the command line does, over the
// same compiled engine (dist/) and kb cache, for every case of the development set. The bundle carries the
// rule engine without the fitted model (model/cause-model.json would take it past its size budget), so it
// is compared with the command line run with IIS401_MODEL=off.

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'iis401.js');

const cases = loadCaseGroup(join(ROOT, 'cases'), 'dev-seeds');

async function cli(input: string): Promise<unknown> {
  const child = run(process.execPath, [BIN, 'diagnose', '--json'], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, IIS401_MODEL: 'off' } });
  child.child.stdin?.end(input);
  return JSON.parse((await child).stdout);
}

/** Runs `work` over `items`, `width` at a time, keeping the order. */
async function pooled<T, R>(items: readonly T[], width: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i] as T);
    }
  }));
  return out;
}

describe('the browser bundle of the engine', () => {
  let dir: string;
  let report: BundleReport;
  let engine: BrowserEngine;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'iis401-bundle-'));
    report = await bundleEngine(ROOT, join(dir, 'iis401-engine.js'));
    ({ engine } = (await import(pathToFileURL(report.file).href)) as { engine: BrowserEngine });
  }, 60_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(`should stay under ${BUNDLE_GZIP_LIMIT / 1024} KB gzipped and hold no Node built-in`, () => {
    expect(report.gzipBytes).toBeLessThan(BUNDLE_GZIP_LIMIT);
    expect(report.gzipBytes).toBeGreaterThan(50 * 1024);
    expect(readFileSync(report.file, 'utf8')).not.toMatch(/["']node:[a-z]+["']/);
  });

  it(`should answer each of the ${cases.length} development cases exactly as the command line's engine (dist/) does`, async () => {
    expect(cases.length).toBeGreaterThan(40);
    // What `iis401 diagnose --json` runs, from the same build: createEngine() over dist/kb-cache.json, then toJson.
    const dist = (await import(pathToFileURL(join(ROOT, 'dist', 'src', 'index.js')).href)) as typeof import('../../src/index.js');
    const cliEngine = await dist.createEngine(ROOT, { model: false });
    const differing = cases.filter((c) => JSON.stringify(engine.diagnose(c.input)) !== JSON.stringify(dist.toJson(cliEngine.diagnose(c.input)))).map((c) => c.id);
    expect(differing).toEqual([]);
  });

  it('should print what the command line prints, spawned as a process, for a sample of the development cases', async () => {
    // Every seventh case: a spread of kinds without paying a process start for each of them.
    const sample = cases.filter((_c, i) => i % 7 === 0);
    const fromCli = await pooled(sample, 4, (c) => cli(c.input));
    expect(sample.filter((c, i) => JSON.stringify(engine.diagnose(c.input)) !== JSON.stringify(fromCli[i])).map((c) => c.id)).toEqual([]);
  }, 60_000);

  it('should redact a password in the paste before answering', () => {
    const answer = engine.diagnose('net user svc-web Plant3dSecret9 /domain\n2024-03-01 10:00:00 10.0.0.5 GET / - 80 - 10.0.0.9 Mozilla/5.0 - 401 1 1326 15');
    expect((answer['input'] as { redactions: number }).redactions).toBeGreaterThan(0);
    expect(JSON.stringify(answer)).not.toContain('Plant3dSecret9');
  });

  it('should answer a search command with hits whose articles it can name', () => {
    const answer = engine.diagnose('search guests deny network');
    const hits = answer['search'] as Array<{ id: string }>;
    expect(hits.length).toBeGreaterThan(0);
    for (const hit of hits) expect(engine.pathOf(hit.id)).toMatch(/^kb\/(causes|guides)\/[a-z0-9-]+\.md$/);
  });

  it('should answer garbage kindly instead of throwing', () => {
    const answer = engine.diagnose('\u0000\u0001 ÿþ '.repeat(10_000));
    expect(answer['verdict']).toBe('nothing-recognised');
  });
});
