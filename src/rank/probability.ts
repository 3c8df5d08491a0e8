/**
 * A probability per ranked cause, the one place the rest of the product reads them from (the next
 * question, the confidence label, the "not sure" verdict). This first version is a softmax over the
 * blended scores; the fitted, calibrated model of issue 9 replaces its body, not its signature.
 */
export interface ScoredCause {
  readonly id: string;
  readonly score: number;
}

/** Score units per factor e of odds: a cause 2 points ahead is about 7 times as likely. */
export const SCORE_TEMPERATURE = 1;

export function causeProbabilities(ranked: readonly ScoredCause[]): Map<string, number> {
  const probabilities = new Map<string, number>();
  if (ranked.length === 0) return probabilities;
  const top = Math.max(...ranked.map((c) => c.score));
  let total = 0;
  for (const c of ranked) {
    const weight = Math.exp((c.score - top) / SCORE_TEMPERATURE);
    probabilities.set(c.id, weight);
    total += weight;
  }
  for (const [id, weight] of probabilities) probabilities.set(id, weight / total);
  return probabilities;
}
