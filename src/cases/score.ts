import type { Case } from './load.js';

/**
 * Scoring of answers against the case library, per source group: the figures `npm run eval` prints.
 * Pure: it takes what the engine answered for each case, so the same code scores the rule engine
 * today and a model trained leave-one-group-out tomorrow.
 */
export type Label = 'high' | 'medium' | 'low';

export interface Answer {
  /** Cause ids, best first (empty when no cause was given). */
  readonly causes: readonly string[];
  /** Confidence of the first cause, when there is one. */
  readonly confidence?: Label;
  readonly verdict: string;
}

export interface GroupFigures {
  readonly group: string;
  readonly cases: number;
  readonly top1: number;
  readonly top3: number;
}

export interface ReliabilityRow {
  readonly label: Label;
  readonly answered: number;
  readonly right: number;
}

export interface OutOfCatalogFigures {
  readonly cases: number;
  /** Answered with no cause, or with a low-confidence first cause: the closest thing to "not sure" today. */
  readonly notSure: number;
  readonly confident: number;
}

export interface Figures {
  readonly groups: readonly GroupFigures[];
  /** notSureCost: in-catalog cases whose first cause was right but the answer said "not sure". */
  readonly inCatalog: { readonly cases: number; readonly top1: number; readonly top3: number; readonly notSureCost: number };
  readonly reliability: readonly ReliabilityRow[];
  readonly outOfCatalog: OutOfCatalogFigures;
  readonly notA401: { readonly cases: number; readonly recognised: number };
}

const LABELS: readonly Label[] = ['high', 'medium', 'low'];

function isRight(c: Case, answer: Answer, depth: number): boolean {
  const [want] = c.expect;
  if (want === 'not-401') return answer.verdict === 'not-401';
  if (want === 'out-of-catalog') return answer.verdict === 'not-sure' || answer.causes.length === 0 || answer.confidence === 'low';
  if (want === 'auth-handshake-normal' && depth === 1) return answer.verdict === 'normal-challenge' || answer.causes[0] === want;
  return answer.causes.slice(0, depth).some((id) => c.expect.includes(id));
}

/** Top-1/top-3 per group, the reliability of each confidence label, and how the negatives are answered. */
export function scoreAnswers(cases: readonly Case[], answers: readonly Answer[]): Figures {
  const byGroup = new Map<string, { cases: number; top1: number; top3: number }>();
  const reliability = new Map<Label, { answered: number; right: number }>(LABELS.map((l) => [l, { answered: 0, right: 0 }]));
  const inCatalog = { cases: 0, top1: 0, top3: 0, notSureCost: 0 };
  const outOfCatalog = { cases: 0, notSure: 0, confident: 0 };
  const notA401 = { cases: 0, recognised: 0 };
  cases.forEach((c, i) => {
    const answer = answers[i] ?? { causes: [], verdict: 'nothing-recognised' };
    const group = byGroup.get(c.group) ?? { cases: 0, top1: 0, top3: 0 };
    byGroup.set(c.group, group);
    const top1 = isRight(c, answer, 1);
    const top3 = top1 || isRight(c, answer, 3);
    group.cases++;
    if (top1) group.top1++;
    if (top3) group.top3++;
    const [want] = c.expect;
    if (want === 'out-of-catalog') {
      outOfCatalog.cases++;
      if (top1) outOfCatalog.notSure++;
      else outOfCatalog.confident++;
    } else if (want === 'not-401') {
      notA401.cases++;
      if (top1) notA401.recognised++;
    } else {
      inCatalog.cases++;
      if (top1) inCatalog.top1++;
      if (top3) inCatalog.top3++;
      if (top1 && answer.verdict === 'not-sure') inCatalog.notSureCost++;
      const row = answer.confidence ? reliability.get(answer.confidence) : undefined;
      if (row) {
        row.answered++;
        if (top1) row.right++;
      }
    }
  });
  return {
    groups: [...byGroup].map(([group, g]) => ({ group, ...g })).sort((a, b) => a.group.localeCompare(b.group)),
    inCatalog,
    reliability: LABELS.map((label) => ({ label, ...(reliability.get(label) ?? { answered: 0, right: 0 }) })),
    outOfCatalog,
    notA401,
  };
}

function percent(part: number, whole: number): string {
  return whole === 0 ? '-' : `${((100 * part) / whole).toFixed(0)}%`;
}

/** The figures as the plain-text table `npm run eval` prints. */
export function formatFigures(figures: Figures, heading: string): string {
  const width = Math.max(12, ...figures.groups.map((g) => g.group.length));
  const lines = [heading, '', `${'source group'.padEnd(width)}  cases  top-1  top-3`];
  for (const g of figures.groups) {
    lines.push(`${g.group.padEnd(width)}  ${String(g.cases).padStart(5)}  ${percent(g.top1, g.cases).padStart(5)}  ${percent(g.top3, g.cases).padStart(5)}`);
  }
  const all = figures.inCatalog;
  lines.push('', `in-catalog cases: ${all.cases}, top-1 ${percent(all.top1, all.cases)}, top-3 ${percent(all.top3, all.cases)}; right first causes answered "not sure" ${all.notSureCost} (${percent(all.notSureCost, all.top1)} of the right ones)`);
  lines.push('', 'reliability (in-catalog cases, by the label of the first cause):');
  for (const r of figures.reliability) lines.push(`  ${r.label.padEnd(6)}  answered ${String(r.answered).padStart(5)}  right ${percent(r.right, r.answered)}`);
  const ooc = figures.outOfCatalog;
  lines.push('', `out-of-catalog cases: ${ooc.cases}, answered "not sure" (that verdict, no cause, or low) ${percent(ooc.notSure, ooc.cases)}, with a medium/high cause ${ooc.confident}`);
  lines.push(`not-401 cases: ${figures.notA401.cases}, recognised as not a 401 ${percent(figures.notA401.recognised, figures.notA401.cases)}`);
  return lines.join('\n');
}
