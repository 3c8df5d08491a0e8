// `npm run eval`'s comparison of the two approaches of issue 9, every figure leave one source group out:
// the fitted model, case retrieval alone, and their blend with its weight chosen without the group.
import type { Case } from '../src/cases/load.js';
import { scoreAnswers } from '../src/cases/score.js';
import type { Answer, Figures } from '../src/cases/score.js';
import type { CausePrediction } from '../src/model/model.js';
import { DEFAULT_RETRIEVAL } from '../src/model/retrieval.js';
import { firstCauseRight, heldOutAnswers } from './model-loso.js';
import type { LibraryFeatures } from './model-loso.js';
import { blendPredictions, nestedBlendWeights, retrievalLeaveOneGroupOut, votePredictions } from './retrieval-loso.js';

const percent = (part: number, whole: number): string => (whole === 0 ? '-' : `${((100 * part) / whole).toFixed(1)}%`);
const groupShare = (g: Figures['groups'][number]): number => g.top1 / g.cases;

function summary(name: string, figures: Figures): string {
  const all = figures.inCatalog;
  const high = figures.reliability.find((r) => r.label === 'high') ?? { answered: 0, right: 0 };
  const ooc = figures.outOfCatalog;
  const lowest = [...figures.groups].sort((a, b) => groupShare(a) - groupShare(b) || a.group.localeCompare(b.group)).slice(0, 3);
  return [
    `${name.padEnd(10)} top-1 ${percent(all.top1, all.cases).padStart(6)}  top-3 ${percent(all.top3, all.cases).padStart(6)}`,
    `high right ${percent(high.right, high.answered).padStart(6)} (${high.answered})`,
    `out-of-catalog "not sure" ${percent(ooc.notSure, ooc.cases).padStart(6)} at a cost of ${all.notSureCost} right first causes`,
    `lowest: ${lowest.map((g) => `${g.group} ${percent(g.top1, g.cases)}`).join(', ')}`,
  ].join('; ');
}

export function compareRetrieval(cases: readonly Case[], library: LibraryFeatures, model: readonly CausePrediction[][], engineAnswers: readonly Answer[]): string {
  const started = performance.now();
  const found = retrievalLeaveOneGroupOut(cases, library.features.map((f) => f.terms), library.labels);
  const retrieval = found.map((r) => votePredictions(r, library.labels));
  const weights = nestedBlendWeights(cases.map((c) => c.group), model, found, firstCauseRight(cases, library));
  const blend = found.map((r, i) => blendPredictions(model[i] ?? [], r, weights.get(cases[i]?.group ?? '') ?? 0));
  const scored = (predictions: readonly CausePrediction[][]): Figures => scoreAnswers(cases, heldOutAnswers(cases, library, predictions, engineAnswers).answers);
  const rows: Array<[string, Figures]> = [['model', scored(model)], ['retrieval', scored(retrieval)], ['blend', scored(blend)]];
  const chosen = [...weights.values()];
  const width = Math.max(12, ...cases.map((c) => c.group.length));
  const [logit, alone, mixed] = rows.map(([, f]) => new Map(f.groups.map((g) => [g.group, g])));
  const perGroup = [...(logit?.keys() ?? [])].map((group) => {
    const cell = (m: typeof logit): string => {
      const g = m?.get(group);
      return (g ? percent(g.top1, g.cases) : '-').padStart(9);
    };
    return `${group.padEnd(width)}  ${cell(logit)}  ${cell(alone)}  ${cell(mixed)}  ${String(weights.get(group) ?? 0).padStart(6)}`;
  });
  return [
    `Case retrieval (MiniSearch over the cases' prose terms, codes and tags; k ${DEFAULT_RETRIEVAL.k}, sharpness ${DEFAULT_RETRIEVAL.sharpness}) and its blend with the model, leave one source group out`,
    `blend: (1 − w) × model + w × retrieval vote, w chosen per group on the other groups (chosen ${Math.min(...chosen)}–${Math.max(...chosen)}); each approach's thresholds calibrated on its own held-out predictions`,
    '',
    ...rows.map(([name, f]) => summary(name, f)),
    '',
    `${'source group'.padEnd(width)}  ${'model'.padStart(9)}  ${'retrieval'.padStart(9)}  ${'blend'.padStart(9)}  ${'w'.padStart(6)}   (top-1)`,
    ...perGroup,
    '',
    `retrieval and blend: ${((performance.now() - started) / 1000).toFixed(1)} s`,
  ].join('\n');
}
