import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/root.js';
import { WORKING_TEXT } from '../../src/slack/answer.js';
import { HOSTILE_MESSAGE } from '../helpers/hostile.js';
import { FORM, formBody, postSigned } from '../helpers/signed-request.js';
import { startSlackApiStandIn } from '../helpers/slack-api-stand-in.js';
import type { SlackApiStandIn } from '../helpers/slack-api-stand-in.js';
import { waitFor } from '../helpers/slack-harness.js';
import { LOG_CAUSE, LOG_LINE } from '../helpers/samples.js';

// The bot as it runs in production: the built dist/ started by bin/iis401.js in its own process, its
// workers loaded from the compiled task-worker.js.
const ROOT = projectRoot();
const SECRET = 'process-secret';

describe('iis401 start as a process', () => {
  let api: SlackApiStandIn;
  let dataDir: string;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    api = await startSlackApiStandIn();
    dataDir = mkdtempSync(join(tmpdir(), 'iis401-process-'));
  });
  afterAll(async () => {
    child?.kill('SIGKILL');
    await api.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('should answer from its workers while a hostile paste is read, and exit 0 on SIGTERM at once', async () => {
    const env = { ...process.env, SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_SIGNING_SECRET: SECRET, SLACK_APP_TOKEN: '', PORT: '0', HOST: '127.0.0.1', SLACK_API_URL: api.apiUrl, IIS401_DATA_DIR: dataDir, IIS401_PASTE_TIME_MS: '600000' };
    const started = spawn(process.execPath, [join(ROOT, 'bin', 'iis401.js'), 'start'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child = started;
    let output = '';
    started.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    started.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => started.once('exit', (code) => resolve(code)));
    const port = Number(await waitFor(() => /port (\d+)/.exec(output)?.[1], 15_000));
    const url = `http://127.0.0.1:${port}/slack/events`;
    const command = (text: string, id: string): ReturnType<typeof postSigned> =>
      postSigned(url, SECRET, formBody({ command: '/iis401', text, user_id: 'U1', channel_id: 'C1', team_id: 'T1', response_url: api.responseUrl(id), trigger_id: `${id}.1`, api_app_id: 'A1', token: 't' }), FORM);

    const hostile = command(HOSTILE_MESSAGE, 'hostile');
    const normal = await command(LOG_LINE, 'normal');
    expect(normal.status).toBe(200);
    expect(normal.text).toContain(LOG_CAUSE);
    // The hostile paste is acked too: with its answer, or (while it is still being read) "working on it".
    const hostileAck = JSON.parse((await hostile).text) as { response_type?: string; text?: string };
    expect(hostileAck.response_type).toBe('ephemeral');
    const stillReading = hostileAck.text === WORKING_TEXT;

    started.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).toContain('SIGTERM received, stopping');
    // A paste still being read was ended with the pool (600 s allowed), and its author was told.
    if (stillReading) expect(api.responses.filter((r) => r.id === 'hostile').map((r) => String(r.body.text))).toEqual([expect.stringContaining('restarting')]);
    child = undefined;
  });
});
