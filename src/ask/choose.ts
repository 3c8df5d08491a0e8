import { likelihoodOf } from './likelihood.js';
import type { Question } from './schema.js';

/** No question once the leading cause is this likely: the answer is already clear. */
export const SETTLED_PROBABILITY = 0.9;
/** The question is only worth asking when its answer is expected to remove this many bits or more. */
export const MIN_GAIN_BITS = 0.05;
/** The leading causes the question has to separate. */
export const LEADING_CAUSES = 3;

function entropy(probabilities: Iterable<number>): number {
  let bits = 0;
  for (const p of probabilities) if (p > 0) bits -= p * Math.log2(p);
  return bits;
}

/** The leading causes' probabilities, renormalised among themselves. */
export function leading(probabilities: ReadonlyMap<string, number>, count = LEADING_CAUSES): Map<string, number> {
  const top = [...probabilities].sort((a, b) => b[1] - a[1]).slice(0, count);
  const total = top.reduce((sum, [, p]) => sum + p, 0);
  return new Map(total > 0 ? top.map(([id, p]) => [id, p / total]) : []);
}

/** H(C) − Σ_a P(a) H(C | a): how many bits about the cause the answer is expected to give. */
export function expectedGain(probabilities: ReadonlyMap<string, number>, question: Question): number {
  const before = entropy(probabilities.values());
  let after = 0;
  for (const answer of question.answers) {
    const joint = [...probabilities].map(([id, p]) => p * likelihoodOf(answer, id));
    const pAnswer = joint.reduce((sum, x) => sum + x, 0);
    if (pAnswer > 0) after += pAnswer * entropy(joint.map((x) => x / pAnswer));
  }
  return Math.max(0, before - after);
}

export interface ChosenQuestion {
  readonly question: Question;
  readonly gain: number;
}

/**
 * The question whose answer best separates the leading causes, or none when the leader is settled, fewer
 * than two causes remain, or no unasked question is worth asking. Ties go to the earlier question in the file.
 */
export function chooseQuestion(probabilities: ReadonlyMap<string, number>, questions: readonly Question[], asked: ReadonlySet<string>): ChosenQuestion | undefined {
  const top = leading(probabilities);
  const best = Math.max(0, ...probabilities.values());
  if (top.size < 2 || best >= SETTLED_PROBABILITY) return undefined;
  let chosen: ChosenQuestion | undefined;
  for (const question of questions) {
    if (asked.has(question.key)) continue;
    const gain = expectedGain(top, question);
    if (gain >= MIN_GAIN_BITS && (!chosen || gain > chosen.gain + 1e-12)) chosen = { question, gain };
  }
  return chosen;
}
