import type { EventEmitter } from 'node:events';
import type { AddressInfo } from 'node:net';
import { LogLevel, webApi } from '@slack/bolt';
import type { App } from '@slack/bolt';
import type { DiagnosisEngine } from '../diagnose.js';
import { createEngine, KnowledgeBaseError } from '../engine.js';
import { createSlackApp } from './app.js';
import { readEnvFile, readSlackConfig, SETUP_INSTRUCTIONS, withoutEmpty } from './config.js';
import { createJsonLogger } from './log.js';
import type { SlackConfig } from './config.js';

export interface StartIo {
  readonly stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  /** Where SIGTERM / SIGINT arrive (tests emit them on their own emitter). */
  readonly signals: Pick<EventEmitter, 'once' | 'off'>;
  /** Builds the engine (default: createEngine over the project's kb). */
  readonly engine: () => Promise<DiagnosisEngine>;
  /** A .env file whose variables fill what the environment leaves unset (the CLI passes ./.env). */
  readonly envFile?: string;
  /** Called once the app is connected (Socket Mode) or listening (HTTP, with the port it bound). */
  readonly ready?: (running: { readonly app: App; readonly port?: number }) => void;
}

const PROCESS_IO: StartIo = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, signals: process, engine: () => createEngine() };

function where(config: SlackConfig, port: number): string {
  if (config.mode === 'socket') return 'Socket Mode';
  return `HTTP mode on ${config.host ?? 'every interface'}, port ${port}, path /slack/events`;
}

/** Errors of auth.test that mean the token itself is wrong, not that Slack is unreachable. */
const REFUSED = new Set(['invalid_auth', 'not_authed', 'account_inactive', 'token_revoked', 'token_expired', 'not_allowed_token_type']);

/**
 * Checks the bot token once, at start, with a few quick retries: a wrong token stops start-up with a
 * clear message instead of failing on the first event, and Bolt, given the ids, does not ask again (its
 * own check retries for half an hour in the background, which would keep a stopped process alive).
 */
async function whoAmI(config: SlackConfig): Promise<{ botId: string; botUserId: string } | { problem: string }> {
  const client = new webApi.WebClient(config.botToken, {
    ...(config.apiUrl ? { slackApiUrl: config.apiUrl } : {}),
    retryConfig: { retries: 3, factor: 2, minTimeout: 500 },
    logLevel: LogLevel.ERROR,
  });
  try {
    const auth = await client.auth.test();
    if (auth.bot_id && auth.user_id) return { botId: auth.bot_id, botUserId: auth.user_id };
    return { problem: 'iis401: SLACK_BOT_TOKEN is not a bot token (auth.test names no bot): use the Bot User OAuth Token, xoxb-...' };
  } catch (error) {
    const code = (error as { data?: { error?: string } }).data?.error;
    if (code && REFUSED.has(code)) return { problem: `iis401: Slack refused SLACK_BOT_TOKEN (${code}): copy the Bot User OAuth Token again from OAuth & Permissions, and reinstall the app if it was removed` };
    return { problem: `iis401: cannot reach the Slack Web API at ${config.apiUrl ?? 'https://slack.com/api/'} to check SLACK_BOT_TOKEN (${code ?? (error instanceof Error ? error.message : String(error))})` };
  }
}

/**
 * `iis401 start`: the Slack bot when Slack settings are set, else the setup instructions (and the local
 * console when a person is at the terminal). Resolves with the exit code once the app has stopped.
 */
export async function start(given: NodeJS.ProcessEnv, options: Partial<StartIo> = {}): Promise<number> {
  const io: StartIo = { ...PROCESS_IO, ...options };
  const dotEnv = io.envFile ? readEnvFile(io.envFile) : undefined;
  if (dotEnv && 'problem' in dotEnv) {
    io.stderr.write(`${dotEnv.problem}\n`);
    return 1;
  }
  // As with node --env-file, what the environment sets wins over the file.
  const env: NodeJS.ProcessEnv = dotEnv ? { ...dotEnv.values, ...withoutEmpty(given) } : given;
  const fromFile = dotEnv ? `settings from ${io.envFile} and the environment` : 'settings from the environment (no .env file)';
  const settings = readSlackConfig(env);
  if (settings.kind === 'invalid') {
    io.stderr.write(`iis401: the Slack settings are not usable (${fromFile}):\n${settings.problems.map((p) => `  - ${p}`).join('\n')}\nSee .env.example and the README, "Slack".\n`);
    return 1;
  }
  if (settings.kind === 'none') {
    io.stdout.write(`${SETUP_INSTRUCTIONS}\n\n(Read ${fromFile}.)\n`);
    if (!io.stdin.isTTY) {
      io.stdout.write('\nStandard input is not a terminal, so there is nothing more to do.\n');
      return 0;
    }
    io.stdout.write('\nOpening the local console instead: it answers exactly as the bot would.\n\n');
    const { runConsole } = await import('../console.js');
    return runConsole(await io.engine(), io.stdin, io.stdout);
  }

  const { config } = settings;
  let engine: DiagnosisEngine;
  try {
    engine = await io.engine();
  } catch (error) {
    if (error instanceof KnowledgeBaseError) {
      io.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
  const identity = await whoAmI(config);
  if ('problem' in identity) {
    io.stderr.write(`${identity.problem}\n`);
    return 1;
  }
  const { app } = createSlackApp({ engine, config, botId: identity.botId, botUserId: identity.botUserId, env, logger: createJsonLogger(io.stdout) });
  const stopped = new Promise<number>((resolve) => {
    const stop = (signal: string): void => {
      io.signals.off('SIGTERM', onTerm);
      io.signals.off('SIGINT', onInt);
      app.logger.info(`iis401: ${signal} received, stopping`);
      app.stop().then(
        () => resolve(0),
        (error: unknown) => {
          io.stderr.write(`iis401: the app did not stop cleanly: ${error instanceof Error ? error.message : String(error)}\n`);
          resolve(1);
        },
      );
    };
    const onTerm = (): void => stop('SIGTERM');
    const onInt = (): void => stop('SIGINT');
    io.signals.once('SIGTERM', onTerm);
    io.signals.once('SIGINT', onInt);
  });
  let port = config.port;
  if (config.mode === 'socket') await app.start();
  else {
    const server = await app.start(config.host ? { port: config.port, host: config.host } : config.port);
    port = (server.address() as AddressInfo | null)?.port ?? port;
  }
  app.logger.info(`iis401: running in ${where(config, port)} (kb ${engine.kb.version}; ${fromFile})`);
  io.ready?.({ app, ...(config.mode === 'http' ? { port } : {}) });
  return stopped;
}
