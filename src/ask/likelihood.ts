import type { Answer } from './schema.js';

/** P(answer | cause): the cause's own figure, else the answer's default. */
export function likelihoodOf(answer: Answer, causeId: string): number {
  return answer.likelihood[causeId] ?? answer.default;
}
