import MiniSearch from 'minisearch';
import { HRESULT, NTSTATUS, WIN32 } from '../codes/tables.js';
import type { Article } from '../kb/load.js';
import { MAX_PASTE_TERMS, PASTE_SEARCH, SEARCH_OPTIONS, processTerm, tokenize } from './options.js';
import type { SearchDocument } from './options.js';

export interface SearchHit {
  readonly id: string;
  readonly title: string;
  readonly summary: string;
  readonly score: number;
}

/** Every spelling of an article's codes, so "1385", "0x569", "ERROR_LOGON_TYPE_NOT_GRANTED" all find it. */
function codeTerms(article: Article): string {
  const terms: string[] = [...article.substatus];
  for (const n of article.codes.win32) {
    terms.push(String(n), `0x${n.toString(16)}`);
    const name = WIN32[n]?.name;
    if (name) terms.push(name);
  }
  for (const code of article.codes.ntstatus) terms.push(code, NTSTATUS[code]?.name ?? '');
  for (const code of article.codes.hresult) terms.push(code, String(Number.parseInt(code.slice(2), 16)), HRESULT[code]?.name ?? '');
  for (const id of article.codes.events) terms.push(String(id));
  return terms.filter(Boolean).join(' ');
}

export function toSearchDocument(article: Article): SearchDocument {
  return {
    id: article.id,
    kind: article.kind,
    title: article.title,
    summary: article.summary,
    symptoms: article.symptoms.join(' \n '),
    codes: codeTerms(article),
    headings: article.headings.join(' \n '),
    body: article.text,
  };
}

export class ArticleIndex {
  private loaded: MiniSearch<SearchDocument> | undefined;
  private readonly load: () => MiniSearch<SearchDocument>;

  private constructor(load: () => MiniSearch<SearchDocument>) {
    this.load = load;
  }

  /** Built on first use: a paste of log lines alone never needs the text index. */
  private get search(): MiniSearch<SearchDocument> {
    this.loaded ??= this.load();
    return this.loaded;
  }

  static build(articles: readonly Article[]): ArticleIndex {
    const search = new MiniSearch<SearchDocument>(SEARCH_OPTIONS);
    search.addAll(articles.map(toSearchDocument));
    return new ArticleIndex(() => search);
  }

  /** An index saved with toJSON(); loadJSON needs the very options it was built with. */
  static fromJSON(json: string): ArticleIndex {
    return new ArticleIndex(() => MiniSearch.loadJSON<SearchDocument>(json, SEARCH_OPTIONS));
  }

  toJSON(): string {
    return JSON.stringify(this.search);
  }

  /** Articles ranked by relevance to what a person typed as a search; at most `limit`. */
  query(text: string, limit = 10): SearchHit[] {
    if (text.trim() === '') return [];
    return this.toHits(this.search.search(text), limit);
  }

  /** Articles ranked by relevance to the words of a paste (its distinct terms, capped; no fuzzy matching). */
  queryPaste(text: string, limit = 10): SearchHit[] {
    const terms = [...new Set(tokenize(text).map(processTerm).filter((t): t is string => t !== null))].slice(0, MAX_PASTE_TERMS);
    if (terms.length === 0) return [];
    return this.toHits(this.search.search(terms.join(' '), PASTE_SEARCH), limit);
  }

  private toHits(results: ReturnType<MiniSearch<SearchDocument>['search']>, limit: number): SearchHit[] {
    return results.slice(0, limit).map((r) => ({
      id: String(r.id),
      title: String(r['title'] ?? ''),
      summary: String(r['summary'] ?? ''),
      score: r.score,
    }));
  }
}
