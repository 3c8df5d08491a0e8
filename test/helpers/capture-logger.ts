import { LogLevel } from '@slack/bolt';
import type { Logger } from '@slack/bolt';

export interface CaptureLogger extends Logger {
  readonly lines: string[];
}

/** A Bolt logger that keeps lines instead of printing them (set IIS401_TEST_LOG=1 to print too). */
export function captureLogger(): CaptureLogger {
  const lines: string[] = [];
  let level = LogLevel.DEBUG;
  const write = (name: string) => (...message: unknown[]): void => {
    const line = `${name} ${message.map((m) => (m instanceof Error ? (m.stack ?? m.message) : typeof m === 'string' ? m : JSON.stringify(m))).join(' ')}`;
    lines.push(line);
    if (process.env.IIS401_TEST_LOG) process.stderr.write(`${line}\n`);
  };
  return {
    lines,
    debug: write('DEBUG'),
    info: write('INFO'),
    warn: write('WARN'),
    error: write('ERROR'),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}
