// Fits a CauseModel to labelled pastes: L2-regularised conditional logit, per-example Adagrad in a
// seeded order, so the same library always gives the same file. The loss of a case is
// −log Σ p(c) over the causes it accepts (a case may name more than one right cause).
import { createRandom } from '../text/seeded-random.js';
import { EVIDENCE } from './features.js';
import type { PasteFeatures } from './features.js';
import { encodeWeights, MODEL_FORMAT, termValue } from './model.js';
import type { Calibration, CauseModel } from './model.js';

export interface TrainingCase {
  readonly features: PasteFeatures;
  /** Indices into the catalog of the causes that count as right. */
  readonly expect: readonly number[];
}

export interface TrainingOptions {
  readonly epochs: number;
  readonly learningRate: number;
  /** L2 strength on term weights, per update. */
  readonly termPenalty: number;
  /** L2 strength on evidence, bias and rule weights. */
  readonly sharedPenalty: number;
  /** A term must occur in this many training cases to get weights. */
  readonly minCases: number;
  /**
   * A cause's term weights move only when its share of the error is at least this: Adagrad would give even
   * a tiny gradient a full step, leaving every term a weight for every cause.
   */
  readonly termGradient: number;
  /** Term weights smaller than this are left out of the file. */
  readonly prune: number;
  readonly seed: number;
}

export const DEFAULT_TRAINING: TrainingOptions = { epochs: 12, learningRate: 0.2, termPenalty: 1e-4, sharedPenalty: 1e-5, minCases: 2, termGradient: 0.01, prune: 0.3, seed: 401 };

const round = (x: number): number => Math.round(x * 1e3) / 1e3;

export function trainCauseModel(
  catalog: readonly string[],
  cases: readonly TrainingCase[],
  calibration: Calibration,
  fingerprint: string,
  options: TrainingOptions = DEFAULT_TRAINING,
): CauseModel {
  const C = catalog.length;
  const D = EVIDENCE.length;
  const counts = new Map<string, number>();
  for (const c of cases) for (const t of c.features.terms) counts.set(t, (counts.get(t) ?? 0) + 1);
  const vocabulary = [...counts].filter(([, n]) => n >= options.minCases).map(([t]) => t).sort();
  const termIndex = new Map(vocabulary.map((t, i) => [t, i]));
  const ruleNames = [...new Set(cases.flatMap((c) => c.features.causes.flatMap((e) => e.rules)))].sort();
  const ruleIndex = new Map(ruleNames.map((r, i) => [r, i]));
  const encoded = cases.map((c) => ({
    terms: c.features.terms.map((t) => termIndex.get(t)).filter((i): i is number => i !== undefined),
    value: termValue(c.features.terms.length),
    figures: c.features.causes.map((e) => e.figures),
    rules: c.features.causes.map((e) => e.rules.map((r) => ruleIndex.get(r) as number)),
    expect: new Set(c.expect),
  }));

  const W = new Float64Array(vocabulary.length * C);
  const gW = new Float64Array(W.length);
  const theta = new Float64Array(D);
  const gTheta = new Float64Array(D);
  const bias = new Float64Array(C);
  const gBias = new Float64Array(C);
  const rho = new Float64Array(ruleNames.length);
  const gRho = new Float64Array(ruleNames.length);
  const scores = new Float64Array(C);
  const eps = 1e-8;
  const step = (w: Float64Array, g: Float64Array, i: number, grad: number): void => {
    g[i] = (g[i] ?? 0) + grad * grad;
    w[i] = (w[i] ?? 0) - (options.learningRate * grad) / Math.sqrt((g[i] ?? 0) + eps);
  };

  const random = createRandom(options.seed);
  const order = encoded.map((_, i) => i);
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j] as number, order[i] as number];
    }
    for (const n of order) {
      const x = encoded[n];
      if (!x || x.expect.size === 0) continue;
      for (let c = 0; c < C; c++) {
        let s = bias[c] ?? 0;
        const f = x.figures[c] ?? [];
        for (let k = 0; k < D; k++) s += (f[k] ?? 0) * (theta[k] ?? 0);
        for (const r of x.rules[c] ?? []) s += rho[r] ?? 0;
        for (const t of x.terms) s += (W[t * C + c] ?? 0) * x.value;
        scores[c] = s;
      }
      let top = -Infinity;
      for (let c = 0; c < C; c++) top = Math.max(top, scores[c] ?? 0);
      let total = 0;
      let right = 0;
      for (let c = 0; c < C; c++) {
        const e = Math.exp((scores[c] ?? 0) - top);
        scores[c] = e;
        total += e;
        if (x.expect.has(c)) right += e;
      }
      const gradTheta = new Float64Array(D);
      for (let c = 0; c < C; c++) {
        const p = (scores[c] ?? 0) / total;
        const q = x.expect.has(c) ? (scores[c] ?? 0) / right : 0;
        const g = p - q;
        if (Math.abs(g) < 1e-6) continue;
        const f = x.figures[c] ?? [];
        for (let k = 0; k < D; k++) gradTheta[k] = (gradTheta[k] ?? 0) + g * (f[k] ?? 0);
        step(bias, gBias, c, g + options.sharedPenalty * (bias[c] ?? 0));
        for (const r of x.rules[c] ?? []) step(rho, gRho, r, g + options.sharedPenalty * (rho[r] ?? 0));
        if (Math.abs(g) >= options.termGradient) for (const t of x.terms) step(W, gW, t * C + c, g * x.value + options.termPenalty * (W[t * C + c] ?? 0));
      }
      for (let k = 0; k < D; k++) step(theta, gTheta, k, (gradTheta[k] ?? 0) + options.sharedPenalty * (theta[k] ?? 0));
    }
  }

  const terms: Record<string, string> = {};
  vocabulary.forEach((term, t) => {
    const postings: Array<[number, number]> = [];
    for (let c = 0; c < C; c++) {
      const w = W[t * C + c] ?? 0;
      if (Math.abs(w) >= options.prune) postings.push([c, round(w)]);
    }
    if (postings.length > 0) terms[term] = encodeWeights(postings);
  });
  return {
    format: MODEL_FORMAT,
    fingerprint,
    trainedOn: cases.length,
    causes: [...catalog],
    evidence: [...EVIDENCE],
    evidenceWeights: [...theta].map(round),
    bias: [...bias].map(round),
    rules: Object.fromEntries(ruleNames.map((r, i) => [r, round(rho[i] ?? 0)]).filter(([, w]) => w !== 0)),
    terms,
    calibration,
  };
}
