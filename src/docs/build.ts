import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { formatProblems } from '../kb/check.js';
import { loadKnowledgeBase, readArticleBody } from '../kb/load.js';
import { bundleEngine, BUNDLE_GZIP_LIMIT, ENGINE_FILE } from './bundle.js';
import type { BundleReport } from './bundle.js';
import { generateSite } from './pages.js';
import { importDevTool } from './dev-import.js';
import type { VitePressApi } from './dev-import.js';

// `npm run docs:build` / `docs:dev`: kb -> generated pages (a build-time folder under dist/, never
// committed) + the browser engine -> VitePress (docs/.vitepress holds the config and the theme).

/** Where the generated pages go; docs/.vitepress/config.mts reads the same paths. */
export const PAGES_DIR = join('dist', 'docs-pages');
export const SITE_DIR = join('dist', 'docs-site');

export interface PagesReport {
  readonly pages: number;
  readonly bundle: BundleReport;
}

/** Writes every page, the site data and the browser engine into the pages folder. */
export async function writePages(root: string): Promise<PagesReport> {
  const { kb, problems } = loadKnowledgeBase(root);
  if (problems.length > 0) throw new Error(`iis401 docs: the knowledge base has problems:\n${formatProblems(problems)}`);
  const site = generateSite(kb, (article) => readArticleBody(root, article));
  const dir = join(root, PAGES_DIR);
  rmSync(dir, { recursive: true, force: true });
  for (const [path, markdown] of site.pages) {
    const file = join(dir, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, markdown);
  }
  writeFileSync(join(dir, 'site-data.json'), JSON.stringify(site.data));
  mkdirSync(join(dir, 'public'), { recursive: true });
  const bundle = await bundleEngine(root, join(dir, 'public', ENGINE_FILE));
  return { pages: site.pages.size, bundle };
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(0)} KB`;
}

export function describePages(report: PagesReport): string {
  const { bytes, gzipBytes } = report.bundle;
  const verdict = gzipBytes < BUNDLE_GZIP_LIMIT ? 'under' : 'OVER';
  return `${report.pages} pages; browser engine ${kb(bytes)}, ${kb(gzipBytes)} gzipped (${verdict} the ${kb(BUNDLE_GZIP_LIMIT)} limit)`;
}

/** `mode` build writes the static site to dist/docs-site; dev serves a preview with hot reload. */
export async function runDocs(root: string, mode: 'build' | 'dev'): Promise<number> {
  const report = await writePages(root);
  process.stdout.write(`iis401 docs: ${describePages(report)}\n`);
  if (report.bundle.gzipBytes >= BUNDLE_GZIP_LIMIT) {
    process.stderr.write('iis401 docs: the browser engine is over its size limit\n');
    return 1;
  }
  const vitepress = await importDevTool<VitePressApi>('vitepress');
  const docsRoot = join(root, 'docs');
  if (mode === 'build') {
    await vitepress.build(docsRoot);
    process.stdout.write(`iis401 docs: site written to ${SITE_DIR}\n`);
    return 0;
  }
  const server = await vitepress.createServer(docsRoot, { host: '127.0.0.1' });
  await server.listen();
  server.printUrls();
  return 0;
}
