import { EventEmitter } from 'node:events';
import type { DiagnosisEngine } from '../diagnose.js';
import { createEngine, KnowledgeBaseError } from '../engine.js';
import { createSlackApp } from './app.js';
import { readSlackConfig, SETUP_INSTRUCTIONS } from './config.js';
import type { SlackConfig } from './config.js';

export interface StartIo {
  readonly stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  /** Where SIGTERM / SIGINT arrive (tests emit them on their own emitter). */
  readonly signals: Pick<EventEmitter, 'once' | 'off'>;
}

const PROCESS_IO: StartIo = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, signals: process };

function where(config: SlackConfig): string {
  if (config.mode === 'socket') return 'Socket Mode';
  return `HTTP mode on ${config.host ?? 'every interface'}, port ${config.port}, path /slack/events`;
}

/**
 * `iis401 start`: the Slack bot when Slack settings are set, else the setup instructions (and the local
 * console when a person is at the terminal). Resolves with the exit code once the app has stopped.
 */
export async function start(env: NodeJS.ProcessEnv, io: StartIo = PROCESS_IO): Promise<number> {
  const settings = readSlackConfig(env);
  if (settings.kind === 'invalid') {
    io.stderr.write(`iis401: the Slack settings are not usable:\n${settings.problems.map((p) => `  - ${p}`).join('\n')}\nSee .env.example and the README, "Slack".\n`);
    return 1;
  }
  if (settings.kind === 'none') {
    io.stdout.write(`${SETUP_INSTRUCTIONS}\n`);
    if (!io.stdin.isTTY) {
      io.stdout.write('\nStandard input is not a terminal, so there is nothing more to do.\n');
      return 0;
    }
    io.stdout.write('\nOpening the local console instead: it answers exactly as the bot would.\n\n');
    const { runConsole } = await import('../console.js');
    return runConsole(await createEngine(), io.stdin, io.stdout);
  }

  const { config } = settings;
  let engine: DiagnosisEngine;
  try {
    engine = await createEngine();
  } catch (error) {
    if (error instanceof KnowledgeBaseError) {
      io.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
  const { app } = createSlackApp({ engine, config });
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
  if (config.mode === 'socket') await app.start();
  else await app.start(config.host ? { port: config.port, host: config.host } : config.port);
  app.logger.info(`iis401: running in ${where(config)} (kb ${engine.kb.version})`);
  return stopped;
}
