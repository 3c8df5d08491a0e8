import type { Article } from '../kb/load.js';
import type { RuleHit } from '../match/match.js';
import type { SearchHit } from '../search/index.js';
import type { Symptoms } from '../symptoms.js';

/**
 * The ranking weights, in one place (DESIGN.md explains each).
 * score(cause) = RULE.strongest × w_max + RULE.others × Σ other rule weights (capped)
 *              + SEARCH × relevance (0-1, relative to the best article)
 *              + SUBSTATUS.fit / SUBSTATUS.misfit when the paste names a 401 sub-status
 *              + PRIOR × prior (0-1, from the article)
 */
export const WEIGHTS = {
  /** The strongest rule that fired counts whole. */
  ruleStrongest: 1,
  /** Each further rule adds a share of its weight: corroboration, with diminishing returns. */
  ruleOthers: 0.35,
  /** Cap on what corroborating rules can add, so many weak phrases never beat one decisive code. */
  ruleOthersCap: 4,
  /** Free-text relevance of the article, scaled so the best article gets this much. */
  search: 2.5,
  /** Search only counts this much when a rule also fired for the cause (codes dominate). */
  searchWithoutProse: 0.5,
  /** The cause's article lists the sub-status the paste shows. */
  substatusFit: 1,
  /** The cause's article lists sub-statuses and the paste's is not among them. */
  substatusMisfit: -2.5,
  prior: 1,
} as const;

/** Below this a cause is not shown at all: a faint search match is not a diagnosis. */
export const MIN_SCORE = 0.6;

export interface RankedCandidate {
  readonly id: string;
  readonly score: number;
  readonly hits: readonly RuleHit[];
  readonly searchScore: number;
  readonly reasons: readonly string[];
}

function substatusesOf(symptoms: Symptoms): Set<string> {
  const seen = new Set<string>();
  for (const code of symptoms.codes) if (code.key.startsWith('substatus:')) seen.add(code.key.slice('substatus:'.length));
  return seen;
}

/**
 * Blends rule hits, search relevance, sub-status fit and priors into one score per cause. Pure and
 * deterministic: ties are broken by the article order of the catalog (stable sort on id order given).
 */
export function rankCauses(
  symptoms: Symptoms,
  hits: readonly RuleHit[],
  searchHits: readonly SearchHit[],
  causes: readonly Article[],
  hasProse: boolean,
): RankedCandidate[] {
  const best = searchHits[0]?.score ?? 0;
  const relevance = new Map(searchHits.map((h) => [h.id, best > 0 ? h.score / best : 0]));
  const observed = substatusesOf(symptoms);
  // 401.0 is "set by the application": it says little about which IIS cause it is.
  observed.delete('401.0');
  const candidates: RankedCandidate[] = [];
  causes.forEach((article) => {
    const mine = hits.filter((h) => h.causeId === article.id).sort((a, b) => b.rule.weight - a.rule.weight);
    const search = relevance.get(article.id) ?? 0;
    if (mine.length === 0 && search === 0) return;
    const reasons: string[] = [];
    let score = 0;
    if (mine.length > 0) {
      const [first, ...rest] = mine;
      score += (first?.rule.weight ?? 0) * WEIGHTS.ruleStrongest;
      score += Math.min(WEIGHTS.ruleOthersCap, rest.reduce((sum, h) => sum + h.rule.weight, 0) * WEIGHTS.ruleOthers);
      for (const hit of mine) reasons.push(hit.source === 'the paste as a whole' ? hit.rule.why : `${hit.rule.why} (${hit.source})`);
    }
    const searchWeight = hasProse ? WEIGHTS.search : WEIGHTS.searchWithoutProse;
    score += search * searchWeight;
    if (search >= 0.5 && hasProse) reasons.push(`the words of the paste match this article closely (search relevance ${(search * 100).toFixed(0)}%)`);
    if (observed.size > 0 && article.substatus.length > 0) {
      const fits = article.substatus.some((s) => observed.has(s));
      score += fits ? WEIGHTS.substatusFit : WEIGHTS.substatusMisfit;
      if (fits && mine.length === 0) reasons.push(`it is a known cause of ${[...observed].filter((s) => article.substatus.includes(s)).join(', ')}`);
    }
    score += article.prior * WEIGHTS.prior;
    if (score >= MIN_SCORE) candidates.push({ id: article.id, score: Math.round(score * 100) / 100, hits: mine, searchScore: search, reasons });
  });
  const order = new Map(causes.map((a, i) => [a.id, i]));
  return candidates.sort((a, b) => b.score - a.score || (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
}

/** High when a decisive rule fired and the runner-up is well behind; low when only words matched. */
export function confidenceOf(candidate: RankedCandidate, runnerUp: RankedCandidate | undefined): 'high' | 'medium' | 'low' {
  const strongest = candidate.hits[0]?.rule.weight ?? 0;
  const margin = candidate.score - (runnerUp?.score ?? 0);
  if (strongest >= 7 && margin >= 2) return 'high';
  if (strongest >= 4 && margin >= 1) return 'medium';
  if (strongest >= 7) return 'medium';
  return 'low';
}
