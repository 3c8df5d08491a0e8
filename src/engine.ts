import { DiagnosisEngine } from './diagnose.js';
import { checkKnowledgeBase, formatProblems } from './kb/check.js';
import { loadKnowledgeBase, projectRoot } from './kb/load.js';
import type { KbProblem } from './kb/load.js';

export class KnowledgeBaseError extends Error {
  readonly code = 'IIS401_KB_INVALID';
  readonly problems: readonly KbProblem[];

  constructor(problems: readonly KbProblem[]) {
    super(`iis401: the knowledge base has ${problems.length} problem(s):\n${formatProblems(problems)}`);
    this.problems = problems;
  }
}

/** Loads and checks the kb, then builds the engine. A broken kb stops here, naming file and field. */
export function createEngine(root: string = projectRoot()): DiagnosisEngine {
  const { kb, problems } = loadKnowledgeBase(root);
  const all = [...problems, ...checkKnowledgeBase(kb)];
  if (all.length > 0) throw new KnowledgeBaseError(all);
  return new DiagnosisEngine(kb);
}
