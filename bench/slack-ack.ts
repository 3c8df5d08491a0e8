// Benchmark hook: how long the real iis401 Bolt app takes to ack a slash command (the ack carries the
// whole answer, so this is the time a person waits). The app runs on 127.0.0.1 with an HTTPReceiver as in
// HTTP mode; requests are signed as Slack signs them. Nothing leaves the machine: the Web API URL points
// at a closed local port and a command needs no Web API call.
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HTTPReceiver, LogLevel } from '@slack/bolt';
import type { Logger } from '@slack/bolt';
import { createEngine } from '../src/engine.js';
import { createSlackApp } from '../src/slack/app.js';

export interface SlackAckOptions {
  /** Slash commands to time (after a short warm-up that is not counted). */
  readonly requests: number;
  /** Requests in flight at once. */
  readonly concurrency: number;
}

export interface SlackAckResult {
  readonly requests: number;
  /** Median time from sending the command to the end of the HTTP response (the ack), ms. */
  readonly p50: number;
  /** 99th percentile of the same, ms. */
  readonly p99: number;
  /** Responses that were not a 200 carrying an ephemeral answer, and network errors. */
  readonly failures: number;
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

function signedCommand(url: string, text: string, n: number): Promise<Response> {
  const body = new URLSearchParams({
    token: 'bench', team_id: 'T0BENCH', team_domain: 'bench', channel_id: 'C0BENCH', channel_name: 'bench', user_id: `U${n}`, user_name: 'bench',
    command: '/iis401', text, api_app_id: 'A0BENCH', response_url: 'http://127.0.0.1:9/response', trigger_id: `${n}.1`,
  }).toString();
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = `v0=${createHmac('sha256', SIGNING_SECRET).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  // The body goes as a string: Bolt compares the content-type exactly, a charset suffix would fail.
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signature }, body });
}

async function timeOne(url: string, n: number): Promise<number | undefined> {
  const started = performance.now();
  try {
    const response = await signedCommand(url, INPUTS[n % INPUTS.length] ?? 'help', n);
    const text = await response.text();
    const elapsed = performance.now() - started;
    return response.status === 200 && text.includes('"response_type":"ephemeral"') ? elapsed : undefined;
  } catch {
    return undefined;
  }
}

export async function measureSlackAck(options: SlackAckOptions): Promise<SlackAckResult> {
  const requests = Math.max(0, Math.floor(options.requests));
  const concurrency = Math.max(1, Math.floor(options.concurrency));
  const dataDir = mkdtempSync(join(tmpdir(), 'iis401-bench-'));
  const logger = silentLogger();
  const { app } = createSlackApp({
    engine: await createEngine(),
    config: { mode: 'http', botToken: 'xoxb-bench', signingSecret: SIGNING_SECRET, port: 0, host: '127.0.0.1', apiUrl: 'http://127.0.0.1:9/api/', dataDir },
    receiver: new HTTPReceiver({ signingSecret: SIGNING_SECRET, logger }),
    logger,
    botId: 'B0BENCH',
    botUserId: 'U0BENCH',
    clientOptions: { retryConfig: { retries: 0 } },
  });
  try {
    const server = (await app.start({ port: 0, host: '127.0.0.1' })) as Server;
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
    for (let i = 0; i < Math.min(WARM_UP, requests); i++) await timeOne(url, i);

    const latencies: number[] = [];
    let failures = 0;
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < requests) {
        const n = next++;
        const ms = await timeOne(url, n);
        if (ms === undefined) failures++;
        else latencies.push(ms);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, Math.max(1, requests)) }, worker));
    latencies.sort((a, b) => a - b);
    return { requests, p50: percentile(latencies, 50), p99: percentile(latencies, 99), failures };
  } finally {
    await app.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
