import { DiagnosisEngine } from './diagnose.js';
import { kbFingerprint, readKbCache, writeKbCache } from './kb/cache.js';
import { readCauseModel } from './model/file.js';
import type { KbProblem } from './kb/load.js';
import type { CauseModel } from './model/model.js';
import { projectRoot } from './root.js';
import { ArticleIndex } from './search/index.js';

export class KnowledgeBaseError extends Error {
  readonly code = 'IIS401_KB_INVALID';
  readonly problems: readonly KbProblem[];

  constructor(problems: readonly KbProblem[], formatted: string) {
    super(`iis401: the knowledge base has ${problems.length} problem(s):\n${formatted}`);
    this.problems = problems;
  }
}

/** Loads, checks and indexes the kb from its Markdown (the slow path: Markdown and YAML parsers load here). */
export async function loadCheckedEngine(root: string, model?: CauseModel): Promise<DiagnosisEngine> {
  const [{ loadKnowledgeBase }, { checkKnowledgeBase, formatProblems }] = await Promise.all([import('./kb/load.js'), import('./kb/check.js')]);
  const { kb, problems } = loadKnowledgeBase(root);
  const all = [...problems, ...checkKnowledgeBase(kb)];
  if (all.length > 0) throw new KnowledgeBaseError(all, formatProblems(all));
  return new DiagnosisEngine(kb, ArticleIndex.build(kb.articles), model);
}

export interface EngineOptions {
  readonly useCache?: boolean;
  /**
   * false: answer with the rule engine alone, as training and the evaluation of the rules need (the
   * environment's IIS401_MODEL=off does the same, for comparing with the docs site's rules-only engine).
   */
  readonly model?: boolean;
}

/**
 * The engine over the project's kb. A kb that matches the cache written at build time is used as is
 * (it was checked when the cache was written); otherwise the kb is read and checked, and a broken kb
 * stops here with every problem named by file and field.
 */
export async function createEngine(root: string = projectRoot(), options: EngineOptions = {}): Promise<DiagnosisEngine> {
  const version = kbFingerprint(root);
  const model = options.model === false || process.env.IIS401_MODEL === 'off' ? undefined : readCauseModel(root);
  if (options.useCache !== false) {
    const cached = readKbCache(root, version);
    if (cached) return new DiagnosisEngine(cached.kb, ArticleIndex.fromJSON(cached.searchIndex), model);
  }
  const engine = await loadCheckedEngine(root, model);
  if (options.useCache !== false) writeKbCache(engine.kb, engine.searchIndexJson());
  return engine;
}
