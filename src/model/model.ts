// The fitted cause model (`npm run train` writes model/cause-model.json) and its inference: a
// conditional logit over the catalog. Each cause's score adds the rule engine's evidence for it
// (shared weights), a learned weight per rule that held, and the cause's own weight for each term of
// the admin's words; a softmax turns scores into probabilities. Pure: no I/O, no clock, no randomness.
import type { PasteFeatures } from './features.js';

export const MODEL_FORMAT = 2;

export interface Calibration {
  /** A first cause at least this probable is labelled high (held-out precision ≥ 95%). */
  readonly high: number;
  /** At least this probable: medium (held-out precision ≥ 75%). */
  readonly medium: number;
  /** Below this, and no decisive code, the answer is "not sure" rather than a guess. */
  readonly notSure: number;
}

export interface CauseModel {
  readonly format: typeof MODEL_FORMAT;
  /** Hash of the case library and the kb rules it was trained over: a stale model is caught by a test. */
  readonly fingerprint: string;
  readonly trainedOn: number;
  readonly causes: readonly string[];
  readonly evidence: readonly string[];
  readonly evidenceWeights: readonly number[];
  readonly bias: readonly number[];
  readonly rules: Readonly<Record<string, number>>;
  /**
   * term → its weights as "cause:weight cause:weight" (cause an index into `causes`); weights too small to
   * matter were pruned. Kept as strings and read only for the terms a paste has: as arrays, the model
   * would take 17 MB of heap in every worker.
   */
  readonly terms: Readonly<Record<string, string>>;
  readonly calibration: Calibration;
}

export interface TermWeight {
  readonly term: string;
  readonly weight: number;
}

export interface CausePrediction {
  readonly id: string;
  readonly probability: number;
  /** The paste's terms that raised this cause most, strongest first. */
  readonly terms: readonly TermWeight[];
}

/** "3:0.41 17:-0.33" → [[3, 0.41], [17, -0.33]]. */
export function decodeWeights(encoded: string): Array<[number, number]> {
  return encoded.split(' ').map((pair) => {
    const colon = pair.indexOf(':');
    return [Number(pair.slice(0, colon)), Number(pair.slice(colon + 1))];
  });
}

export function encodeWeights(postings: ReadonlyArray<readonly [number, number]>): string {
  return postings.map(([cause, weight]) => `${cause}:${weight}`).join(' ');
}

/** Each term counts 1/√n, so a long paste is not more certain only for being long. */
export function termValue(termCount: number): number {
  return 1 / Math.sqrt(Math.max(1, termCount));
}

/** Probabilities for every cause of `catalog` (ids in the order `features.causes` follows), most probable first. */
export function predictCauses(model: CauseModel, catalog: readonly string[], features: PasteFeatures): CausePrediction[] {
  const index = new Map(model.causes.map((id, i) => [id, i]));
  const value = termValue(features.terms.length);
  const termScore = new Float64Array(model.causes.length);
  const contributions: TermWeight[][] = model.causes.map(() => []);
  for (const term of features.terms) {
    const encoded = Object.hasOwn(model.terms, term) ? model.terms[term] : undefined;
    if (!encoded) continue;
    for (const [cause, weight] of decodeWeights(encoded)) {
      termScore[cause] = (termScore[cause] ?? 0) + weight * value;
      if (weight > 0) contributions[cause]?.push({ term, weight: weight * value });
    }
  }
  const scores = catalog.map((id, c) => {
    const evidence = features.causes[c];
    const i = index.get(id);
    let score = i === undefined ? 0 : (model.bias[i] ?? 0) + (termScore[i] ?? 0);
    evidence?.figures.forEach((f, k) => (score += f * (model.evidenceWeights[k] ?? 0)));
    for (const rule of evidence?.rules ?? []) score += Object.hasOwn(model.rules, rule) ? (model.rules[rule] ?? 0) : 0;
    return score;
  });
  const top = Math.max(...scores);
  const exp = scores.map((s) => Math.exp(s - top));
  const total = exp.reduce((a, b) => a + b, 0);
  const order = catalog.map((_, c) => c).sort((a, b) => (exp[b] ?? 0) - (exp[a] ?? 0) || a - b);
  return order.map((c) => {
    const id = catalog[c] as string;
    const i = index.get(id);
    const terms = i === undefined ? [] : (contributions[i] ?? []).sort((a, b) => b.weight - a.weight || a.term.localeCompare(b.term)).slice(0, 5);
    return { id, probability: (exp[c] ?? 0) / total, terms };
  });
}

/** Why a term weighed, as a reason an admin reads: `w:kerberos` → "kerberos". */
export function termLabel(term: string): string {
  const body = term.slice(2);
  switch (term[0]) {
    case 'c':
      return body.replace(':', ' ');
    case 't':
      return `${body} (phrase)`;
    case 'k':
      return `a pasted ${body}`;
    case 'e':
      return `IIS ${body}`;
    default:
      return `"${body}"`;
  }
}

/** The model file's shape, checked at load so a hand-edited or truncated file is refused with a reason. */
export function asCauseModel(value: unknown): CauseModel {
  const m = value as Partial<CauseModel> | null;
  const fail = (why: string): never => {
    throw new Error(`model/cause-model.json is not a cause model: ${why}`);
  };
  if (!m || typeof m !== 'object') return fail('not an object');
  if (m.format !== MODEL_FORMAT) return fail(`format ${String(m.format)}, expected ${MODEL_FORMAT}`);
  if (!Array.isArray(m.causes) || !Array.isArray(m.bias) || m.bias.length !== m.causes.length) return fail('causes and bias differ');
  if (!Array.isArray(m.evidenceWeights) || !Array.isArray(m.evidence) || m.evidence.length !== m.evidenceWeights.length) return fail('evidence weights');
  if (!m.terms || typeof m.terms !== 'object' || !m.rules || typeof m.rules !== 'object') return fail('terms or rules missing');
  const c = m.calibration;
  if (!c || !(c.notSure <= c.medium && c.medium <= c.high)) return fail('calibration thresholds out of order');
  return m as CauseModel;
}
