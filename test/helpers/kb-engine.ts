import { loadCheckedEngine } from '../../src/engine.js';
import type { DiagnosisEngine } from '../../src/diagnose.js';
import { projectRoot } from '../../src/root.js';

let engine: Promise<DiagnosisEngine> | undefined;

/** The engine over the real kb folder, read from Markdown (never the build cache), shared by a test file. */
export function realEngine(): Promise<DiagnosisEngine> {
  engine ??= loadCheckedEngine(projectRoot());
  return engine;
}
