// The prose model's view of a paste: the admin's own words as unigrams and bigrams, plus the codes and
// tags the readers decoded. Machine text never gets here: `symptoms.words` already left out log lines,
// event labels and markup, and codes arrive as keys ("win32:1326"), not as the words around them.
import type { Symptoms } from '../symptoms.js';

/** Words that carry no cause; dropping them lets bigrams span "logs on to" as "logs to". */
const STOPWORDS = new Set(
  ('a an and are as at be been but by can could did do does for from had has have he her his how i if in into is it its ' +
    'me my of on or our she so than that the their them then there these they this those to too us was we were what when ' +
    'where which while who why will with would you your just also any some get got am im ive dont').split(' '),
);

/** Long pastes say what they say in their first words; a cap keeps the cost per paste bounded. */
export const MAX_WORDS = 400;
const TOKEN = /[a-z0-9][a-z0-9._-]{0,40}/g;

/** Lower-case word tokens of the admin's words, trailing punctuation trimmed, stopwords dropped. */
export function wordTokens(words: string): string[] {
  const out: string[] = [];
  for (const match of words.toLowerCase().matchAll(TOKEN)) {
    let token = match[0];
    while (token.length > 1 && /[._-]$/.test(token)) token = token.slice(0, -1);
    if (token.length < 2 || STOPWORDS.has(token)) continue;
    out.push(token);
    if (out.length >= MAX_WORDS) break;
  }
  return out;
}

/** The distinct terms of one paste: `w:` words, `b:` word pairs, `c:` codes, `t:` phrase tags, `k:` input kinds, `e:` era. */
export function pasteTerms(symptoms: Symptoms): string[] {
  const tokens = wordTokens(symptoms.words ?? symptoms.prose);
  const terms = new Set<string>();
  tokens.forEach((token, i) => {
    terms.add(`w:${token}`);
    const next = tokens[i + 1];
    if (next) terms.add(`b:${token} ${next}`);
  });
  for (const code of symptoms.codes) terms.add(`c:${code.key}`);
  for (const tag of symptoms.tags) terms.add(`t:${tag}`);
  for (const kind of symptoms.kinds) terms.add(`k:${kind}`);
  if (symptoms.iis) terms.add(`e:${symptoms.iis.era}`);
  return [...terms].sort();
}
