import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';

// Slack settings come from the environment only. An empty variable counts as unset, every problem is
// reported in one go, and no message ever echoes a token or a secret.

export type SlackMode = 'socket' | 'http';

export interface SlackConfig {
  readonly mode: SlackMode;
  /** Bot User OAuth Token (xoxb-). */
  readonly botToken: string;
  /** App-Level Token (xapp-) with connections:write: Socket Mode only. */
  readonly appToken?: string;
  /** Signing Secret: HTTP mode only. */
  readonly signingSecret?: string;
  /** HTTP mode: port to listen on (PORT, default 3000). */
  readonly port: number;
  /** HTTP mode: interface to bind (HOST); default every interface. */
  readonly host?: string;
  /** Web API base URL (SLACK_API_URL), ending with a slash; default Slack's. */
  readonly apiUrl?: string;
  /** Where article links point (KB_BASE_URL); without it paths show as code. */
  readonly kbBaseUrl?: string;
  /** Folder of feedback.jsonl (IIS401_DATA_DIR, default ./data), absolute. */
  readonly dataDir: string;
}

export type ConfigResult =
  | { readonly kind: 'none' }
  | { readonly kind: 'invalid'; readonly problems: readonly string[] }
  | { readonly kind: 'ok'; readonly config: SlackConfig };

export const DEFAULT_PORT = 3000;

export const SETUP_INSTRUCTIONS = `iis401: no Slack settings are set, so the Slack app is not started.

To run the bot, create the app from manifest.yml (README, "Slack"), then set either

  Socket Mode (no public URL needed):
    SLACK_BOT_TOKEN=xoxb-...       OAuth & Permissions > Bot User OAuth Token
    SLACK_APP_TOKEN=xapp-...       Basic Information > App-Level Tokens (scope connections:write)

  or HTTP mode (Slack posts to https://<your host>/slack/events):
    SLACK_BOT_TOKEN=xoxb-...
    SLACK_SIGNING_SECRET=...       Basic Information > App Credentials > Signing Secret
    PORT=3000                      optional; HOST optional (default: every interface)

  Optional: KB_BASE_URL (where article links point, e.g. https://git.example.com/org/iis401/blob/main/),
            IIS401_DATA_DIR (feedback file folder, default ./data), SLACK_API_URL (another Web API URL).

.env.example lists them all; copy it to .env (npm start reads it) or set them in the environment.`;

/**
 * Reads a .env file (KEY=value lines, as .env.example shows) when it exists; undefined when it does not.
 * Node's own parser (util.parseEnv, the one behind --env-file), so quoting works as Node documents it.
 */
export function readEnvFile(path: string): { readonly values: Record<string, string> } | { readonly problem: string } | undefined {
  if (!existsSync(path)) return undefined;
  try {
    return { values: parseEnv(readFileSync(path, 'utf8')) as Record<string, string> };
  } catch (error) {
    return { problem: `iis401: cannot read ${path}: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** The variables that are set to something: an empty one counts as unset, so .env may fill it. */
export function withoutEmpty(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ''));
}

function read(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function httpUrl(value: string, name: string, example: string, problems: string[]): string | undefined {
  try {
    const url = new URL(value);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url.href;
  } catch {
    // reported below
  }
  problems.push(`${name} must be an http(s) URL, e.g. ${example}`);
  return undefined;
}

function checkToken(value: string, name: string, prefix: string, what: string, problems: string[]): void {
  if (value.startsWith(prefix)) return;
  const swapped = prefix === 'xoxb-' && value.startsWith('xapp-') ? ' (that looks like the App-Level Token: are the two swapped?)'
    : prefix === 'xapp-' && value.startsWith('xoxb-') ? ' (that looks like the Bot User OAuth Token: are the two swapped?)'
      : value.startsWith('xoxp-') ? ' (that looks like a user token; the bot token starts with xoxb-)' : '';
  problems.push(`${name} must be the ${what}, which starts with ${prefix}${swapped}`);
}

/** Reads and checks the Slack settings. `none` when no Slack variable is set at all. */
export function readSlackConfig(env: NodeJS.ProcessEnv, cwd: string = process.cwd()): ConfigResult {
  const botToken = read(env, 'SLACK_BOT_TOKEN');
  const appToken = read(env, 'SLACK_APP_TOKEN');
  const signingSecret = read(env, 'SLACK_SIGNING_SECRET');
  if (!botToken && !appToken && !signingSecret) return { kind: 'none' };

  const problems: string[] = [];
  if (!botToken) {
    problems.push(`SLACK_BOT_TOKEN is missing: set it to the Bot User OAuth Token (xoxb-..., OAuth & Permissions), next to ${appToken ? 'SLACK_APP_TOKEN' : 'SLACK_SIGNING_SECRET'}`);
  } else {
    checkToken(botToken, 'SLACK_BOT_TOKEN', 'xoxb-', 'Bot User OAuth Token', problems);
    if (!appToken && !signingSecret) {
      problems.push('SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode) is missing: SLACK_BOT_TOKEN alone cannot receive anything');
    }
  }
  if (appToken) checkToken(appToken, 'SLACK_APP_TOKEN', 'xapp-', 'App-Level Token (Basic Information > App-Level Tokens, scope connections:write)', problems);

  const portText = read(env, 'PORT');
  const port = portText === undefined ? DEFAULT_PORT : Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535 || !/^\d+$/.test(portText ?? '0')) {
    problems.push(`PORT must be a port number (0-65535), not "${portText}"`);
  }
  const apiText = read(env, 'SLACK_API_URL');
  const apiUrl = apiText ? httpUrl(apiText, 'SLACK_API_URL', 'https://slack.com/api/', problems) : undefined;
  const kbText = read(env, 'KB_BASE_URL');
  const kbBaseUrl = kbText ? httpUrl(kbText, 'KB_BASE_URL', 'https://git.example.com/org/iis401/blob/main/', problems) : undefined;
  const host = read(env, 'HOST');

  if (problems.length > 0 || !botToken) return { kind: 'invalid', problems };
  const mode: SlackMode = appToken ? 'socket' : 'http';
  return {
    kind: 'ok',
    config: {
      mode,
      botToken,
      ...(mode === 'socket' ? { appToken } : { signingSecret }),
      port,
      ...(host ? { host } : {}),
      ...(apiUrl ? { apiUrl: apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/` } : {}),
      ...(kbBaseUrl ? { kbBaseUrl } : {}),
      dataDir: resolve(cwd, read(env, 'IIS401_DATA_DIR') ?? 'data'),
    },
  };
}
