// Benchmark hook: how long the real iis401 Bolt app takes to ack a slash command (the ack carries the
// whole answer, so this is the time a person waits). The app runs on 127.0.0.1 with an HTTPReceiver as in
// HTTP mode; requests are signed as Slack signs them. Nothing leaves the machine: the Web API URL points
// at a closed local port and a command needs no Web API call. The load comes from a worker thread, as a
// second process would send it, so the server's thread does only the server's work.
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { HTTPReceiver, LogLevel } from '@slack/bolt';
import type { Logger } from '@slack/bolt';
import { createEngine } from '../src/engine.js';
import { createSlackApp } from '../src/slack/app.js';
import { InlineRunner } from '../src/worker/inline.js';
import { HOSTILE_LETTERS_TEXT, HOSTILE_MESSAGE } from './hostile-inputs.js';
import { HOSTILE_HEADER } from './slack-load.js';
import type { LoadJob, LoadResult } from './slack-load.js';

export interface SlackAckOptions {
  /** Slash commands to time (after a short warm-up that is not counted). */
  readonly requests: number;
  /** Requests in flight at once. */
  readonly concurrency: number;
  /** Hostile pastes (issue 11's message and 96 KiB of letters) kept in flight as commands meanwhile; default none. */
  readonly hostile?: number;
  /** 'event-loop' reads pastes on the server's own thread, as the bot did before its worker pool (for comparison). */
  readonly reading?: 'workers' | 'event-loop';
}

export interface SlackAckResult {
  readonly requests: number;
  /** Median time from sending the command to the end of the HTTP response (the ack), ms. */
  readonly p50: number;
  /** 99th percentile of the same, ms. */
  readonly p99: number;
  /** Responses that were not a 200 carrying an ephemeral answer, and network errors. */
  readonly failures: number;
  /** The same on the server: from the request's arrival to the end of the ack, without the client's queue. */
  readonly server: { readonly p50: number; readonly p99: number };
  /** With `hostile`: how many hostile commands were kept in flight, sent and acked (their own acks are not timed). */
  readonly hostile?: { readonly inFlight: number; readonly sent: number; readonly acked: number };
}

const SIGNING_SECRET = 'bench-signing-secret';

/** What admins send, in rotation: every parser gets its share. */
const INPUTS = [
  '2024-03-01 10:00:00 10.0.0.5 GET /app/ - 443 - 10.0.0.9 Mozilla/5.0 - 401 1 1326 15',
  'event 4625 0xC000006A',
  '401.2',
  'win32 1326',
  'search guests deny network logon',
  'HTTP Error 401.2 - Unauthorized\nYou are not authorized to view this page due to invalid authentication headers.\nModule IIS Web Core\nNotification AuthenticateRequest\nError Code 0x80070005',
  'An account failed to log on.\nLogon Type: 3\nAccount Name: jdoe\nFailure Reason: Unknown user name or bad password.\nStatus: 0xC000006D\nSub Status: 0xC000006A',
  'after the server rebooted every user gets prompted three times and then a 401 on our intranet with Windows authentication',
];

const WARM_UP = 10;

function silentLogger(): Logger {
  let level = LogLevel.ERROR;
  const drop = (): void => undefined;
  return { debug: drop, info: drop, warn: drop, error: drop, setLevel: (l) => (level = l), getLevel: () => level, setName: drop };
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Math.round((sorted[rank] ?? 0) * 100) / 100;
}

export async function measureSlackAck(options: SlackAckOptions): Promise<SlackAckResult> {
  const requests = Math.max(0, Math.floor(options.requests));
  const concurrency = Math.max(1, Math.floor(options.concurrency));
  const dataDir = mkdtempSync(join(tmpdir(), 'iis401-bench-'));
  const logger = silentLogger();
  const engine = await createEngine();
  const { app, services } = createSlackApp({
    engine,
    ...(options.reading === 'event-loop' ? { tasks: new InlineRunner(engine) } : {}),
    config: { mode: 'http', botToken: 'xoxb-bench', signingSecret: SIGNING_SECRET, port: 0, host: '127.0.0.1', apiUrl: 'http://127.0.0.1:9/api/', dataDir },
    receiver: new HTTPReceiver({ signingSecret: SIGNING_SECRET, logger }),
    logger,
    botId: 'B0BENCH',
    botUserId: 'U0BENCH',
    clientOptions: { retryConfig: { retries: 0 } },
  });
  try {
    await services.tasks.ready();
    const server = (await app.start({ port: 0, host: '127.0.0.1' })) as Server;
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
    // Measured at the server too: on two cores the load generator's own queue dominates what it sees.
    const serverTimes: number[] = [];
    server.on('request', (request, response) => {
      if (request.headers[HOSTILE_HEADER]) return;
      const started = performance.now();
      response.once('finish', () => serverTimes.push(performance.now() - started));
    });
    const hostile = Math.max(0, Math.floor(options.hostile ?? 0));
    const job: LoadJob = { url, secret: SIGNING_SECRET, inputs: INPUTS, warmUp: WARM_UP, requests, concurrency, ...(hostile > 0 ? { hostile: { inputs: [HOSTILE_MESSAGE, HOSTILE_LETTERS_TEXT], inFlight: hostile } } : {}) };
    const { latencies, failures, hostileSent, hostileAcked } = await new Promise<LoadResult>((resolve, reject) => {
      // Workers run JavaScript: from the TypeScript source (tests), use the built copy.
      const script = import.meta.url.endsWith('.ts') ? '../dist/bench/slack-load.js' : './slack-load.js';
      const worker = new Worker(new URL(script, import.meta.url), { workerData: job });
      worker.once('message', (result: LoadResult) => resolve(result));
      worker.once('error', reject);
    });
    latencies.sort((a, b) => a - b);
    const counted = serverTimes.slice(Math.min(WARM_UP, requests)).sort((a, b) => a - b);
    return {
      requests,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      failures,
      server: { p50: percentile(counted, 50), p99: percentile(counted, 99) },
      ...(hostile > 0 ? { hostile: { inFlight: hostile, sent: hostileSent ?? 0, acked: hostileAcked ?? 0 } } : {}),
    };
  } finally {
    await app.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
