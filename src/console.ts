import { createInterface } from 'node:readline';
import type { DiagnosisEngine } from './diagnose.js';
import { renderText } from './render/text.js';

/**
 * `iis401 chat`: answers pastes exactly as the bot would, in a terminal. A paste ends at an empty line
 * (pastes span lines); `help` and `quit` work alone on a line.
 */
export async function runConsole(engine: DiagnosisEngine, input: NodeJS.ReadableStream = process.stdin, output: NodeJS.WritableStream = process.stdout): Promise<number> {
  const interactive = Boolean((input as { isTTY?: boolean }).isTTY);
  const rl = createInterface({ input, terminal: false });
  const say = (text: string): void => {
    output.write(`${text}\n`);
  };
  if (interactive) say('iis401 console: paste a log line, an event, an error page or a question, then an empty line. "quit" leaves.\n');
  let buffer: string[] = [];
  const answer = (): void => {
    const text = buffer.join('\n');
    buffer = [];
    if (text.trim() === '') return;
    say(renderText(engine.diagnose(text)));
    say('');
  };
  for await (const line of rl) {
    if (buffer.length === 0 && /^\s*(?:quit|exit)\s*$/i.test(line)) break;
    if (line.trim() === '') answer();
    else buffer.push(line);
  }
  answer();
  rl.close();
  return 0;
}
