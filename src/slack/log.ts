import { LogLevel } from '@slack/bolt';
import type { Logger } from '@slack/bolt';
import { pino } from 'pino';
import type { Diagnosis } from '../diagnose.js';

// Structured logs: pino writes one JSON line per record, and Bolt logs through it (it takes any object
// with its Logger methods). An answer leaves one line with what an operator needs to see traffic and
// quality, and a hash of the redacted input, never the input.

const PINO_LEVEL: Record<LogLevel, string> = { [LogLevel.DEBUG]: 'debug', [LogLevel.INFO]: 'info', [LogLevel.WARN]: 'warn', [LogLevel.ERROR]: 'error' };

/** A Bolt logger writing JSON lines to `destination` (default standard output). */
export function createJsonLogger(destination: NodeJS.WritableStream = process.stdout, level: LogLevel = LogLevel.INFO): Logger {
  const log = pino({ base: { name: 'iis401' }, level: PINO_LEVEL[level], timestamp: pino.stdTimeFunctions.isoTime }, destination as unknown as pino.DestinationStream);
  let current = level;
  // Bolt passes several values per call; a leading plain object becomes fields of the line.
  const write = (method: 'debug' | 'info' | 'warn' | 'error') => (...message: unknown[]): void => {
    const [first, ...rest] = message;
    const fields = first !== null && typeof first === 'object' && !(first instanceof Error) ? (first as Record<string, unknown>) : undefined;
    const parts = (fields ? rest : message).map((m) => (m instanceof Error ? (m.stack ?? m.message) : typeof m === 'string' ? m : JSON.stringify(m)));
    if (fields) log[method](fields, parts.join(' '));
    else log[method](parts.join(' '));
  };
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    setLevel: (next: LogLevel) => {
      current = next;
      log.level = PINO_LEVEL[next];
    },
    getLevel: () => current,
    setName: (name: string) => {
      log.setBindings({ name });
    },
  };
}

/** Where an answer went: the Slack surface that asked. */
export type AnswerSurface = 'command' | 'mention' | 'channel' | 'dm' | 'shortcut' | 'file' | 'button';

/** What `logAnswer` reads from an answer (answer.ts's Answer has all of it). */
export interface LoggedAnswer {
  /** Every Slack message has its fallback text; it is not logged. */
  readonly text: string;
  readonly diagnosis?: Diagnosis;
  /** sha256 (hex) of the redacted input. */
  readonly hash?: string;
}

/** The fields of the answer's log line: internal ids (rules, kb version) live here, not in the channel. */
export function answerFields(surface: AnswerSurface, answer: LoggedAnswer, ms: number): Record<string, unknown> {
  const { diagnosis } = answer;
  const top = diagnosis?.causes[0];
  return {
    event: 'answer',
    surface,
    verdict: diagnosis?.verdict ?? (surface === 'file' ? 'scan' : 'notice'),
    ...(top ? { cause: top.id, confidence: top.confidence, rules: top.rules } : {}),
    ...(diagnosis ? { kb: diagnosis.kbVersion, kinds: diagnosis.input.kinds, redactions: diagnosis.input.redactions } : {}),
    ...(answer.hash ? { input: answer.hash.slice(0, 16) } : {}),
    ms: Math.round(ms),
  };
}

/** One log line per answer; `startedAt` is performance.now() when the request arrived. */
export function logAnswer(logger: Logger, surface: AnswerSurface, answer: LoggedAnswer, startedAt: number): void {
  logger.info(answerFields(surface, answer, performance.now() - startedAt), 'answered');
}
