// Thresholds on the first cause's probability, chosen on predictions made with each case's source
// group held out, so the labels mean on new sources what they say.
import type { Calibration } from './model.js';

export interface HeldOutPrediction {
  /** Probability of the first-ranked cause. */
  readonly probability: number;
  /** In-catalog case whose first cause was right; undefined for an out-of-catalog case. */
  readonly right?: boolean;
}

const GRID = Array.from({ length: 99 }, (_, i) => (i + 1) / 100);

function precisionAbove(preds: readonly HeldOutPrediction[], low: number, high = Infinity): number {
  const inBand = preds.filter((p) => p.right !== undefined && p.probability >= low && p.probability < high);
  return inBand.length === 0 ? 1 : inBand.filter((p) => p.right).length / inBand.length;
}

/**
 * high: lowest threshold whose answers are ≥95% right; not-sure: highest threshold that turns away under 5%
 * of the right answers (as many unknowns as that buys); medium: lowest between them whose band is ≥75% right.
 */
export function calibrate(preds: readonly HeldOutPrediction[]): Calibration {
  const high = GRID.find((t) => precisionAbove(preds, t) >= 0.95) ?? 0.99;
  const rights = preds.filter((p) => p.right).length;
  const notSure = [...GRID].reverse().find((t) => t <= high && preds.filter((p) => p.right && p.probability < t).length < 0.05 * rights) ?? 0;
  const medium = GRID.find((t) => t >= notSure && t <= high && precisionAbove(preds, t, high) >= 0.75) ?? high;
  return { high, medium, notSure };
}

export function labelOf(probability: number, calibration: Calibration): 'high' | 'medium' | 'low' {
  if (probability >= calibration.high) return 'high';
  if (probability >= calibration.medium) return 'medium';
  return 'low';
}
