export { DEFAULT_BUDGET, BUDGET_VARIABLES, readBudget } from './budget.js';
export type { BudgetReading, TaskBudget } from './budget.js';
export { InlineRunner } from './inline.js';
export { BudgetExceededError, HEAVY_WAITING_PER_WORKER, PoolBusyError, PoolClosedError, TaskFailedError, WAITING_PER_WORKER, WorkerPool, workerScript } from './pool.js';
export type { OverBudgetReason, TaskRunner } from './pool.js';
export { decodeText, hashInput, isHeavy, LIGHT_PASTE_CHARS, preparePaste, readFile, runTask } from './tasks.js';
export type { FileResult, FileTask, PasteTask, PreparedInput, ResultOf, Task } from './tasks.js';
