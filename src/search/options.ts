import type { Options, SearchOptions } from 'minisearch';

/** A searchable article: the fields below are what MiniSearch indexes. */
export interface SearchDocument {
  readonly id: string;
  readonly kind: 'cause' | 'guide';
  readonly title: string;
  readonly summary: string;
  readonly symptoms: string;
  readonly codes: string;
  readonly headings: string;
  readonly body: string;
}

const STOP_WORDS = new Set([
  'a', 'an', 'and', 'are', 'as', 'at', 'be', 'but', 'by', 'for', 'from', 'has', 'have', 'i', 'if', 'in', 'into', 'is', 'it', 'its', 'me', 'my',
  'no', 'not', 'of', 'on', 'or', 'our', 'so', 'that', 'the', 'their', 'then', 'there', 'this', 'to', 'was', 'we', 'were', 'when', 'which', 'with',
  'you', 'your', 'get', 'gets', 'got', 'getting', 'any', 'all', 'can', 'do', 'does', 'error', 'errors', 'iis', 'http', 'unauthorized', 'please', 'help',
  'why', 'what', 'how', 'after', 'also', 'just', 'only', 'still', 'same', 'using', 'use', 'used', 'site', 'server', 'page', 'pages', 'web',
]);

/** Words, dotted codes (401.1) and hex codes stay whole; everything else splits on non-word characters. */
export function tokenize(text: string): string[] {
  return text.match(/0x[0-9a-f]+|(?<!\d)\d+(?:\.\d+)+|[\p{L}\p{N}_]+(?:[-'][\p{L}\p{N}_]+)*/giu) ?? [];
}

export function processTerm(term: string): string | null {
  const lower = term.toLowerCase();
  if (STOP_WORDS.has(lower) || lower.length < 2) return null;
  return lower;
}

/**
 * How the articles are searched. Keep in one place: MiniSearch.loadJSON needs the same options as the
 * index was built with.
 *
 * Boosts (relative weights of a term found in each field; 1 = body text):
 * - `codes` 6: a code or event id is the strongest pointer an admin can give ("534", "0xC000015B").
 * - `title` 3 and `symptoms` 3: written in the admin's own words for exactly this lookup.
 * - `summary` 2, `headings` 1.5: condensed descriptions.
 * - `body` 1: everything else.
 * `prefix` for terms of 5+ characters finds "lockout" from "lock"; `fuzzy` 0.15 for 6+ characters
 * forgives one typo in "kerberose" without matching unrelated short words.
 */
export const SEARCH_OPTIONS: Options<SearchDocument> = {
  fields: ['title', 'summary', 'symptoms', 'codes', 'headings', 'body'],
  storeFields: ['title', 'summary', 'kind'],
  tokenize,
  processTerm,
  searchOptions: {
    boost: { codes: 6, title: 3, symptoms: 3, summary: 2, headings: 1.5, body: 1 },
    prefix: (term) => term.length >= 5,
    fuzzy: (term) => (term.length >= 6 && !/\d/.test(term) ? 0.15 : false),
    combineWith: 'OR',
    // Causes answer "why"; guides answer "how". A cause that matches about as well as a guide comes first.
    boostDocument: (_id, _term, stored) => (stored?.['kind'] === 'guide' ? 0.5 : 1),
  } satisfies SearchOptions,
};

/**
 * For a whole paste used as the query: many terms, so no fuzzy matching (it dominated diagnosis time and
 * adds noise when the words are the admin's own), and prefixes only for long terms.
 */
export const PASTE_SEARCH: SearchOptions = {
  prefix: (term) => term.length >= 7,
  fuzzy: false,
};

/** Most distinct terms taken from a paste for the search query. */
export const MAX_PASTE_TERMS = 80;
