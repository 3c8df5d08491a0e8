// In-process timings of the diagnose engine: parse and diagnose against paste size, the spread of
// diagnose over realistic pastes, and the knowledge base's search index scaled to 10,000 articles.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCaseGroup } from '../src/cases/load.js';
import type { DiagnosisEngine } from '../src/diagnose.js';
import type { Article } from '../src/kb/load.js';
import { MAX_PASTE, parse } from '../src/parse/index.js';
import { ArticleIndex } from '../src/search/index.js';
import { createRandom } from '../src/text/seeded-random.js';
import { generateLog } from './generate-log.js';
import { median, percentile, timeMs } from './stats.js';

export interface SizeTiming {
  readonly bytes: number;
  readonly parseMs: number;
  readonly diagnoseMs: number;
  /** The parser reads at most MAX_PASTE characters; past that the answer says it was cut. */
  readonly truncated: boolean;
}

/** A paste of `bytes` as an admin makes one: the head of a log file, header included. */
function logPaste(bytes: number): string {
  let text = '';
  generateLog({ bytes, seed: 4011, garbageEvery: 0 }, (chunk) => {
    text += chunk;
  });
  return text.slice(0, bytes);
}

/** Median parse and diagnose time for each paste size (fewer runs for the big ones). */
export function timeBySize(engine: DiagnosisEngine, sizes: readonly number[]): SizeTiming[] {
  return sizes.map((bytes) => {
    const paste = logPaste(bytes);
    const runs = bytes >= 1024 * 1024 ? 3 : bytes >= 100 * 1024 ? 5 : 20;
    engine.diagnose(paste);
    const parseMs = median(Array.from({ length: runs }, () => timeMs(() => parse(paste))));
    const diagnoseMs = median(Array.from({ length: runs }, () => timeMs(() => engine.diagnose(paste))));
    return { bytes, parseMs, diagnoseMs, truncated: paste.length > MAX_PASTE };
  });
}

/**
 * Realistic pastes: the development set's inputs and the parser fixtures (events, error pages, FREB
 * files, log files). Missing folders are skipped: the bench runs on a checkout without them too.
 */
export function realisticPastes(root: string): string[] {
  const pastes: string[] = [];
  if (existsSync(join(root, 'cases', 'dev-seeds.jsonl'))) for (const c of loadCaseGroup(join(root, 'cases'), 'dev-seeds')) pastes.push(c.input);
  for (const folder of ['events', 'pages', 'freb', 'logs']) {
    const dir = join(root, 'test', 'fixtures', folder);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir)) if (/\.(?:txt|xml|log)$/i.test(name)) pastes.push(readFileSync(join(dir, name), 'utf8'));
  }
  return pastes;
}

export interface Spread {
  readonly pastes: number;
  readonly calls: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

/** p50 / p99 of single diagnose calls over every paste, `rounds` times each, after one warm-up round. */
export function diagnoseSpread(engine: DiagnosisEngine, pastes: readonly string[], rounds: number): Spread {
  for (const paste of pastes) engine.diagnose(paste);
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) for (const paste of pastes) times.push(timeMs(() => engine.diagnose(paste)));
  times.sort((a, b) => a - b);
  return { pastes: pastes.length, calls: times.length, p50: percentile(times, 50), p99: percentile(times, 99), max: times.at(-1) ?? Number.NaN };
}

/**
 * `count` articles made from the real ones: each copy gets a new id and its words partly replaced by
 * words drawn from the whole knowledge base, so that the index holds `count` distinct documents with
 * the vocabulary and lengths of real articles.
 */
export function syntheticArticles(real: readonly Article[], count: number, seed = 401): Article[] {
  const random = createRandom(seed);
  const vocabulary = [...new Set(real.flatMap((a) => a.text.split(/\s+/)).filter((w) => /^[A-Z][\w.-]{2,}$/i.test(w)))];
  const vary = (text: string): string =>
    text
      .split(/(\s+)/)
      .map((word) => (/\S/.test(word) && random() < 0.3 ? (vocabulary[Math.floor(random() * vocabulary.length)] ?? word) : word))
      .join('');
  return Array.from({ length: count }, (_, i) => {
    const base = real[i % real.length] as Article;
    return { ...base, id: `${base.id}-${i}`, title: vary(base.title), summary: vary(base.summary), symptoms: base.symptoms.map(vary), text: vary(base.text) };
  });
}

export interface IndexScale {
  readonly articles: number;
  readonly buildMs: number;
  readonly queries: number;
  readonly p50: number;
  readonly p99: number;
}

/** Builds the search index over `articles` and times queries made of real symptoms, titles and codes. */
export function indexAtScale(articles: readonly Article[], real: readonly Article[], queryCount: number): IndexScale {
  let index: ArticleIndex | undefined;
  const buildMs = timeMs(() => {
    index = ArticleIndex.build(articles);
  });
  const built = index as ArticleIndex;
  const pool = [...real.flatMap((a) => [...a.symptoms, a.title]), '1326', '0xC000006D', '401.2 kerberos', 'event 4625 logon type 3', 'guests deny network logon'];
  const queries = Array.from({ length: queryCount }, (_, i) => pool[(i * 7919) % pool.length] ?? '401');
  built.query(queries[0] ?? '401');
  const times = queries.map((q) => timeMs(() => built.query(q))).sort((a, b) => a - b);
  return { articles: articles.length, buildMs, queries: times.length, p50: percentile(times, 50), p99: percentile(times, 99) };
}
