import { loadCheckedEngine } from '../../src/engine.js';
import type { DiagnosisEngine } from '../../src/diagnose.js';
import { readCauseModel } from '../../src/model/file.js';
import { projectRoot } from '../../src/root.js';

let engine: Promise<DiagnosisEngine> | undefined;

/** The engine over the real kb folder, read from Markdown (never the build cache), with the committed model, shared by a test file. */
export function realEngine(): Promise<DiagnosisEngine> {
  engine ??= loadCheckedEngine(projectRoot(), readCauseModel(projectRoot()));
  return engine;
}
