// What the fitted model knows about one paste: per catalog cause, what the rule engine found for it
// (the same figures the hand-set blend of src/rank/rank.ts adds up), and the paste's terms. Computed
// once per paste, so training, leave-one-group-out evaluation and the live answer read the same numbers.
import type { Article } from '../kb/load.js';
import type { RankedCandidate } from '../rank/rank.js';
import type { Symptoms } from '../symptoms.js';
import { pasteTerms } from './terms.js';

/** The rule weight that marks a decisive code (1909, 0xC000015B, event 534): it wins over any prose. */
export const DECISIVE_WEIGHT = 10;

/** Names of the per-cause evidence figures, in vector order; the model file records them. */
export const EVIDENCE = [
  'ranked',
  'relative-score',
  'top-score',
  'strongest-rule',
  'decisive-rule',
  'rule-count',
  'search',
  'substatus-fit',
  'substatus-misfit',
  'prior',
] as const;

export interface CauseEvidence {
  /** One figure per EVIDENCE name. */
  readonly figures: readonly number[];
  /** Ids of the rules that held for this cause. */
  readonly rules: readonly string[];
}

export interface PasteFeatures {
  readonly terms: readonly string[];
  /** One entry per catalog cause, in catalog order. */
  readonly causes: readonly CauseEvidence[];
}

function observedSubstatuses(symptoms: Symptoms): Set<string> {
  const seen = new Set<string>();
  for (const code of symptoms.codes) if (code.key.startsWith('substatus:')) seen.add(code.key.slice('substatus:'.length));
  seen.delete('401.0');
  return seen;
}

export function pasteFeatures(symptoms: Symptoms, ranked: readonly RankedCandidate[], causes: readonly Article[]): PasteFeatures {
  const byId = new Map(ranked.map((c) => [c.id, c]));
  const top = ranked[0]?.score ?? 0;
  const observed = observedSubstatuses(symptoms);
  return {
    terms: pasteTerms(symptoms),
    causes: causes.map((article) => {
      const candidate = byId.get(article.id);
      const strongest = candidate?.hits[0]?.rule.weight ?? 0;
      const listed = observed.size > 0 && article.substatus.length > 0;
      const fits = listed && article.substatus.some((s) => observed.has(s));
      return {
        figures: [
          candidate ? 1 : 0,
          candidate && top > 0 ? Math.max(0, candidate.score) / top : 0,
          candidate && candidate === ranked[0] ? 1 : 0,
          strongest / 10,
          strongest >= DECISIVE_WEIGHT ? 1 : 0,
          Math.min(4, candidate?.hits.length ?? 0) / 4,
          candidate?.searchScore ?? 0,
          fits ? 1 : 0,
          listed && !fits ? 1 : 0,
          article.prior,
        ],
        rules: [...new Set(candidate?.hits.map((h) => h.rule.id) ?? [])].sort(),
      };
    }),
  };
}
