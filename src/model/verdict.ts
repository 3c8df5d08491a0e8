// From the model's probabilities to what the bot says. The model is trained with two labels beside the
// catalog, "out-of-catalog" and "not-401", so a paste that looks like neither any known cause nor a 401
// takes probability away from every cause instead of being handed to the nearest one. Shared by the live
// answer (src/diagnose.ts) and `npm run eval`, so the figures score exactly what users get.
import { EVIDENCE } from './features.js';
import type { PasteFeatures } from './features.js';
import { labelOf } from './calibrate.js';
import type { Calibration, CausePrediction } from './model.js';

/** Labels the model learns beside the catalog causes; never shown as a cause. */
export const REJECT_LABELS = ['out-of-catalog', 'not-401'] as const;

export type ModelVerdict = 'diagnosis' | 'not-sure' | 'not-401';

export interface ModelAnswer {
  /** Catalog causes, a decisive code's cause first, then by probability. */
  readonly ranked: readonly CausePrediction[];
  readonly verdict: ModelVerdict;
  readonly confidence: 'high' | 'medium' | 'low';
  /** Probability the paste is none of the catalog's causes. */
  readonly unknown: number;
}

const REJECT: ReadonlySet<string> = new Set(REJECT_LABELS);
const DECISIVE = EVIDENCE.indexOf('decisive-rule');

/** `predictions` over the catalog plus REJECT_LABELS; `catalog` in the order `features.causes` follows. */
export function modelAnswer(predictions: readonly CausePrediction[], catalog: readonly string[], features: PasteFeatures, calibration: Calibration): ModelAnswer {
  const position = new Map(catalog.map((id, i) => [id, i]));
  const isDecisive = (p: CausePrediction): boolean => (features.causes[position.get(p.id) ?? -1]?.figures[DECISIVE] ?? 0) > 0;
  const causes = predictions.filter((p) => !REJECT.has(p.id));
  const ranked = [...causes.filter(isDecisive), ...causes.filter((p) => !isDecisive(p))];
  const unknown = predictions.filter((p) => REJECT.has(p.id)).reduce((sum, p) => sum + p.probability, 0);
  const first = ranked[0];
  if (!first) return { ranked, verdict: 'not-sure', confidence: 'low', unknown };
  if (isDecisive(first)) return { ranked, verdict: 'diagnosis', confidence: 'high', unknown };
  const confidence = labelOf(first.probability, calibration);
  // A paste that states a 401 is a 401, whatever its words resemble: at most the cause is unknown.
  if (predictions[0]?.id === 'not-401' && !statesA401(features)) return { ranked, verdict: 'not-401', confidence, unknown };
  return { ranked, verdict: first.probability < calibration.notSure ? 'not-sure' : 'diagnosis', confidence, unknown };
}

function statesA401(features: PasteFeatures): boolean {
  return features.terms.some((t) => t === 'c:status:401' || t.startsWith('c:substatus:401.'));
}
