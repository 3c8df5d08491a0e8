import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Article, CatalogEntry, KnowledgeBase } from './load.js';

// Parsing 40-odd Markdown files costs most of a cold start, so `npm run build` stores the checked kb and
// its search index in dist/. The cache is used only while the kb files hash to the same fingerprint, so an
// edited article is never answered from a stale copy.

/** Bump when the shape of a cached article or of the search index changes. */
const CACHE_FORMAT = 5;

export const CACHE_PATH = join('dist', 'kb-cache.json');

export interface CacheFile {
  readonly format: number;
  readonly version: string;
  readonly articles: readonly Article[];
  readonly catalog: readonly CatalogEntry[];
  readonly readme: string;
  readonly questions?: KnowledgeBase['questions'];
  readonly searchIndex: string;
}

function kbFiles(root: string): string[] {
  const files: string[] = [];
  for (const folder of ['causes', 'guides']) {
    const dir = join(root, 'kb', folder);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).sort()) if (name.endsWith('.md')) files.push(join('kb', folder, name));
  }
  const rules = join(root, 'kb', 'rules');
  if (existsSync(rules)) for (const name of readdirSync(rules).sort()) if (name.endsWith('.yml')) files.push(join('kb', 'rules', name));
  files.push(join('kb', 'catalog.yml'), join('kb', 'README.md'), join('kb', 'questions.yml'));
  return files;
}

/** Short hash of every kb file's path and content: the kb version shown in answers. */
export function kbFingerprint(root: string): string {
  const hash = createHash('sha256');
  for (const file of kbFiles(root)) {
    hash.update(file.split('\\').join('/'));
    const full = join(root, file);
    if (existsSync(full)) hash.update(readFileSync(full));
  }
  return hash.digest('hex').slice(0, 8);
}

export function readKbCache(root: string, version: string): { kb: KnowledgeBase; searchIndex: string } | undefined {
  const file = join(root, CACHE_PATH);
  if (!existsSync(file)) return undefined;
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as CacheFile;
    if (data.format !== CACHE_FORMAT || data.version !== version) return undefined;
    const byId = new Map(data.articles.map((a) => [a.id, a]));
    return { kb: { root, articles: data.articles, byId, catalog: data.catalog, version, readme: data.readme, questions: data.questions ?? [] }, searchIndex: data.searchIndex };
  } catch {
    return undefined;
  }
}

/** Writes the cache; a read-only install simply goes without it. */
export function writeKbCache(kb: KnowledgeBase, searchIndex: string): boolean {
  const file = join(kb.root, CACHE_PATH);
  const data: CacheFile = { format: CACHE_FORMAT, version: kb.version, articles: kb.articles, catalog: kb.catalog, readme: kb.readme, questions: kb.questions ?? [], searchIndex };
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(data));
    return true;
  } catch {
    return false;
  }
}
