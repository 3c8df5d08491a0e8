import { findAnswer } from './bayes.js';
import type { Question } from './schema.js';

/** `key=value` as typed on the command line; undefined when it has no `=`. */
export function parseAnswerArgument(argument: string): { key: string; value: string } | undefined {
  const at = argument.indexOf('=');
  if (at <= 0) return undefined;
  return { key: argument.slice(0, at).trim().toLowerCase(), value: argument.slice(at + 1).trim().toLowerCase() };
}

/** What is wrong with an answer, in words that say what would be right; undefined when it is a known key and value. */
export function answerProblem(questions: readonly Question[], key: string, value: string): string | undefined {
  const question = questions.find((q) => q.key === key);
  if (!question) return `there is no question "${key}"; the questions are: ${questions.map((q) => q.key).join(', ')}`;
  if (!findAnswer(question, value)) return `"${value}" is not an answer to ${key} ("${question.text}"); answer with one of: ${question.answers.map((a) => a.value).join(', ')}`;
  return undefined;
}

/** A reply to a question as shown (a console prompt): the answer's number from 1 or its value; undefined for anything else. */
export function replyToQuestion(question: { readonly answers: ReadonlyArray<{ readonly value: string }> }, typed: string): string | undefined {
  const wanted = typed.trim().toLowerCase();
  if (/^\d{1,2}$/.test(wanted)) return question.answers[Number(wanted) - 1]?.value;
  return question.answers.find((a) => a.value === wanted)?.value;
}
