import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DiagnosisEngine } from '../../src/diagnose.js';
import { createEngine } from '../../src/engine.js';
import { start } from '../../src/slack/start.js';
import { FORM, formBody, postSigned } from '../helpers/signed-request.js';
import { startSlackApiStandIn } from '../helpers/slack-api-stand-in.js';
import { textSink } from '../helpers/text-sink.js';
import type { SlackApiStandIn } from '../helpers/slack-api-stand-in.js';
import { LOG_CAUSE, LOG_WITH_SECRET, SECRET } from '../helpers/samples.js';

// What an operator relies on in production: .env read at start, a health route, JSON log lines.

const sink = textSink;

describe('iis401 start in production', () => {
  let engine: DiagnosisEngine;
  let api: SlackApiStandIn;
  let dir: string;

  beforeAll(async () => {
    engine = await createEngine();
    api = await startSlackApiStandIn();
    dir = mkdtempSync(join(tmpdir(), 'iis401-prod-'));
  });
  afterAll(async () => {
    await api.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('should read .env, answer /health and /healthz, and log one JSON line per answer without the input', async () => {
    const envFile = join(dir, '.env');
    writeFileSync(envFile, `# as .env.example\nSLACK_BOT_TOKEN=xoxb-test-token\nSLACK_SIGNING_SECRET="env-file-secret"\nPORT=0\nHOST=127.0.0.1\nSLACK_API_URL=${api.apiUrl}\nIIS401_DATA_DIR=${dir}\n`);
    const out = sink();
    const signals = new EventEmitter();
    let stopped: Promise<number> | undefined;
    // An empty variable in the environment counts as unset, so the file fills it.
    const port = await new Promise<number>((resolve) => {
      stopped = start({ SLACK_BOT_TOKEN: '' }, { stdout: out.stream, stderr: sink().stream, signals, envFile, engine: async () => engine, ready: (running) => resolve(running.port ?? 0) });
    });
    try {
      for (const path of ['/health', '/healthz']) {
        const response = await fetch(`http://127.0.0.1:${port}${path}`);
        expect(response.status).toBe(200);
        expect(await response.json()).toEqual({ status: 'ok', kb: engine.kb.version });
      }
      const body = formBody({ command: '/iis401', text: LOG_WITH_SECRET, user_id: 'U1', channel_id: 'C1', team_id: 'T1', response_url: api.responseUrl('x'), trigger_id: '1', api_app_id: 'A1', token: 't' });
      const answer = await postSigned(`http://127.0.0.1:${port}/slack/events`, 'env-file-secret', body, FORM);
      expect(answer.status).toBe(200);
    } finally {
      signals.emit('SIGTERM');
      expect(await stopped).toBe(0);
    }
    const lines = out.text().trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.find((l) => String(l.msg).includes('running in HTTP mode'))?.msg).toContain(envFile);
    const answered = lines.filter((l) => l.event === 'answer');
    expect(answered).toHaveLength(1);
    expect(answered[0]).toMatchObject({ surface: 'command', cause: LOG_CAUSE, kb: engine.kb.version, name: 'iis401' });
    expect(answered[0]?.verdict).toMatch(/^(diagnosis|not-sure)$/);
    expect(answered[0]?.confidence).toMatch(/^(high|medium|low)$/);
    expect(answered[0]?.ms).toEqual(expect.any(Number));
    expect(answered[0]?.input).toMatch(/^[0-9a-f]{16}$/);
    expect(out.text()).not.toContain(SECRET);
    expect(out.text()).not.toContain('10.0.0.9');
  });

  it('should let the environment win over .env and name the file when nothing is set', async () => {
    const envFile = join(dir, 'other.env');
    writeFileSync(envFile, 'KB_BASE_URL=https://git.example.com/org/iis401/blob/main/\n');
    const out = sink();
    const code = await start({}, { stdin: Object.assign(new PassThrough(), { isTTY: false }), stdout: out.stream, stderr: sink().stream, envFile, engine: async () => engine });
    expect(code).toBe(0);
    expect(out.text()).toContain(`Read settings from ${envFile} and the environment`);

    const err = sink();
    // Settings that stop before any network call: the file's wrong token loses to the environment's.
    writeFileSync(envFile, 'SLACK_BOT_TOKEN=xapp-swapped\n');
    expect(await start({ SLACK_BOT_TOKEN: 'xoxb-from-environment' }, { stdout: sink().stream, stderr: err.stream, envFile, engine: async () => engine })).toBe(1);
    expect(err.text()).toContain('SLACK_SIGNING_SECRET (HTTP mode) is missing');
    expect(err.text()).not.toContain('SLACK_BOT_TOKEN must be');
    expect(err.text()).toContain(envFile);
  });
});
