// Leave-one-source-group-out for the fitted cause model: for each group, train on every other group's
// in-catalog cases and answer this group's cases. Shared by `npm run eval` and `npm run train`.
import type { Case } from '../src/cases/load.js';
import type { DiagnosisEngine } from '../src/diagnose.js';
import type { PasteFeatures } from '../src/model/features.js';
import { predictCauses } from '../src/model/model.js';
import type { Calibration, CausePrediction } from '../src/model/model.js';
import { DEFAULT_TRAINING, trainCauseModel } from '../src/model/train.js';
import { modelAnswer, REJECT_LABELS } from '../src/model/verdict.js';
import { calibrate } from '../src/model/calibrate.js';
import type { HeldOutPrediction } from '../src/model/calibrate.js';
import type { Answer } from '../src/cases/score.js';
import type { TrainingCase, TrainingOptions } from '../src/model/train.js';

export const NO_CALIBRATION = { high: 1, medium: 1, notSure: 0 };

export interface LibraryFeatures {
  /** Catalog cause ids, in the order each paste's evidence lists them. */
  readonly catalog: readonly string[];
  /** What the model tells apart: the catalog, then REJECT_LABELS. */
  readonly labels: readonly string[];
  readonly features: readonly PasteFeatures[];
}

export function libraryFeatures(engine: DiagnosisEngine, cases: readonly Case[]): LibraryFeatures {
  const catalog = engine.causeIds();
  return { catalog, labels: [...catalog, ...REJECT_LABELS], features: cases.map((c) => engine.features(c.input)) };
}

export function trainingCases(cases: readonly Case[], library: LibraryFeatures, keep: (c: Case) => boolean): TrainingCase[] {
  const index = new Map(library.labels.map((id, i) => [id, i]));
  const out: TrainingCase[] = [];
  cases.forEach((c, i) => {
    const expect = c.expect.map((id) => index.get(id)).filter((x): x is number => x !== undefined);
    const features = library.features[i];
    if (keep(c) && expect.length > 0 && features) out.push({ features, expect });
  });
  return out;
}

/** Held-out predictions for every case, each from a model that never saw its source group. */
export function leaveOneGroupOut(cases: readonly Case[], library: LibraryFeatures, options: TrainingOptions = DEFAULT_TRAINING): CausePrediction[][] {
  const out: CausePrediction[][] = cases.map(() => []);
  for (const group of [...new Set(cases.map((c) => c.group))].sort()) {
    const model = trainCauseModel(library.labels, trainingCases(cases, library, (c) => c.group !== group), NO_CALIBRATION, 'held-out', options);
    cases.forEach((c, i) => {
      const features = library.features[i];
      if (c.group === group && features) out[i] = predictCauses(model, library.labels, features);
    });
  }
  return out;
}

/** Groups named `real-*`, `written-*`, `restated-*` form a family; the early hand-made sets form one more. */
export function sourceFamily(group: string): string {
  const prefix = group.split('-')[0] ?? group;
  return ['real', 'written', 'restated'].includes(prefix) ? prefix : 'early-sets';
}

/** The first cause's held-out probability per case, and whether it was right, for calibrate(). */
export function heldOutCalibrationInputs(cases: readonly Case[], library: LibraryFeatures, heldOut: readonly (readonly CausePrediction[])[]): HeldOutPrediction[] {
  return cases.flatMap((c, i) => {
    const features = library.features[i];
    const [first] = features ? modelAnswer(heldOut[i] ?? [], library.catalog, features, NO_CALIBRATION).ranked : [];
    if (!first || c.expect[0] === 'not-401') return [];
    return [{ probability: first.probability, family: sourceFamily(c.group), ...(c.expect[0] === 'out-of-catalog' ? {} : { right: c.expect.includes(first.id) }) }];
  });
}

/** Whether case i is an in-catalog case whose first cause (a decisive code's first) is right. */
export function firstCauseRight(cases: readonly Case[], library: LibraryFeatures): (i: number, predictions: readonly CausePrediction[]) => boolean {
  return (i, predictions) => {
    const c = cases[i];
    const features = library.features[i];
    if (!c || !features || c.expect[0] === 'out-of-catalog' || c.expect[0] === 'not-401') return false;
    const [first] = modelAnswer(predictions, library.catalog, features, NO_CALIBRATION).ranked;
    return first !== undefined && c.expect.includes(first.id);
  };
}

/**
 * What the bot would answer for every case from held-out predictions, thresholds calibrated on those same
 * predictions; where the rule engine already said not-401 that answer stands, as in diagnose().
 */
export function heldOutAnswers(
  cases: readonly Case[],
  library: LibraryFeatures,
  heldOut: readonly (readonly CausePrediction[])[],
  engineAnswers: readonly Answer[],
): { answers: Answer[]; calibration: Calibration } {
  const calibration = calibrate(heldOutCalibrationInputs(cases, library, heldOut));
  const answers = cases.map((_, i): Answer => {
    const engineAnswer = engineAnswers[i] ?? { causes: [], verdict: 'nothing-recognised' };
    if (engineAnswer.verdict === 'not-401') return engineAnswer;
    const answer = modelAnswer(heldOut[i] ?? [], library.catalog, library.features[i] ?? { terms: [], causes: [] }, calibration);
    return { causes: answer.ranked.slice(0, 5).map((p) => p.id), verdict: answer.verdict, confidence: answer.confidence };
  });
  return { answers, calibration };
}
