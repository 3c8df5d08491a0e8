import { DiagnosisEngine } from '../diagnose.js';
import type { CacheFile } from '../kb/cache.js';
import type { KnowledgeBase } from '../kb/load.js';
import { toJson } from '../render/json.js';
import { ArticleIndex } from '../search/index.js';

// The engine of the bot and the CLI, over a kb cache that is already in memory (no file system): the
// docs site bundles this module with dist/kb-cache.json for the browser. Nothing here does I/O, so a
// paste stays in the page.

export { stepToHtml, siteHref, escapeHtml } from './step-html.js';

export interface BrowserEngine {
  readonly kbVersion: string;
  /** The answer in the CLI's JSON shape (`iis401 diagnose --json`), as a plain object. */
  diagnose(text: string): Record<string, unknown>;
  /** The kb path of an article (`kb/guides/x.md`), for linking search hits. */
  pathOf(id: string): string | undefined;
}

export function createBrowserEngine(cache: Pick<CacheFile, 'version' | 'articles' | 'catalog' | 'readme' | 'searchIndex' | 'questions'>): BrowserEngine {
  const kb: KnowledgeBase = {
    root: '.',
    articles: cache.articles,
    byId: new Map(cache.articles.map((a) => [a.id, a])),
    catalog: cache.catalog,
    version: cache.version,
    readme: cache.readme,
    questions: cache.questions ?? [],
  };
  const engine = new DiagnosisEngine(kb, ArticleIndex.fromJSON(cache.searchIndex));
  return { kbVersion: kb.version, diagnose: (text) => toJson(engine.diagnose(text)), pathOf: (id) => kb.byId.get(id)?.path };
}
