import type { Diagnosis } from '../diagnose.js';
import type { TextStyle } from './style.js';
import { wrapIndented } from './terminal-markdown.js';

/** How the reader answers: flags on the command line, a reply at the console prompt. */
export type AnswerHint = 'cli' | 'chat';

/** The answers that moved the ranking and the next question with its answers, as terminal lines. */
export function questionLines(diagnosis: Diagnosis, style: TextStyle, width: number, hint: AnswerHint = 'cli'): string[] {
  const out: string[] = [];
  const wrap = (text: string, indent: number, hanging = indent): string => wrapIndented(text, width, indent, hanging);
  const applied = diagnosis.answers ?? [];
  if (applied.length > 0) {
    out.push('', wrap(style.bold('Answers so far (they re-ranked the causes):'), 0));
    for (const a of applied) out.push(wrap(`- ${a.question} ${style.bold(a.label)} (${a.key}=${a.value})`, 2, 4));
  }
  const question = diagnosis.question;
  if (!question) return out;
  out.push('', wrap(style.bold(`Question: ${question.text}`), 0, 2), wrap(style.dim(question.why), 2));
  question.answers.forEach((a, i) => {
    out.push(wrap(hint === 'chat' ? `${i + 1}. ${a.label} (${a.value})` : `${style.cyan(`--answer ${question.key}=${a.value}`)}  ${a.label}`, 2, 6));
  });
  if (hint === 'chat') out.push(wrap(style.dim('Reply with the number or the value to re-rank; anything else is a new paste.'), 2));
  else out.push(wrap(style.dim('Run the same command again with the --answer that fits to re-rank the causes.'), 2));
  return out;
}
