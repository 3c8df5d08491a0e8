// The hostile inputs of issue 11, measured to stall the bot before reading moved to workers.
import type { TaskRunner } from '../../src/worker/pool.js';
import type { ResultOf, Task } from '../../src/worker/tasks.js';

import { HOSTILE_LETTERS_TEXT } from '../../bench/hostile-inputs.js';

export { HOSTILE_MESSAGE } from '../../bench/hostile-inputs.js';

/** A 96 KiB text file of letters. */
export const HOSTILE_LETTERS = Buffer.from(HOSTILE_LETTERS_TEXT);

/** 1 MiB of distinct W3C lines: ten thousand records, more than a 16 MB heap holds. */
export function manyLogLines(): string {
  const lines: string[] = [];
  let length = 0;
  for (let i = 0; length < 1024 * 1024; i++) {
    const line = `2024-03-01 10:00:${String(i % 60).padStart(2, '0')} 10.0.0.5 GET /app/${i} q=${i} 443 user${i} 10.0.${i % 250}.9 Mozilla/5.0 - 401 1 1326 15`;
    lines.push(line);
    length += line.length + 1;
  }
  return lines.join('\n');
}

export interface TaskRecord {
  readonly task: Task;
  /** How it ended: 'answered', or the error's class name; undefined while it runs. */
  outcome?: string;
}

/** A runner that passes every task to `inner` (the real pool) and keeps a record of each, for assertions on what ran. */
export function recordingRunner(inner: TaskRunner): TaskRunner & { readonly records: TaskRecord[] } {
  const records: TaskRecord[] = [];
  return {
    records,
    run<T extends Task>(task: T): Promise<ResultOf<T>> {
      const record: TaskRecord = { task };
      records.push(record);
      return inner.run(task).then(
        (result) => {
          record.outcome = 'answered';
          return result;
        },
        (error: unknown) => {
          record.outcome = error instanceof Error ? error.constructor.name : 'error';
          throw error;
        },
      );
    },
    ready: () => inner.ready(),
    close: () => inner.close(),
  };
}
