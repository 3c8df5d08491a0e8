import { parentPort } from 'node:worker_threads';
import { createEngine } from '../engine.js';
import type { WorkerMessage } from './pool.js';
import { runTask } from './tasks.js';
import type { Task } from './tasks.js';

// One worker thread of the pool: the engine is loaded once, from the kb cache, before the worker says it
// is ready; then each message is one task. A task that runs too long is ended from outside (terminate).

const port = parentPort;
if (!port) throw new Error('iis401: task-worker.js runs as a worker thread of the bot, not on its own');

const engine = await createEngine();

port.on('message', (message: { readonly id: number; readonly task: Task }) => {
  runTask(engine, message.task).then(
    (result) => port.postMessage({ id: message.id, result } satisfies WorkerMessage),
    (error: unknown) =>
      port.postMessage({ id: message.id, error: error instanceof Error ? { message: error.message, ...(error.stack ? { stack: error.stack } : {}) } : { message: String(error) } } satisfies WorkerMessage),
  );
});
port.postMessage({ ready: true } satisfies WorkerMessage);
