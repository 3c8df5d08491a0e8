import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DiagnosisEngine } from '../../src/diagnose.js';
import { createEngine, KnowledgeBaseError } from '../../src/engine.js';
import { SETUP_INSTRUCTIONS } from '../../src/slack/config.js';
import { start } from '../../src/slack/start.js';
import { FORM, formBody, postSigned } from '../helpers/signed-request.js';
import { startSlackApiStandIn } from '../helpers/slack-api-stand-in.js';
import { textSink } from '../helpers/text-sink.js';
import type { SlackApiStandIn } from '../helpers/slack-api-stand-in.js';
import { HOSTILE_LETTERS } from '../helpers/hostile.js';
import { LOG_CAUSE, LOG_LINE } from '../helpers/samples.js';
import { messageText, waitFor } from '../helpers/slack-harness.js';

const sink = textSink;

describe('iis401 start', () => {
  let engine: DiagnosisEngine;
  let api: SlackApiStandIn;
  let dataDir: string;

  beforeAll(async () => {
    engine = await createEngine();
    api = await startSlackApiStandIn();
    dataDir = mkdtempSync(join(tmpdir(), 'iis401-start-'));
  });
  afterAll(async () => {
    await api.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('should print what to set and exit 0 without Slack settings when stdin is not a terminal', async () => {
    const out = sink();
    const stdin = Object.assign(new PassThrough(), { isTTY: false });
    const code = await start({}, { stdin, stdout: out.stream, stderr: sink().stream, engine: async () => engine });
    expect(code).toBe(0);
    expect(out.text()).toContain(SETUP_INSTRUCTIONS);
    expect(out.text()).toContain('SLACK_BOT_TOKEN');
    expect(out.text()).toContain('SLACK_APP_TOKEN');
    expect(out.text()).toContain('SLACK_SIGNING_SECRET');
  });

  it('should open the local console without Slack settings when stdin is a terminal', async () => {
    const out = sink();
    const stdin = Object.assign(new PassThrough(), { isTTY: true });
    const running = start({ SLACK_BOT_TOKEN: '' }, { stdin, stdout: out.stream, stderr: sink().stream, engine: async () => engine });
    stdin.end(`${LOG_LINE}\n\nquit\n`);
    expect(await running).toBe(0);
    expect(out.text()).toContain('Opening the local console');
    expect(out.text()).toContain(LOG_CAUSE);
  });

  it('should exit 1 naming the missing variable when the settings are partial', async () => {
    const err = sink();
    const code = await start({ SLACK_APP_TOKEN: 'xapp-1-x' }, { stdout: sink().stream, stderr: err.stream, engine: async () => engine });
    expect(code).toBe(1);
    expect(err.text()).toContain('SLACK_BOT_TOKEN is missing');
  });

  it('should stop with the knowledge-base message when the kb is broken', async () => {
    const err = sink();
    const broken = async (): Promise<DiagnosisEngine> => {
      throw new KnowledgeBaseError([{ file: 'kb/causes/x.md', field: 'title', message: 'required' }], 'kb/causes/x.md: title: required');
    };
    const code = await start({ SLACK_BOT_TOKEN: 'xoxb-1-x', SLACK_SIGNING_SECRET: 's' }, { stdout: sink().stream, stderr: err.stream, engine: broken });
    expect(code).toBe(1);
    expect(err.text()).toContain('kb/causes/x.md: title: required');
  });

  it('should exit 1 with a clear message when Slack refuses the bot token', async () => {
    api.failing.set('auth.test', 'invalid_auth');
    const err = sink();
    const code = await start(
      { SLACK_BOT_TOKEN: 'xoxb-revoked', SLACK_SIGNING_SECRET: 's', PORT: '0', HOST: '127.0.0.1', SLACK_API_URL: api.apiUrl, IIS401_DATA_DIR: dataDir },
      { stdout: sink().stream, stderr: err.stream, engine: async () => engine },
    );
    api.failing.clear();
    api.reset();
    expect(code).toBe(1);
    expect(err.text()).toContain('Slack refused SLACK_BOT_TOKEN (invalid_auth)');
    expect(err.text()).not.toContain('xoxb-revoked');
  });

  it('should run in HTTP mode, answer a signed slash command on /slack/events and stop cleanly on SIGTERM', async () => {
    const signals = new EventEmitter();
    let stopped: Promise<number> | undefined;
    const port = await new Promise<number>((resolve) => {
      stopped = start(
        { SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_SIGNING_SECRET: 'start-secret', PORT: '0', HOST: '127.0.0.1', SLACK_API_URL: api.apiUrl, IIS401_DATA_DIR: dataDir },
        { stdout: sink().stream, stderr: sink().stream, signals, engine: async () => engine, ready: (running) => resolve(running.port ?? 0) },
      );
    });
    expect(port).toBeGreaterThan(0);
    const body = formBody({ command: '/iis401', text: LOG_LINE, user_id: 'U1', channel_id: 'C1', team_id: 'T1', response_url: api.responseUrl('x'), trigger_id: '1', api_app_id: 'A1', token: 't' });
    const response = await postSigned(`http://127.0.0.1:${port}/slack/events`, 'start-secret', body, FORM);
    expect(response.status).toBe(200);
    expect(response.text).toContain(LOG_CAUSE);
    // The token was checked once at start (auth.test on the stand-in), with the bot token.
    expect(api.callsTo('auth.test').map((c) => c.headers.authorization)).toEqual(['Bearer xoxb-test-token']);
    signals.emit('SIGTERM');
    expect(await stopped).toBe(0);
    await expect(fetch(`http://127.0.0.1:${port}/slack/events`)).rejects.toThrow();
  });

  it('should stop promptly on SIGTERM while a hostile file is being read, ending its task', async () => {
    const signals = new EventEmitter();
    let stopped: Promise<number> | undefined;
    api.files.set('FH', { id: 'FH', name: 'letters.txt', bytes: HOSTILE_LETTERS });
    const env = { SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_SIGNING_SECRET: 'start-secret', PORT: '0', HOST: '127.0.0.1', SLACK_API_URL: api.apiUrl, IIS401_DATA_DIR: dataDir, IIS401_FILE_TIME_MS: '600000' };
    const port = await new Promise<number>((resolve) => {
      stopped = start(env, { stdout: sink().stream, stderr: sink().stream, signals, engine: async () => engine, ready: (running) => resolve(running.port ?? 0) });
    });
    const envelope = { token: 't', team_id: 'T1', api_app_id: 'A1', type: 'event_callback', event_id: 'EvSIGTERM', event_time: Math.floor(Date.now() / 1000), event: { type: 'file_shared', file_id: 'FH', user_id: 'U1', file: { id: 'FH' }, channel_id: 'D0ADMIN', event_ts: '1' } };
    const acked = await postSigned(`http://127.0.0.1:${port}/slack/events`, 'start-secret', JSON.stringify(envelope), 'application/json');
    expect(acked.status).toBe(200);
    await waitFor(() => api.downloads.length === 1);
    signals.emit('SIGTERM');
    expect(await stopped).toBe(0);
    // The scan (600 s allowed) was ended with the pool: its author hears the bot is restarting.
    const post = await waitFor(() => api.callsTo('chat.postMessage')[0]);
    expect(messageText(post.args)).toMatch(/restarting|letters\.txt/);
    api.reset();
  });
});
