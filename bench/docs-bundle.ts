// The docs site's browser engine (issue 14): its size, and how long a page waits for the first answer
// after loading it (import + first diagnosis), measured in Node on the very bundle the site ships.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BUNDLE_GZIP_LIMIT, bundleEngine } from '../src/docs/bundle.js';
import type { BrowserEngine } from '../src/docs/browser-engine.js';

export interface DocsBundleResult {
  readonly bytes: number;
  readonly gzipBytes: number;
  readonly gzipLimit: number;
  readonly bundleMs: number;
  readonly importMs: number;
  readonly firstDiagnoseMs: number;
}

export async function measureDocsBundle(root: string): Promise<DocsBundleResult> {
  const dir = mkdtempSync(join(tmpdir(), 'iis401-bench-bundle-'));
  try {
    let started = performance.now();
    const report = await bundleEngine(root, join(dir, 'iis401-engine.js'));
    const bundleMs = performance.now() - started;
    started = performance.now();
    const { engine } = (await import(pathToFileURL(report.file).href)) as { engine: BrowserEngine };
    const importMs = performance.now() - started;
    started = performance.now();
    engine.diagnose('the anonymous account keeps getting locked out: 401 1 1909');
    return { bytes: report.bytes, gzipBytes: report.gzipBytes, gzipLimit: BUNDLE_GZIP_LIMIT, bundleMs, importMs, firstDiagnoseMs: performance.now() - started };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
