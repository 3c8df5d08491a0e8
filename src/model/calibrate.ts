// Thresholds on the first cause's probability, chosen on predictions made with each case's source
// group held out, so the labels mean on new sources what they say.
import type { Calibration } from './model.js';

export interface HeldOutPrediction {
  /** Probability of the first-ranked cause. */
  readonly probability: number;
  /** In-catalog case whose first cause was right; undefined for an out-of-catalog case. */
  readonly right?: boolean;
  /** The family of sources the case came from (real reports, written voices, ...): "high" must hold in each. */
  readonly family?: string;
}

const GRID = Array.from({ length: 99 }, (_, i) => (i + 1) / 100);
/** A family is held to the high bar only where it has this many answers above the threshold. */
const MIN_FAMILY_ANSWERS = 30;
/** "Not sure" may turn away at most this share of the held-out right answers (the bar is 5%; new sources are less sure). */
export const NOT_SURE_COST = 0.03;

function precision(preds: readonly HeldOutPrediction[], low: number, high = Infinity): { right: number; answered: number } {
  const inBand = preds.filter((p) => p.right !== undefined && p.probability >= low && p.probability < high);
  return { right: inBand.filter((p) => p.right).length, answered: inBand.length };
}

function precise(preds: readonly HeldOutPrediction[], low: number, bar: number, high = Infinity): boolean {
  const { right, answered } = precision(preds, low, high);
  return answered === 0 || right / answered >= bar;
}

function highHolds(preds: readonly HeldOutPrediction[], t: number): boolean {
  if (!precise(preds, t, 0.95)) return false;
  const families = new Set(preds.map((p) => p.family ?? ''));
  return [...families].every((family) => {
    const mine = preds.filter((p) => (p.family ?? '') === family);
    return precision(mine, t).answered < MIN_FAMILY_ANSWERS || precise(mine, t, 0.95);
  });
}

/**
 * high: lowest threshold whose answers are ≥95% right overall and in every family of sources; not sure:
 * highest threshold that turns away under NOT_SURE_COST of the right answers (as many unknowns as that
 * buys); medium: lowest threshold from there whose band up to high is ≥75% right.
 */
export function calibrate(preds: readonly HeldOutPrediction[]): Calibration {
  const rights = preds.filter((p) => p.right).length;
  const notSure = [...GRID].reverse().find((t) => preds.filter((p) => p.right && p.probability < t).length < NOT_SURE_COST * rights) ?? 0;
  const high = Math.max(notSure, GRID.find((t) => highHolds(preds, t)) ?? 0.99);
  const medium = GRID.find((t) => t >= notSure && t <= high && precise(preds, t, 0.75, high)) ?? high;
  return { high, medium, notSure };
}

export function labelOf(probability: number, calibration: Calibration): 'high' | 'medium' | 'low' {
  if (probability >= calibration.high) return 'high';
  if (probability >= calibration.medium) return 'medium';
  return 'low';
}
