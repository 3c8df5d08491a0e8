import { causeProbabilities } from '../rank/probability.js';
import type { ScoredCause } from '../rank/probability.js';
import { applyAnswers } from './bayes.js';
import type { AppliedAnswer } from './bayes.js';
import { chooseQuestion } from './choose.js';
import type { Question } from './schema.js';

/** The question as an answer shows it: what to ask and the answers to offer. */
export interface AskedQuestion {
  readonly key: string;
  readonly text: string;
  readonly why: string;
  readonly answers: ReadonlyArray<{ readonly value: string; readonly label: string }>;
}

export interface Reranked<T extends ScoredCause> {
  /** The candidates, most probable first (the score order when no answer was given). */
  readonly ranked: T[];
  readonly probabilities: ReadonlyMap<string, number>;
  readonly applied: readonly AppliedAnswer[];
  readonly question?: AskedQuestion;
}

export function askedQuestion(question: Question): AskedQuestion {
  return { key: question.key, text: question.text, why: question.why, answers: question.answers.map((a) => ({ value: a.value, label: a.label })) };
}

/**
 * The answers given so far update each candidate's probability by Bayes' rule and re-rank them; then the
 * next question is chosen over the updated probabilities. With no answers the order is the scores' own.
 * `prior` is the fitted model's probabilities when there is one, else a softmax over the rule scores.
 */
export function rerankWithAnswers<T extends ScoredCause>(
  ranked: readonly T[],
  questions: readonly Question[],
  answers: Readonly<Record<string, string>> = {},
  prior: ReadonlyMap<string, number> = causeProbabilities(ranked),
): Reranked<T> {
  const kept = new Map(ranked.map((c) => [c.id, prior.get(c.id) ?? 0]));
  const { posterior, applied } = applyAnswers(kept, questions, answers);
  const order = new Map(ranked.map((c, i) => [c.id, i]));
  const reordered = applied.length === 0 ? [...ranked] : [...ranked].sort((a, b) => (posterior.get(b.id) ?? 0) - (posterior.get(a.id) ?? 0) || (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
  const chosen = chooseQuestion(posterior, questions, new Set(Object.keys(answers)));
  return { ranked: reordered, probabilities: posterior, applied, ...(chosen ? { question: askedQuestion(chosen.question) } : {}) };
}

/** Once answers have moved the ranking the score margins no longer apply: the label follows the probability. */
export function answeredConfidence(probability: number | undefined): 'high' | 'medium' | 'low' {
  if ((probability ?? 0) >= 0.9) return 'high';
  if ((probability ?? 0) >= 0.6) return 'medium';
  return 'low';
}
