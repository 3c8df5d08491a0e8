import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSlackConfig } from '../../src/slack/config.js';

const BOT = 'xoxb-1-bot-token-value';
const APP = 'xapp-1-app-token-value';
const SECRET = 'signing-secret-value';

function problems(env: Record<string, string>): string[] {
  const result = readSlackConfig(env, '/srv/iis401');
  if (result.kind !== 'invalid') throw new Error(`expected invalid, got ${result.kind}`);
  return [...result.problems];
}

describe('reading the Slack settings', () => {
  it('should find no settings when no Slack variable is set, or only empty ones', () => {
    expect(readSlackConfig({}).kind).toBe('none');
    expect(readSlackConfig({ SLACK_BOT_TOKEN: '', SLACK_APP_TOKEN: '  ', KB_BASE_URL: 'https://x.example/' }).kind).toBe('none');
  });

  it('should choose Socket Mode with a bot token and an app token', () => {
    const result = readSlackConfig({ SLACK_BOT_TOKEN: BOT, SLACK_APP_TOKEN: APP }, '/srv/iis401');
    expect(result).toEqual({ kind: 'ok', config: { mode: 'socket', botToken: BOT, appToken: APP, port: 3000, dataDir: resolve('/srv/iis401', 'data') } });
  });

  it('should choose HTTP mode with a bot token and a signing secret, with PORT, HOST and the optional URLs', () => {
    const result = readSlackConfig(
      { SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: SECRET, PORT: '8080', HOST: '127.0.0.1', SLACK_API_URL: 'http://127.0.0.1:9/api', KB_BASE_URL: 'https://git.example.com/org/iis401/blob/main/', IIS401_DATA_DIR: '/var/lib/iis401' },
      '/srv/iis401',
    );
    expect(result).toEqual({
      kind: 'ok',
      config: { mode: 'http', botToken: BOT, signingSecret: SECRET, port: 8080, host: '127.0.0.1', apiUrl: 'http://127.0.0.1:9/api/', kbBaseUrl: 'https://git.example.com/org/iis401/blob/main/', dataDir: '/var/lib/iis401' },
    });
  });

  it('should name the missing variable when the settings are partial', () => {
    expect(problems({ SLACK_APP_TOKEN: APP }).join('\n')).toMatch(/^SLACK_BOT_TOKEN is missing/);
    expect(problems({ SLACK_SIGNING_SECRET: SECRET }).join('\n')).toMatch(/^SLACK_BOT_TOKEN is missing/);
    expect(problems({ SLACK_BOT_TOKEN: BOT }).join('\n')).toContain('SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode) is missing');
    expect(problems({ SLACK_BOT_TOKEN: BOT, SLACK_APP_TOKEN: '' }).join('\n')).toContain('is missing');
  });

  it('should check the token prefixes, spot swapped tokens and never echo a token', () => {
    const all = [
      ...problems({ SLACK_BOT_TOKEN: APP, SLACK_APP_TOKEN: BOT }),
      ...problems({ SLACK_BOT_TOKEN: 'xoxp-user-token-value', SLACK_SIGNING_SECRET: SECRET }),
    ].join('\n');
    expect(all).toContain('SLACK_BOT_TOKEN must be the Bot User OAuth Token, which starts with xoxb-');
    expect(all).toContain('swapped');
    expect(all).toContain('user token');
    expect(all).toContain('SLACK_APP_TOKEN must be the App-Level Token');
    for (const secret of [BOT, APP, 'xoxp-user-token-value', SECRET]) expect(all).not.toContain(secret);
  });

  it('should refuse a bad PORT and URLs that are not http(s)', () => {
    const all = problems({ SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: SECRET, PORT: '80a', KB_BASE_URL: 'git.example.com', SLACK_API_URL: 'ftp://x' }).join('\n');
    expect(all).toContain('PORT must be a port number');
    expect(all).toContain('KB_BASE_URL must be an http(s) URL');
    expect(all).toContain('SLACK_API_URL must be an http(s) URL');
  });
});
