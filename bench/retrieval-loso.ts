// Leave-one-source-group-out for case retrieval (src/model/retrieval.ts), and the blend of its vote with
// the fitted model's probabilities. Each group is answered from an index of every other group's cases.
import type { CausePrediction } from '../src/model/model.js';
import { CaseIndex, DEFAULT_RETRIEVAL } from '../src/model/retrieval.js';
import type { RetrievalOptions, Retrieved } from '../src/model/retrieval.js';

export interface GroupedCase {
  readonly group: string;
  readonly expect: readonly string[];
}

/**
 * Per case, what retrieval answers from an index that holds no case of its group; a neighbour's `index` is
 * its position in `cases`. `labels` are what may be voted for (catalog and reject labels); expectations
 * outside them (none today) are dropped, as trainingCases() drops them for the logit.
 */
export function retrievalLeaveOneGroupOut(
  cases: readonly GroupedCase[],
  terms: readonly (readonly string[])[],
  labels: readonly string[],
  options: RetrievalOptions = DEFAULT_RETRIEVAL,
): Retrieved[] {
  const known = new Set(labels);
  const expect = cases.map((c) => c.expect.filter((id) => known.has(id)));
  const index = CaseIndex.build(cases.map((_, i) => ({ terms: terms[i] ?? [], expect: expect[i] ?? [] })));
  // Cases with nothing to vote for never enter the index.
  index.leaveOut(cases.flatMap((_, i) => (expect[i]?.length ? [] : [i])));
  const out: Retrieved[] = cases.map(() => ({ neighbours: [], votes: [] }));
  for (const group of [...new Set(cases.map((c) => c.group))].sort()) {
    const members = cases.flatMap((c, i) => (c.group === group ? [i] : []));
    const votersOfGroup = members.filter((i) => index.has(i));
    index.leaveOut(votersOfGroup);
    for (const i of members) out[i] = index.retrieve(terms[i] ?? [], options);
    index.restore(votersOfGroup);
  }
  return out;
}

/** The vote as predictions over every label, for modelAnswer(); no neighbour at all gives an even spread. */
export function votePredictions(found: Retrieved, labels: readonly string[]): CausePrediction[] {
  const vote = new Map(found.votes.map((v) => [v.id, v.probability]));
  const even = found.votes.length === 0 ? 1 / labels.length : 0;
  return labels
    .map((id, i) => ({ id, i, probability: vote.get(id) ?? even }))
    .sort((a, b) => b.probability - a.probability || a.i - b.i)
    .map(({ id, probability }) => ({ id, probability, terms: [] }));
}

/**
 * (1 − weight) × the model's probability + weight × retrieval's vote, per label. Where no case shared a
 * term with the paste there is no vote to mix, and the model answers alone.
 */
export function blendPredictions(model: readonly CausePrediction[], found: Retrieved, weight: number): CausePrediction[] {
  if (found.votes.length === 0) return [...model];
  const vote = new Map(found.votes.map((v) => [v.id, v.probability]));
  return model
    .map((p, i) => ({ p, i, probability: (1 - weight) * p.probability + weight * (vote.get(p.id) ?? 0) }))
    .sort((a, b) => b.probability - a.probability || a.i - b.i)
    .map(({ p, probability }) => ({ ...p, probability }));
}

/** Blend weights tried; 0 is the fitted model alone, 1 retrieval alone. */
export const BLEND_WEIGHTS = Array.from({ length: 11 }, (_, i) => i / 10);

/**
 * Per group, the blend weight that puts the most right first causes first over every *other* group's
 * held-out cases (ties go to the smaller weight), so a group's figure never rests on a weight chosen on it.
 * `firstRight(i, predictions)`: whether case i is an in-catalog case whose first cause is right.
 */
export function nestedBlendWeights(
  groups: readonly string[],
  model: readonly (readonly CausePrediction[])[],
  found: readonly Retrieved[],
  firstRight: (i: number, predictions: readonly CausePrediction[]) => boolean,
  weights: readonly number[] = BLEND_WEIGHTS,
): Map<string, number> {
  // rights[w][i]: 1 when weight w puts case i's right cause first.
  const rights = weights.map((w) => groups.map((_, i) => (firstRight(i, blendPredictions(model[i] ?? [], found[i] ?? { neighbours: [], votes: [] }, w)) ? 1 : 0)));
  const chosen = new Map<string, number>();
  for (const group of [...new Set(groups)].sort()) {
    let best = { weight: weights[0] ?? 0, right: -1 };
    weights.forEach((weight, w) => {
      const right = (rights[w] ?? []).reduce((n: number, r, i) => (groups[i] === group ? n : n + r), 0);
      if (right > best.right) best = { weight, right };
    });
    chosen.set(group, best.weight);
  }
  return chosen;
}
