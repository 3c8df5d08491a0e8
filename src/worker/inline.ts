import type { DiagnosisEngine } from '../diagnose.js';
import type { TaskRunner } from './pool.js';
import { runTask } from './tasks.js';
import type { ResultOf, Task } from './tasks.js';

/**
 * Runs tasks on the calling thread, with no time or memory limit: for an embedding that has no worker
 * threads, and for tests that give the bot an engine of their own (a worker loads the project's kb).
 */
export class InlineRunner implements TaskRunner {
  private readonly engine: Pick<DiagnosisEngine, 'diagnose'>;

  constructor(engine: Pick<DiagnosisEngine, 'diagnose'>) {
    this.engine = engine;
  }

  async run<T extends Task>(task: T): Promise<ResultOf<T>> {
    return runTask(this.engine, task);
  }

  async ready(): Promise<void> {
    // nothing to load
  }

  async close(): Promise<void> {
    // nothing to stop
  }
}
