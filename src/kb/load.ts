import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { projectRoot } from '../root.js';
import matter from 'gray-matter';
import { parse as parseYaml } from 'yaml';
import { readQuestions } from '../ask/load.js';
import type { Question } from '../ask/schema.js';
import { readBody } from './body.js';
import { kbFingerprint } from './cache.js';
import type { ArticleBody } from './body.js';
import { ENGINE_KEYS, frontMatterSchema, ruleFileSchema } from './schema.js';
import type { FrontMatter, RuleFile } from './schema.js';

export interface Article extends FrontMatter, ArticleBody {
  /** Path from the repository root, with forward slashes: `kb/causes/loopback-check.md`. */
  readonly path: string;
  /** `kb/rules/<id>.yml` when the cause's rules, samples and prior live there (merged into this article). */
  readonly rulesPath?: string;
  /** Lines between the front matter's `---` markers. */
  readonly frontMatterLines: number;
  /** Matcher keys (rules, samples, prior, symptoms) still written in the article's front matter. */
  readonly engineKeysInFrontMatter: readonly string[];
}

export interface CatalogEntry {
  readonly id: string;
  readonly title: string;
  readonly substatus: readonly string[];
}

/** A problem found in content: reported with its place, never thrown from here. */
export interface KbProblem {
  readonly file: string;
  readonly field?: string;
  readonly line?: number;
  readonly message: string;
}

export interface KnowledgeBase {
  readonly root: string;
  readonly articles: readonly Article[];
  readonly byId: ReadonlyMap<string, Article>;
  readonly catalog: readonly CatalogEntry[];
  /** Short content hash of every kb file: shown in answers so a reader knows which kb answered. */
  readonly version: string;
  /** The raw kb/README.md, for the index check. */
  readonly readme: string;
  /** kb/questions.yml: what the bot may ask next and how each answer shifts each cause. */
  readonly questions?: readonly Question[];
}

export interface KbLoadResult {
  readonly kb: KnowledgeBase;
  readonly problems: KbProblem[];
}

function listMarkdown(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => join(dir, name));
}

function readCatalog(file: string, problems: KbProblem[]): CatalogEntry[] {
  const shown = 'kb/catalog.yml';
  if (!existsSync(file)) {
    problems.push({ file: shown, message: 'the cause catalog is missing' });
    return [];
  }
  try {
    const data = parseYaml(readFileSync(file, 'utf8')) as { causes?: Array<Record<string, unknown>> };
    return (data.causes ?? []).map((entry, i) => {
      if (typeof entry.id !== 'string') problems.push({ file: shown, field: `causes[${i}].id`, message: 'every catalog entry needs an id' });
      return {
        id: String(entry.id),
        title: String(entry.title ?? ''),
        substatus: Array.isArray(entry.substatus) ? entry.substatus.map(String) : [],
      };
    });
  } catch (error) {
    problems.push({ file: shown, message: `YAML does not parse: ${(error as Error).message}` });
    return [];
  }
}

function listRuleFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((name) => name.endsWith('.yml')).sort();
}

/** Reads kb/rules/<id>.yml; problems name that file and the field. */
function readRuleFile(root: string, name: string, problems: KbProblem[]): RuleFile | undefined {
  const shown = `kb/rules/${name}`;
  let data: unknown;
  try {
    data = parseYaml(readFileSync(join(root, 'kb', 'rules', name), 'utf8'));
  } catch (error) {
    problems.push({ file: shown, message: `YAML does not parse: ${(error as Error).message.split('\n')[0]}` });
    return undefined;
  }
  const result = ruleFileSchema.safeParse(data);
  if (!result.success) {
    for (const issue of result.error.issues) problems.push({ file: shown, field: issue.path.join('.') || 'rules file', message: issue.message });
    return undefined;
  }
  if (`${result.data.id}.yml` !== name) problems.push({ file: shown, field: 'id', message: `a rules file with id "${result.data.id}" belongs at kb/rules/${result.data.id}.yml` });
  return result.data;
}

/** The article with its rules file merged in: the rest of the code sees one cause, wherever its rules are written. */
function withRuleFile(front: FrontMatter, raw: Record<string, unknown>, file: RuleFile): FrontMatter {
  return {
    ...front,
    symptoms: [...front.symptoms, ...file.symptoms],
    samples: [...front.samples, ...file.samples],
    rules: [...front.rules, ...file.rules],
    prior: 'prior' in raw ? front.prior : file.prior ?? front.prior,
  };
}

/** Reads every article; content problems are collected, not thrown. */
export function loadKnowledgeBase(root: string = projectRoot()): KbLoadResult {
  const problems: KbProblem[] = [];
  const kbDir = join(root, 'kb');
  const files = [...listMarkdown(join(kbDir, 'causes')), ...listMarkdown(join(kbDir, 'guides'))];
  const articles: Article[] = [];
  const ruleFiles = new Map<string, RuleFile>();
  for (const name of listRuleFiles(join(kbDir, 'rules'))) {
    const ruleFile = readRuleFile(root, name, problems);
    if (ruleFile) ruleFiles.set(name.replace(/\.yml$/, ''), ruleFile);
  }
  const claimed = new Set<string>();
  for (const file of files) {
    const path = relative(root, file).split('\\').join('/');
    const source = readFileSync(file, 'utf8');
    let parsed: matter.GrayMatterFile<string>;
    try {
      // gray-matter caches by content; pass an options object to keep each read independent. Its YAML
      // engine is the `yaml` package (YAML 1.2), the one parser the project uses, not its bundled js-yaml 3.
      parsed = matter(source, { engines: { yaml: (text: string) => parseYaml(text) as object } });
    } catch (error) {
      problems.push({ file: path, field: 'front matter', message: `YAML does not parse: ${(error as Error).message.split('\n')[0]}` });
      continue;
    }
    const result = frontMatterSchema.safeParse(parsed.data);
    if (!result.success) {
      for (const issue of result.error.issues) {
        problems.push({ file: path, field: issue.path.join('.') || 'front matter', message: issue.message });
      }
      continue;
    }
    const offset = source.length - parsed.content.length;
    const lineOffset = source.slice(0, offset).split('\n').length - 1;
    const body = readBody(parsed.content, result.data.kind, lineOffset);
    for (const problem of body.problems) problems.push({ file: path, ...problem });
    const raw = parsed.data as Record<string, unknown>;
    const engineKeysInFrontMatter = ENGINE_KEYS.filter((key) => key in raw);
    const frontMatterLines = Math.max(0, lineOffset - 2);
    const ruleFile = ruleFiles.get(result.data.id);
    if (ruleFile && path === `kb/causes/${result.data.id}.md`) {
      claimed.add(result.data.id);
      articles.push({ ...withRuleFile(result.data, raw, ruleFile), ...body.body, path, rulesPath: `kb/rules/${result.data.id}.yml`, frontMatterLines, engineKeysInFrontMatter });
    } else {
      articles.push({ ...result.data, ...body.body, path, frontMatterLines, engineKeysInFrontMatter });
    }
  }
  for (const id of ruleFiles.keys()) {
    if (!claimed.has(id)) problems.push({ file: `kb/rules/${id}.yml`, field: 'id', message: `no cause article kb/causes/${id}.md for this rules file` });
  }
  const catalogFile = join(kbDir, 'catalog.yml');
  const catalog = readCatalog(catalogFile, problems);
  const readmePath = join(kbDir, 'README.md');
  const readme = existsSync(readmePath) ? readFileSync(readmePath, 'utf8') : '';
  const byId = new Map<string, Article>();
  for (const article of articles) if (!byId.has(article.id)) byId.set(article.id, article);
  const questions = readQuestions(root, problems);
  return {
    kb: { root: resolve(root), articles, byId, catalog, version: kbFingerprint(root), readme, questions },
    problems,
  };
}

/** The Markdown body of an article (what follows its front matter), for renderers that show it whole. */
export function readArticleBody(root: string, article: Pick<Article, 'path'>): string {
  return matter(readFileSync(join(root, article.path), 'utf8'), {}).content;
}
