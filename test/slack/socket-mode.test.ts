import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SocketModeReceiver } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import { createEngine } from '../../src/engine.js';
import { createSlackApp } from '../../src/slack/app.js';
import type { SlackApp } from '../../src/slack/app.js';
import { captureLogger } from '../helpers/capture-logger.js';
import { startSlackApiStandIn } from '../helpers/slack-api-stand-in.js';
import type { SlackApiStandIn } from '../helpers/slack-api-stand-in.js';
import { ADMIN, BOT_ID, BOT_TOKEN, BOT_USER_ID, CHANNEL, messageText, waitFor } from '../helpers/slack-harness.js';
import { LOG_CAUSE, LOG_LINE } from '../helpers/samples.js';

describe('Socket Mode', () => {
  let api: SlackApiStandIn;
  let wss: WebSocketServer;
  let slack: SlackApp;
  let socket: WebSocket | undefined;
  let dataDir: string;
  const received: Array<Record<string, unknown>> = [];

  beforeAll(async () => {
    api = await startSlackApiStandIn();
    wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await once(wss, 'listening');
    api.wsUrl = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/link`;
    wss.on('connection', (ws) => {
      socket = ws;
      ws.on('message', (data) => received.push(JSON.parse(String(data)) as Record<string, unknown>));
      ws.send(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'stand-in', approximate_connection_time: 3600 }, connection_info: { app_id: 'A0APP' } }));
    });
    const logger = captureLogger();
    dataDir = mkdtempSync(join(tmpdir(), 'iis401-socket-'));
    const clientOptions = { slackApiUrl: api.apiUrl, retryConfig: { retries: 0 } };
    const receiver = new SocketModeReceiver({ appToken: 'xapp-1-test', logger, autoReconnectEnabled: false, installerOptions: { clientOptions } });
    slack = createSlackApp({
      engine: await createEngine(),
      config: { mode: 'socket', botToken: BOT_TOKEN, appToken: 'xapp-1-test', port: 0, apiUrl: api.apiUrl, dataDir },
      receiver,
      logger,
      botId: BOT_ID,
      botUserId: BOT_USER_ID,
      clientOptions,
    });
    await slack.app.start();
    await waitFor(() => socket);
  });

  afterAll(async () => {
    await slack.app.stop();
    for (const client of wss.clients) client.terminate();
    await new Promise((resolve) => wss.close(resolve));
    await api.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('should open the connection with the app token through apps.connections.open', () => {
    const [open] = api.callsTo('apps.connections.open');
    expect(open?.headers.authorization).toBe('Bearer xapp-1-test');
  });

  it('should carry the answer to a slash command in the ack envelope', async () => {
    socket?.send(
      JSON.stringify({
        envelope_id: 'env-command-1',
        type: 'slash_commands',
        accepts_response_payload: true,
        payload: {
          token: 'legacy', team_id: 'T0TEAM', team_domain: 'example', channel_id: CHANNEL, channel_name: 'ops', user_id: ADMIN, user_name: 'admin',
          command: '/iis401', text: LOG_LINE, api_app_id: 'A0APP', response_url: api.responseUrl('socket'), trigger_id: '1.2.3',
        },
      }),
    );
    const ack = await waitFor(() => received.find((m) => m.envelope_id === 'env-command-1'));
    const payload = ack.payload as Record<string, unknown>;
    expect(payload.response_type).toBe('ephemeral');
    expect(messageText(payload)).toContain(LOG_CAUSE);
    expect(api.responses).toHaveLength(0);
  });

  it('should answer an event once even when it is retried', async () => {
    const body = {
      token: 'legacy', team_id: 'T0TEAM', api_app_id: 'A0APP', type: 'event_callback', event_id: 'EvSOCKET1', event_time: 1,
      authorizations: [{ team_id: 'T0TEAM', user_id: BOT_USER_ID, is_bot: true }],
      event: { type: 'message', channel: CHANNEL, channel_type: 'channel', user: ADMIN, text: LOG_LINE, ts: '1700006000.000100' },
    };
    socket?.send(JSON.stringify({ envelope_id: 'env-event-1', type: 'events_api', accepts_response_payload: false, retry_attempt: 0, retry_reason: '', payload: body }));
    socket?.send(JSON.stringify({ envelope_id: 'env-event-2', type: 'events_api', accepts_response_payload: false, retry_attempt: 1, retry_reason: 'timeout', payload: body }));
    await waitFor(() => received.some((m) => m.envelope_id === 'env-event-2'));
    const post = await waitFor(() => api.callsTo('chat.postMessage')[0]);
    expect(post.args.thread_ts).toBe('1700006000.000100');
    await new Promise((r) => setTimeout(r, 100));
    expect(api.callsTo('chat.postMessage')).toHaveLength(1);
  });
});
