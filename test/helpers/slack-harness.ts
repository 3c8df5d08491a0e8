// The real iis401 Bolt app on an HTTPReceiver bound to 127.0.0.1 (random port), talking to the local
// Slack API stand-in. Requests are signed like Slack's; nothing leaves the machine.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { HTTPReceiver } from '@slack/bolt';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { createEngine } from '../../src/engine.js';
import type { DiagnosisEngine } from '../../src/diagnose.js';
import { createSlackApp } from '../../src/slack/app.js';
import type { SlackApp } from '../../src/slack/app.js';
import type { SlackConfig } from '../../src/slack/config.js';
import type { TaskBudget } from '../../src/worker/budget.js';
import type { TaskRunner } from '../../src/worker/pool.js';
import { captureLogger } from './capture-logger.js';
import { FORM, formBody, interactionBody, postSigned } from './signed-request.js';
import type { SignedOptions, SignedResponse } from './signed-request.js';
import { startSlackApiStandIn } from './slack-api-stand-in.js';
import type { SlackApiStandIn } from './slack-api-stand-in.js';

export const SIGNING_SECRET = 'test-signing-secret-0123456789';
export const BOT_TOKEN = 'xoxb-test-token';
export const BOT_ID = 'B0BOT';
export const BOT_USER_ID = 'U0BOT';
export const ADMIN = 'U0ADMIN';
export const CHANNEL = 'C0OPS';
export const DM = 'D0ADMIN';

export interface HarnessOptions {
  readonly engine: DiagnosisEngine;
  /**
   * true (default here): the HTTP response waits for the listeners, so a test can assert that nothing
   * was sent right after the response. Production keeps Bolt's default (ack first).
   */
  readonly processBeforeResponse?: boolean;
  readonly kbBaseUrl?: string;
  /** An existing stand-in to reuse. */
  readonly api?: SlackApiStandIn;
  /** Over the default budget (small time limits for over-budget tests). */
  readonly budget?: Partial<TaskBudget>;
  /** Instead of the worker pool: InlineRunner when the test's own engine (or a vi.mock) must do the work. */
  readonly tasks?: TaskRunner;
}

export interface Harness {
  readonly api: SlackApiStandIn;
  readonly slack: SlackApp;
  /** http://127.0.0.1:<port>/slack/events */
  readonly url: string;
  readonly logs: string[];
  readonly dataDir: string;
  command(text: string, options?: SignedOptions & { fields?: Record<string, string>; responseId?: string }): Promise<SignedResponse & { json: Record<string, unknown> | undefined }>;
  event(event: Record<string, unknown>, options?: SignedOptions & { eventId?: string }): Promise<SignedResponse>;
  interact(payload: Record<string, unknown>, options?: SignedOptions): Promise<SignedResponse>;
  close(): Promise<void>;
}

let counter = 0;

export function nextEventId(): string {
  counter++;
  return `Ev${String(counter).padStart(8, '0')}`;
}

export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const api = options.api ?? (await startSlackApiStandIn());
  const logger = captureLogger();
  const dataDir = mkdtempSync(join(tmpdir(), 'iis401-slack-'));
  const config: SlackConfig = {
    mode: 'http',
    botToken: BOT_TOKEN,
    signingSecret: SIGNING_SECRET,
    port: 0,
    host: '127.0.0.1',
    apiUrl: api.apiUrl,
    dataDir,
    ...(options.kbBaseUrl ? { kbBaseUrl: options.kbBaseUrl } : {}),
  };
  const receiver = new HTTPReceiver({
    signingSecret: SIGNING_SECRET,
    logger,
    processBeforeResponse: options.processBeforeResponse ?? true,
    // Lets the 5 MB paste test reach the listener; Slack itself never sends more than 40k characters.
    bodyLimit: 16 * 1024 * 1024,
  });
  const slack = createSlackApp({
    engine: options.engine,
    config,
    receiver,
    logger,
    botId: BOT_ID,
    botUserId: BOT_USER_ID,
    clientOptions: { retryConfig: { retries: 0 } },
    ...(options.budget ? { budget: options.budget } : {}),
    ...(options.tasks ? { tasks: options.tasks } : {}),
  });
  // Answers ride on the ack only when they are ready in time: a worker still loading its engine is not.
  await slack.services.tasks.ready();
  const server = (await slack.app.start({ port: 0, host: '127.0.0.1' })) as Server;
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;

  return {
    api,
    slack,
    url,
    logs: logger.lines,
    dataDir,
    async command(text, opts = {}) {
      const body = formBody({
        token: 'legacy-verification-token',
        team_id: 'T0TEAM',
        team_domain: 'example',
        channel_id: CHANNEL,
        channel_name: 'ops',
        user_id: ADMIN,
        user_name: 'admin',
        command: '/iis401',
        text,
        api_app_id: 'A0APP',
        response_url: api.responseUrl(opts.responseId ?? 'command'),
        // Slack gives every command its own trigger_id; a repeated one is a replay (dedupe.ts).
        trigger_id: `${++counter}.2.3`,
        ...opts.fields,
      });
      const response = await postSigned(url, SIGNING_SECRET, body, FORM, opts);
      let json: Record<string, unknown> | undefined;
      try {
        json = response.text ? (JSON.parse(response.text) as Record<string, unknown>) : undefined;
      } catch {
        json = undefined;
      }
      return { ...response, json };
    },
    event(event, opts = {}) {
      const envelope = {
        token: 'legacy-verification-token',
        team_id: 'T0TEAM',
        api_app_id: 'A0APP',
        type: 'event_callback',
        event_id: opts.eventId ?? nextEventId(),
        event_time: Math.floor(Date.now() / 1000),
        authorizations: [{ team_id: 'T0TEAM', user_id: BOT_USER_ID, is_bot: true }],
        event,
      };
      return postSigned(url, SIGNING_SECRET, JSON.stringify(envelope), 'application/json', opts);
    },
    interact(payload, opts = {}) {
      return postSigned(url, SIGNING_SECRET, interactionBody(payload), FORM, opts);
    },
    async close() {
      await slack.app.stop();
      if (!options.api) await api.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Polls until `check` returns a value (not undefined/false), or fails after `timeoutMs`. */
export async function waitFor<T>(check: () => T | undefined | false, timeoutMs = 5000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > until) throw new Error('waitFor: timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** All text of a message's blocks and fallback, for "contains" assertions. */
export function messageText(message: { text?: unknown; blocks?: unknown } | undefined): string {
  return JSON.stringify({ text: message?.text, blocks: message?.blocks });
}

/**
 * One harness for a test file, over the real kb: started before the tests, its API stand-in reset before
 * each test, closed after. The returned object forwards to the running harness.
 */
export function useHarness(options: Omit<HarnessOptions, 'engine'> = {}): Harness {
  let current: Harness | undefined;
  beforeAll(async () => {
    current = await startHarness({ ...options, engine: await createEngine() });
  });
  afterAll(async () => {
    await current?.close();
  });
  beforeEach(() => {
    current?.api.reset();
  });
  return new Proxy({} as Harness, {
    get(_target, property) {
      if (!current) throw new Error('the Slack harness is not started yet');
      const value = Reflect.get(current, property) as unknown;
      return typeof value === 'function' ? value.bind(current) : value;
    },
  });
}

/** A Block Kit button press as Slack sends it (interactivity payload), from one user on one message. */
export function blockActionPayload(options: {
  readonly actionId: string;
  readonly value: string | undefined;
  readonly responseUrl: string;
  readonly ephemeral?: boolean;
  readonly user?: string;
  readonly messageTs?: string;
}): Record<string, unknown> {
  return {
    type: 'block_actions',
    user: { id: options.user ?? ADMIN, username: 'admin', team_id: 'T0TEAM' },
    api_app_id: 'A0APP',
    token: 'legacy-verification-token',
    container: { type: 'message', message_ts: options.messageTs ?? '1700000000.000100', channel_id: CHANNEL, is_ephemeral: options.ephemeral ?? true },
    trigger_id: '1.2.3',
    team: { id: 'T0TEAM', domain: 'example' },
    channel: { id: CHANNEL, name: 'ops' },
    response_url: options.responseUrl,
    actions: [{ type: 'button', action_id: options.actionId, block_id: 'iis401_answer', value: options.value, text: { type: 'plain_text', text: 'x' }, action_ts: '1700000001.000200' }],
  };
}
