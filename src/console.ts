import { createInterface } from 'node:readline';
import type { Interface } from 'node:readline';
import { replyToQuestion } from './ask/answers.js';
import type { Diagnosis, DiagnosisEngine } from './diagnose.js';
import { MAX_PASTE } from './parse/index.js';
import { terminalStyle } from './render/style.js';
import type { TextStyle } from './render/style.js';
import { wrapIndented } from './render/terminal-markdown.js';
import { renderText } from './render/text.js';

// `iis401 chat` (and `npm start` without Slack settings): answers pastes exactly as the bot would.
// A paste is what arrives together: the text between a terminal's bracketed-paste markers, or lines that
// follow each other within QUIET_MS (a paste, even with blank lines in it, is never cut up). Typed text
// ends with an empty line, a line holding only ".", or Ctrl-D. One answer per paste, then a prompt.

/** Lines closer together than this arrived together (a paste, not typing). */
export const QUIET_MS = 60;

export const PASTE_NOTICE = `That paste is larger than 1 MiB; only its first ${MAX_PASTE.toLocaleString('en-US')} characters were read. For whole log files use iis401 scan.`;

const BRACKETED_PASTE_ON = '\u001b[?2004h';
const BRACKETED_PASTE_OFF = '\u001b[?2004l';

export interface ConsoleOptions {
  /** Colour and bold (default: the output is a terminal and NO_COLOR is not set). */
  readonly color?: boolean;
  /** Columns to wrap to (default: the terminal's, else 80). */
  readonly width?: number;
  readonly quietMs?: number;
  readonly env?: NodeJS.ProcessEnv;
}

type Input = NodeJS.ReadableStream & { isTTY?: boolean };
type Output = NodeJS.WritableStream & { isTTY?: boolean; columns?: number };

export function consoleHelp(style: TextStyle, width = 80): string {
  return [
    style.bold('iis401 console'),
    wrapIndented('Paste a log line or block, a Security event (as Event Viewer copies it, blank lines and all), an IIS error page, a FREB trace or a question: a paste is answered as one when it ends.', width, 0),
    wrapIndented('Typing instead? End it with an empty line, a line holding only ".", or Ctrl-D.', width, 0),
    wrapIndented(`${style.dim('/help')} this text   ${style.dim('/quit')} leave (or Ctrl-D on an empty prompt, or Ctrl-C)`, width, 0),
  ].join('\n');
}

/** One console session; resolves with the exit code when the input ends or the user leaves. */
export async function runConsole(engine: DiagnosisEngine, input: Input = process.stdin, output: Output = process.stdout, options: ConsoleOptions = {}): Promise<number> {
  const interactive = Boolean(input.isTTY && output.isTTY);
  const env = options.env ?? process.env;
  const style = terminalStyle(options.color ?? (Boolean(output.isTTY) && !env.NO_COLOR && env.TERM !== 'dumb'));
  const quietMs = options.quietMs ?? QUIET_MS;
  const width = (): number => options.width ?? (output.columns && output.columns > 20 ? output.columns : 80);

  let lines: string[] = [];
  let size = 0;
  let cut = false;
  let burst = false;
  let pasting = false;
  let lastLineAt = 0;
  let timer: NodeJS.Timeout | undefined;
  let leaving = false;
  // The last paste and the answers given to its questions: a reply that answers the question re-ranks it.
  let last: { text: string; answers: Record<string, string>; diagnosis: Diagnosis } | undefined;

  const say = (text: string): void => {
    output.write(`${text}\n`);
  };
  let rl: Interface;
  const prompt = (): void => {
    if (!interactive || leaving) return;
    rl.setPrompt(lines.length > 0 ? style.dim('... ') : style.bold('iis401> '));
    rl.prompt();
  };
  const add = (line: string): void => {
    if (cut) return;
    if (size + line.length + 1 > MAX_PASTE) {
      lines.push(line.slice(0, Math.max(0, MAX_PASTE - size)));
      cut = true;
      return;
    }
    lines.push(line);
    size += line.length + 1;
  };
  const answer = (): void => {
    clearTimeout(timer);
    timer = undefined;
    const text = lines.join('\n');
    const wasCut = cut;
    lines = [];
    size = 0;
    cut = false;
    burst = false;
    if (text.trim() === '') return;
    if (interactive) output.write('\n');
    if (wasCut) say(style.yellow(`note: ${PASTE_NOTICE}`));
    const reply = last?.diagnosis.question ? replyToQuestion(last.diagnosis.question, text) : undefined;
    if (last?.diagnosis.question && reply !== undefined) last = { ...last, answers: { ...last.answers, [last.diagnosis.question.key]: reply } };
    else last = { text, answers: {}, diagnosis: engine.diagnose(text) };
    if (reply !== undefined) last.diagnosis = engine.diagnose(last.text, { answers: last.answers });
    say(renderText(last.diagnosis, { width: width(), style, answerHint: 'chat' }));
    say('');
  };

  const onLine = (line: string): void => {
    const now = Date.now();
    const together = pasting || (lines.length > 0 && now - lastLineAt < quietMs);
    lastLineAt = now;
    if (together) burst = true;
    const command = lines.length === 0 ? /^\s*\/?(help|quit|exit)\s*$/i.exec(line)?.[1]?.toLowerCase() : undefined;
    if (command === 'help') {
      say(consoleHelp(style, width()));
    } else if (command) {
      leaving = true;
      rl.close();
      return;
    } else if (lines.length === 0 && !pasting && last?.diagnosis.question && replyToQuestion(last.diagnosis.question, line) !== undefined) {
      // A typed answer to the question is answered at once: it is one word, not a paste.
      add(line);
      answer();
    } else if (line.trim() === '.' || (line.trim() === '' && !together && !pasting)) {
      answer();
    } else {
      add(line);
      if (!pasting) {
        clearTimeout(timer);
        // A burst that stops is a paste that ended: answer it without waiting for an empty line.
        timer = setTimeout(() => {
          if (!burst) return;
          answer();
          prompt();
        }, quietMs);
      }
    }
    prompt();
  };

  if (interactive) {
    output.write(BRACKETED_PASTE_ON);
    say(consoleHelp(style, width()));
    say('');
  }
  const session = (): Promise<'closed' | 'interrupted'> =>
    new Promise((resolve) => {
      rl = createInterface({ input, ...(interactive ? { output, terminal: true } : { terminal: false }), crlfDelay: Infinity });
      rl.on('line', onLine);
      rl.on('SIGINT', () => {
        leaving = true;
        rl.close();
        resolve('interrupted');
      });
      rl.on('close', () => resolve('closed'));
      prompt();
    });
  const onKey = (_s: string, key: { name?: string } | undefined): void => {
    if (key?.name === 'paste-start') pasting = true;
    if (key?.name === 'paste-end') {
      pasting = false;
      // The last pasted line may have no newline: it is still part of the paste.
      if (rl.line) {
        add(rl.line);
        rl.write(null, { ctrl: true, name: 'u' });
      }
      answer();
      prompt();
    }
  };
  if (interactive) input.on('keypress', onKey);
  try {
    for (;;) {
      const ended = await session();
      // Ctrl-D with a paste pending ends that paste; on an empty prompt (or when piped) it leaves.
      const pending = lines.length > 0;
      answer();
      if (!interactive || leaving || ended === 'interrupted' || !pending) break;
    }
  } finally {
    if (interactive) {
      input.off('keypress', onKey);
      output.write(BRACKETED_PASTE_OFF);
    }
  }
  return 0;
}
