import { likelihoodOf } from './likelihood.js';
import type { Answer, Question } from './schema.js';

export interface AppliedAnswer {
  readonly key: string;
  readonly value: string;
  readonly question: string;
  readonly label: string;
}

/** posterior(c) ∝ prior(c) × P(answer | c), renormalised. Causes an answer rules out entirely keep a trace of it. */
export function applyAnswer(prior: ReadonlyMap<string, number>, answer: Answer): Map<string, number> {
  const posterior = new Map<string, number>();
  let total = 0;
  for (const [id, p] of prior) {
    const weight = p * likelihoodOf(answer, id);
    posterior.set(id, weight);
    total += weight;
  }
  // Every cause given probability 0 by the answer: the answer contradicts them all, so the prior stands.
  if (total <= 0) return new Map(prior);
  for (const [id, weight] of posterior) posterior.set(id, weight / total);
  return posterior;
}

/** A question's answer as typed: the value, or the answer's number from 1. */
export function findAnswer(question: Question, typed: string): Answer | undefined {
  const wanted = typed.trim().toLowerCase();
  const byNumber = /^\d{1,2}$/.test(wanted) ? question.answers[Number(wanted) - 1] : undefined;
  return byNumber ?? question.answers.find((a) => a.value === wanted);
}

/** Applies each known answer in turn (the order does not change the result); unknown keys or values are skipped. */
export function applyAnswers(
  prior: ReadonlyMap<string, number>,
  questions: readonly Question[],
  answers: Readonly<Record<string, string>>,
): { posterior: Map<string, number>; applied: AppliedAnswer[] } {
  let posterior = new Map(prior);
  const applied: AppliedAnswer[] = [];
  for (const question of questions) {
    const typed = Object.hasOwn(answers, question.key) ? answers[question.key] : undefined;
    if (typed === undefined) continue;
    const answer = findAnswer(question, typed);
    if (!answer) continue;
    posterior = applyAnswer(posterior, answer);
    applied.push({ key: question.key, value: answer.value, question: question.text, label: answer.label });
  }
  return { posterior, applied };
}
