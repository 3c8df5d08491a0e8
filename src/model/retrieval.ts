// The second approach to ranking causes (issue 9): case retrieval. Index solved cases by the terms the
// fitted model reads (src/model/terms.ts: the admin's words and word pairs, decoded codes and phrase
// tags; never log lines, user agents, event labels or markup, which `symptoms.words` already left out),
// find the cases nearest a paste with MiniSearch's BM25, and let them vote for their causes.
// Pure and deterministic: the same cases and query give the same neighbours and votes.
import MiniSearch from 'minisearch';

/** A solved case as retrieval sees it: its terms (pasteTerms) and the labels that count as right. */
export interface RetrievalCase {
  readonly terms: readonly string[];
  readonly expect: readonly string[];
}

/** A near case: its position in the list the index was built from, its BM25 score and its labels. */
export interface Neighbour extends Pick<RetrievalCase, 'expect'> {
  readonly index: number;
  readonly similarity: number;
}

/** probability: the label's share of the neighbours' similarity; a query's votes add up to 1. */
export type Vote = Readonly<{ id: string; probability: number }>;

export interface Retrieved {
  /** Most similar first. */
  readonly neighbours: readonly Neighbour[];
  /** Most voted first; empty when no case shares a term with the query. */
  readonly votes: readonly Vote[];
}

/**
 * k: neighbours that vote. sharpness: a neighbour votes (similarity / best similarity) ^ sharpness, so
 * higher lets the closest cases decide. commonShare: query terms held by more than this share of the
 * indexed cases are left out. The defaults come from a small sweep (k 5–20, sharpness 1–4) on the
 * leave-one-group-out figures; the blend's figures barely moved across it.
 */
export type RetrievalOptions = Readonly<{ k: number; sharpness: number; commonShare: number }>;

export const DEFAULT_RETRIEVAL: RetrievalOptions = { k: 10, sharpness: 2, commonShare: 0.05 };

interface CaseDocument {
  readonly id: number;
  /** `w:` and `b:` terms: what the admin wrote. */
  readonly words: string;
  /** `c:` and `t:` terms: what the readers decoded. */
  readonly codes: string;
}

/** Terms are whole tokens already ("b:kerberos ticket", "c:win32:1326"); a newline separates them. */
const SEPARATOR = '\n';
const splitTerms = (text: string): string[] => text.split(SEPARATOR);
const ownTerm = (term: string): string | null => (term === '' ? null : term);

/** Kinds (`k:`) and era (`e:`) say how a paste was written, not what went wrong: retrieval leaves them out. */
export function retrievalTerms(terms: readonly string[]): { words: string[]; codes: string[] } {
  return {
    words: terms.filter((t) => t.startsWith('w:') || t.startsWith('b:')),
    codes: terms.filter((t) => t.startsWith('c:') || t.startsWith('t:')),
  };
}

const OPTIONS = {
  fields: ['words', 'codes'],
  tokenize: splitTerms,
  processTerm: ownTerm,
  // A decoded code or tag names a mechanism; one shared code says more than one shared word.
  searchOptions: { boost: { codes: 2, words: 1 }, prefix: false, fuzzy: false, combineWith: 'OR' as const },
};

function toDocument(c: RetrievalCase, id: number): CaseDocument {
  const { words, codes } = retrievalTerms(c.terms);
  return { id, words: words.join(SEPARATOR), codes: codes.join(SEPARATOR) };
}

/**
 * MiniSearch over solved cases. Cases can be left out and put back: leave-one-group-out takes a group out
 * of one index (MiniSearch's remove() updates its term statistics at once) instead of building 31 indexes.
 */
export class CaseIndex {
  private readonly search = new MiniSearch<CaseDocument>(OPTIONS);
  /** term → how many indexed cases hold it. */
  private readonly caseCounts = new Map<string, number>();
  private readonly indexed = new Set<number>();
  private readonly cases: readonly RetrievalCase[];

  private constructor(cases: readonly RetrievalCase[]) {
    this.cases = cases;
  }

  static build(cases: readonly RetrievalCase[]): CaseIndex {
    const index = new CaseIndex(cases);
    index.restore(cases.map((_, i) => i));
    return index;
  }

  /** Positions (into the cases it was built from) currently searchable. */
  has(position: number): boolean {
    return this.indexed.has(position);
  }

  private count(terms: readonly string[], by: number): void {
    for (const t of new Set(terms)) this.caseCounts.set(t, (this.caseCounts.get(t) ?? 0) + by);
  }

  /** Takes these cases out of the index until restore(). */
  leaveOut(positions: readonly number[]): void {
    for (const i of positions) {
      const c = this.cases[i];
      if (!c || !this.indexed.delete(i)) continue;
      this.search.remove(toDocument(c, i));
      this.count(c.terms, -1);
    }
  }

  restore(positions: readonly number[]): void {
    const documents: CaseDocument[] = [];
    for (const i of positions) {
      const c = this.cases[i];
      if (!c || this.indexed.has(i)) continue;
      this.indexed.add(i);
      documents.push(toDocument(c, i));
      this.count(c.terms, 1);
    }
    this.search.addAll(documents);
  }

  /** The k indexed cases nearest `terms`, and their similarity-weighted vote per label. */
  retrieve(terms: readonly string[], options: RetrievalOptions = DEFAULT_RETRIEVAL): Retrieved {
    const { words, codes } = retrievalTerms(terms);
    // A term most cases hold ("w:401", "c:status:401") weighs next to nothing in BM25 yet makes MiniSearch
    // score every case: left out, a query costs a fraction and the nearest cases barely change.
    // (A small index keeps every term two cases share: there the share would leave nothing.)
    const common = Math.max(2, options.commonShare * this.indexed.size);
    const query = [...words, ...codes].filter((t) => (this.caseCounts.get(t) ?? 0) <= common);
    if (query.length === 0) return { neighbours: [], votes: [] };
    const hits = this.search
      .search(query.join(SEPARATOR))
      // MiniSearch orders by score alone; equal scores go by position, so a run never depends on insertion order.
      .sort((a, b) => b.score - a.score || (a.id as number) - (b.id as number))
      .slice(0, options.k);
    const neighbours = hits.map((h): Neighbour => ({ index: h.id as number, similarity: h.score, expect: this.cases[h.id as number]?.expect ?? [] }));
    return { neighbours, votes: similarityVote(neighbours, options.sharpness) };
  }
}

/** Each neighbour's labels get (similarity / best) ^ sharpness, split among them; normalised to add up to 1. */
export function similarityVote(neighbours: readonly Neighbour[], sharpness: number): Vote[] {
  const best = neighbours[0]?.similarity ?? 0;
  const tally = new Map<string, number>();
  for (const n of neighbours) {
    // A case that accepts two causes splits its vote between them.
    const weight = (n.similarity / best) ** sharpness / Math.max(1, n.expect.length);
    for (const id of n.expect) tally.set(id, (tally.get(id) ?? 0) + weight);
  }
  const total = [...tally.values()].reduce((a, b) => a + b, 0);
  return [...tally]
    .map(([id, w]) => ({ id, probability: w / total }))
    .sort((a, b) => b.probability - a.probability || a.id.localeCompare(b.id));
}
