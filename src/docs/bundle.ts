import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { CacheFile } from '../kb/cache.js';
import { CACHE_PATH } from '../kb/cache.js';
import { importDevTool } from './dev-import.js';
import type { EsbuildApi } from './dev-import.js';

// The engine for the browser: dist/src/docs/browser-engine.js (the same compiled engine the CLI runs)
// and dist/kb-cache.json in one ES module. esbuild is a build-time tool: it is loaded only here.

/** The gzipped size the browser bundle must stay under (issue 14). */
export const BUNDLE_GZIP_LIMIT = 400 * 1024;

export const ENGINE_FILE = 'iis401-engine.js';

export interface BundleReport {
  readonly file: string;
  readonly bytes: number;
  readonly gzipBytes: number;
}

/** Bytes and gzipped bytes of a built bundle. */
export function bundleSize(file: string): BundleReport {
  return { file, bytes: statSync(file).size, gzipBytes: gzipSync(readFileSync(file), { level: 9 }).length };
}

/** Writes the browser engine to `outFile` and reports its size. Needs `npm run build` first. */
export async function bundleEngine(root: string, outFile: string): Promise<BundleReport> {
  const cache = JSON.parse(readFileSync(join(root, CACHE_PATH), 'utf8')) as CacheFile;
  // The kb README is only read by `kb check`; the answer never needs it.
  const kbCache = { ...cache, readme: '' };
  const { build } = await importDevTool<EsbuildApi>('esbuild');
  await build({
    stdin: {
      contents: [
        `import { createBrowserEngine } from './dist/src/docs/browser-engine.js';`,
        `export { stepToHtml, siteHref, escapeHtml } from './dist/src/docs/browser-engine.js';`,
        `export const engine = createBrowserEngine(${JSON.stringify(kbCache)});`,
      ].join('\n'),
      resolveDir: root,
      sourcefile: 'iis401-engine-entry.js',
      loader: 'js',
    },
    outfile: outFile,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
  return bundleSize(outFile);
}
