import MiniSearch from 'minisearch';
import { HRESULT, NTSTATUS, WIN32 } from '../codes/tables.js';
import type { Article } from '../kb/load.js';
import { SEARCH_OPTIONS } from './options.js';
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
    title: article.title,
    summary: article.summary,
    symptoms: article.symptoms.join(' \n '),
    codes: codeTerms(article),
    headings: article.headings.join(' \n '),
    body: article.text,
  };
}

export class ArticleIndex {
  private readonly search: MiniSearch<SearchDocument>;

  constructor(articles: readonly Article[]) {
    this.search = new MiniSearch<SearchDocument>(SEARCH_OPTIONS);
    this.search.addAll(articles.map(toSearchDocument));
  }

  /** Articles ranked by relevance to free text; at most `limit`. */
  query(text: string, limit = 10): SearchHit[] {
    if (text.trim() === '') return [];
    return this.search.search(text).slice(0, limit).map((r) => ({
      id: String(r.id),
      title: String(r['title'] ?? ''),
      summary: String(r['summary'] ?? ''),
      score: r.score,
    }));
  }
}
