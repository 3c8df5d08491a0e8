import type { IncomingMessage, ServerResponse } from 'node:http';
import { App } from '@slack/bolt';
import type { CustomRoute, Logger, Receiver, webApi } from '@slack/bolt';
import type { DiagnosisEngine } from '../diagnose.js';
import type { TaskBudget } from '../worker/budget.js';
import type { TaskRunner } from '../worker/pool.js';
import type { SlackConfig } from './config.js';
import { dedupeDeliveries } from './dedupe.js';
import { reportFailure } from './failure.js';
import { registerListeners } from './listeners/index.js';
import type { Registration } from './registration.js';
import { receiverOf, refuseFutureDated } from './request-time.js';
import { createServices } from './services.js';
import type { SlackServices } from './services.js';
import { botWork, stopWorkWithApp } from './work.js';

/** GET /health and /healthz: 200 with a small JSON body, for load balancers and container probes. */
export function healthRoutes(engine: DiagnosisEngine): CustomRoute[] {
  const handler = (_req: IncomingMessage, res: ServerResponse): void => {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
    res.end(JSON.stringify({ status: 'ok', kb: engine.kb.version }));
  };
  return ['/health', '/healthz'].map((path) => ({ path, method: ['GET', 'HEAD'], handler }));
}

export interface CreateSlackAppOptions {
  readonly engine: DiagnosisEngine;
  readonly config: SlackConfig;
  /** Tests and benchmarks pass their own receiver; by default one is built for `config.mode`. */
  readonly receiver?: Receiver;
  readonly logger?: Logger;
  /** Merged over `{ slackApiUrl: config.apiUrl }` (tests add `retryConfig: { retries: 0 }`). */
  readonly clientOptions?: webApi.WebClientOptions;
  /** With both, Bolt does not call auth.test. */
  readonly botId?: string;
  readonly botUserId?: string;
  /** Used for file downloads. */
  readonly fetch?: typeof fetch;
  /** Over the environment's budget (src/worker/budget.ts); tests set small limits. */
  readonly budget?: Partial<TaskBudget>;
  /** Runs pastes and files instead of a worker pool (e.g. InlineRunner for a test's own engine). */
  readonly tasks?: TaskRunner;
  /** Where the budget variables (IIS401_*_MS, ...) are read; default process.env. */
  readonly env?: NodeJS.ProcessEnv;
}

export interface SlackApp {
  readonly app: App;
  readonly services: SlackServices;
  /** What the listeners registered: manifest.yml must declare exactly this. */
  readonly registered: readonly Registration[];
}

/** The Bolt app with every iis401 surface on it. Thin on purpose: the work is in listeners/. */
export function createSlackApp(options: CreateSlackAppOptions): SlackApp {
  const { config } = options;
  const app = new App({
    token: config.botToken,
    clientOptions: { ...(config.apiUrl ? { slackApiUrl: config.apiUrl } : {}), ...options.clientOptions },
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.botId && options.botUserId ? { botId: options.botId, botUserId: options.botUserId } : {}),
    ...(options.receiver
      ? { receiver: options.receiver }
      : config.mode === 'socket'
        ? { socketMode: true, appToken: config.appToken ?? '' }
        : { signingSecret: config.signingSecret ?? '', port: config.port, customRoutes: healthRoutes(options.engine) }),
  });
  const work = botWork(options, app.logger, options.env);
  stopWorkWithApp(app, work.tasks);
  refuseFutureDated(options.receiver ?? receiverOf(app), app.logger);
  const services = createServices(options.engine, config, app.logger, work, options.fetch);
  app.use(dedupeDeliveries(services.seen));
  app.error(async (error) => {
    reportFailure(app.logger, 'a Slack request', error);
  });
  return { app, services, registered: registerListeners(app, services) };
}
