import { availableParallelism } from 'node:os';

// What one answer may cost the bot. Every paste and every shared file is read in a worker thread
// (pool.ts) under these limits, so one hostile input can slow only its own answer.

export interface TaskBudget {
  /** Worker threads; default the machine's cores, at least 2 so that one always stays free for short pastes. */
  readonly workers: number;
  /** Longest a paste (a command, a message, a button's re-render) may run in a worker, ms; default 5,000. */
  readonly pasteMs: number;
  /** Longest a shared file's scan may run, ms (its download is not counted); default 30,000. */
  readonly fileMs: number;
  /** Old-generation heap of each worker, MB; a task that needs more is stopped; default 512. */
  readonly memoryMb: number;
  /** How long /iis401 waits for its answer to ride on the ack, ms, before it acks "working on it"; default 1,000 (Slack waits 3 s). */
  readonly ackMs: number;
}

export const DEFAULT_BUDGET: TaskBudget = {
  workers: Math.max(2, availableParallelism()),
  pasteMs: 5_000,
  fileMs: 30_000,
  memoryMb: 512,
  ackMs: 1_000,
};

/** The environment variable of each budget setting (README, "Settings"). */
export const BUDGET_VARIABLES: Readonly<Record<keyof TaskBudget, string>> = {
  workers: 'IIS401_WORKERS',
  pasteMs: 'IIS401_PASTE_TIME_MS',
  fileMs: 'IIS401_FILE_TIME_MS',
  memoryMb: 'IIS401_TASK_MEMORY_MB',
  ackMs: 'IIS401_ACK_MS',
};

export interface BudgetReading {
  readonly budget: TaskBudget;
  /** One line per variable that was set but unusable (its default was kept). */
  readonly problems: readonly string[];
}

/** The budget from the environment, over `overrides` (tests) and the defaults. An empty variable counts as unset. */
export function readBudget(env: NodeJS.ProcessEnv, overrides: Partial<TaskBudget> = {}): BudgetReading {
  const budget: Record<string, number> = { ...DEFAULT_BUDGET };
  const problems: string[] = [];
  for (const [key, name] of Object.entries(BUDGET_VARIABLES) as Array<[keyof TaskBudget, string]>) {
    const text = env[name]?.trim();
    if (!text) continue;
    const value = Number(text);
    const least = key === 'ackMs' ? 0 : 1;
    if (/^\d{1,9}$/.test(text) && value >= least) budget[key] = value;
    else problems.push(`${name} must be a whole number${least > 0 ? ' above 0' : ''}, not "${text}"; using ${budget[key]}`);
  }
  return { budget: { ...(budget as unknown as TaskBudget), ...overrides }, problems };
}
