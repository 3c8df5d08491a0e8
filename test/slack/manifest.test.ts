import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { createEngine } from '../../src/engine.js';
import { ACTIONS } from '../../src/render/slack.js';
import { createSlackApp } from '../../src/slack/app.js';
import type { SlackApp } from '../../src/slack/app.js';
import { manifestEvents } from '../../src/slack/registration.js';
import { projectRoot } from '../../src/root.js';
import { captureLogger } from '../helpers/capture-logger.js';

interface Manifest {
  _metadata?: { major_version?: number };
  display_information: { name: string; description?: string; long_description?: string; background_color?: string };
  features: {
    app_home?: { messages_tab_enabled?: boolean; messages_tab_read_only_enabled?: boolean };
    bot_user: { display_name: string; always_online?: boolean };
    slash_commands: Array<{ command: string; description: string; usage_hint?: string; url?: string; should_escape?: boolean }>;
    shortcuts: Array<{ name: string; type: string; callback_id: string; description: string }>;
  };
  oauth_config: { scopes: { bot: string[] } };
  settings: {
    event_subscriptions: { bot_events: string[]; request_url?: string };
    interactivity: { is_enabled: boolean; request_url?: string };
    socket_mode_enabled: boolean;
    token_rotation_enabled?: boolean;
  };
}

/** The scope each Events API subscription needs (docs.slack.dev/reference/events). */
const EVENT_SCOPES: Record<string, string> = {
  app_mention: 'app_mentions:read',
  'message.channels': 'channels:history',
  'message.groups': 'groups:history',
  'message.im': 'im:history',
  'message.mpim': 'mpim:history',
  file_shared: 'files:read',
};

const manifest = parse(readFileSync(join(projectRoot(), 'manifest.yml'), 'utf8')) as Manifest;

describe('manifest.yml', () => {
  it('should be a complete schema v1 manifest within Slack\'s field limits', () => {
    expect(manifest._metadata?.major_version ?? 1).toBe(1);
    const info = manifest.display_information;
    expect(info.name.length).toBeGreaterThan(0);
    expect(info.name.length).toBeLessThanOrEqual(35);
    expect(info.description?.length ?? 0).toBeLessThanOrEqual(140);
    expect(info.long_description?.length ?? 175).toBeGreaterThanOrEqual(175);
    expect(info.long_description?.length ?? 0).toBeLessThanOrEqual(4000);
    expect(info.background_color).toMatch(/^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i);
    expect(manifest.features.bot_user.display_name).toMatch(/^[a-z0-9._-]{1,80}$/);
    expect(manifest.features.app_home?.messages_tab_enabled).toBe(true);
    expect(manifest.features.app_home?.messages_tab_read_only_enabled).toBe(false);
    for (const c of manifest.features.slash_commands) {
      expect(c.command).toMatch(/^\/[a-z0-9_-]{1,31}$/);
      expect(c.description.length).toBeLessThanOrEqual(2000);
      expect(c.usage_hint?.length ?? 0).toBeGreaterThan(0);
      expect(c.usage_hint?.length ?? 0).toBeLessThanOrEqual(1000);
      // In Socket Mode a command has no request URL.
      expect(c.url).toBeUndefined();
    }
    for (const s of manifest.features.shortcuts) {
      expect(s.name.length).toBeLessThanOrEqual(24);
      expect(['message', 'global']).toContain(s.type);
      expect(s.callback_id.length).toBeLessThanOrEqual(255);
      expect(s.description.length).toBeLessThanOrEqual(150);
    }
    expect(manifest.settings.socket_mode_enabled).toBe(true);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.settings.token_rotation_enabled ?? false).toBe(false);
  });

  it('should ask for exactly the bot scopes iis401 uses', () => {
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual(['app_mentions:read', 'channels:history', 'chat:write', 'commands', 'files:read', 'groups:history', 'im:history']);
  });

  it('should hold the scope each subscribed event needs', () => {
    for (const event of manifest.settings.event_subscriptions.bot_events) {
      expect(EVENT_SCOPES[event], `scope for ${event}`).toBeDefined();
      expect(manifest.oauth_config.scopes.bot).toContain(EVENT_SCOPES[event]);
    }
  });
});

describe('manifest.yml against the listeners the code registers', () => {
  const spies = {
    command: vi.spyOn(App.prototype, 'command'),
    event: vi.spyOn(App.prototype, 'event'),
    message: vi.spyOn(App.prototype, 'message'),
    shortcut: vi.spyOn(App.prototype, 'shortcut'),
    action: vi.spyOn(App.prototype, 'action'),
    view: vi.spyOn(App.prototype, 'view'),
    options: vi.spyOn(App.prototype, 'options'),
  };
  let slack: SlackApp;

  beforeAll(async () => {
    slack = createSlackApp({
      engine: await createEngine(),
      config: { mode: 'http', botToken: 'xoxb-test', signingSecret: 'secret', port: 0, apiUrl: 'http://127.0.0.1:9/api/', dataDir: '/nonexistent' },
      botId: 'B0BOT',
      botUserId: 'U0BOT',
      logger: captureLogger(),
    });
  });
  afterAll(() => {
    vi.restoreAllMocks();
  });

  const registered = <K extends string>(kind: K): Array<Extract<SlackApp['registered'][number], { kind: K }>> =>
    slack.registered.filter((r): r is Extract<SlackApp['registered'][number], { kind: K }> => r.kind === kind);

  it('should list exactly what was registered on the Bolt app', () => {
    expect(spies.command.mock.calls.map((c) => c[0])).toEqual(registered('command').map((r) => r.command));
    expect(spies.event.mock.calls.map((c) => c[0])).toEqual(registered('event').map((r) => r.event));
    expect(spies.shortcut.mock.calls.map((c) => (c[0] as { callback_id: string }).callback_id)).toEqual(registered('shortcut').map((r) => r.callbackId));
    expect(spies.action.mock.calls.map((c) => c[0])).toEqual(registered('action').map((r) => r.actionId));
    expect(spies.message).not.toHaveBeenCalled();
    expect(spies.view).not.toHaveBeenCalled();
    expect(spies.options).not.toHaveBeenCalled();
  });

  it('should have a listener for every declared command and nothing undeclared', () => {
    expect(registered('command').map((r) => r.command).sort()).toEqual(manifest.features.slash_commands.map((c) => c.command).sort());
  });

  it('should have a listener for every declared shortcut and nothing undeclared', () => {
    expect(registered('shortcut').map((r) => `${r.type}:${r.callbackId}`).sort()).toEqual(manifest.features.shortcuts.map((s) => `${s.type}:${s.callback_id}`).sort());
  });

  it('should have a listener for every subscribed event and nothing unsubscribed', () => {
    const needed = new Set(slack.registered.flatMap(manifestEvents));
    expect([...needed].sort()).toEqual([...manifest.settings.event_subscriptions.bot_events].sort());
  });

  it('should have interactivity on for the buttons, and a listener for every button the answers carry', () => {
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(registered('action').map((r) => r.actionId).sort()).toEqual(Object.values(ACTIONS).sort());
  });
});
