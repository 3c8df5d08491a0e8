import type { App, Logger } from '@slack/bolt';
import { readBudget } from '../worker/budget.js';
import type { TaskBudget } from '../worker/budget.js';
import { WorkerPool } from '../worker/pool.js';
import type { TaskRunner } from '../worker/pool.js';

export interface BotWork {
  readonly tasks: TaskRunner;
  readonly ackMs: number;
}

/** The bot's task runner: the given one, or a worker pool under the budget (environment over defaults). */
export function botWork(options: { readonly tasks?: TaskRunner; readonly budget?: Partial<TaskBudget> }, logger: Logger, env: NodeJS.ProcessEnv = process.env): BotWork {
  const { budget, problems } = readBudget(env, options.budget);
  for (const problem of problems) logger.warn(`iis401: ${problem}`);
  return { tasks: options.tasks ?? new WorkerPool(budget), ackMs: budget.ackMs };
}

/**
 * app.stop() stops the workers too, first: running tasks end at once (their listeners answer "restarting"),
 * so no open request keeps the HTTP server from closing.
 */
export function stopWorkWithApp(app: App, tasks: TaskRunner): void {
  const stop = app.stop.bind(app);
  app.stop = async (...args: Parameters<App['stop']>) => {
    await tasks.close();
    return stop(...args);
  };
}
