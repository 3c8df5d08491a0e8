import { existsSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { checkQuestions } from '../ask/check.js';
import { PHRASES } from '../parse/phrases.js';
import { checkMarkup } from './body.js';
import { withIndex } from './index-page.js';
import type { KbProblem, KnowledgeBase } from './load.js';
import { checkDangerousText, checkStepSafety } from './safety.js';
import { MAX_FRONT_MATTER_LINES } from './schema.js';

/** Fields a rule may name: the native symptom fields plus the whole-paste facts (see kb/README.md). */
export const RULE_FIELDS = new Set([
  'sc-status', 'sc-substatus', 'sc-win32-status', 'cs-username', 'cs-uri-stem', 'cs-method', 'c-ip', 's-port', 'cs(User-Agent)', 'time-taken', 's-reason',
  'EventID', 'Status', 'SubStatus', 'LogonType', 'LogonProcessName', 'AuthenticationPackageName', 'ProcessName', 'FailureCode', 'TargetUserName', 'Reason', 'LmPackageName', 'IpAddress', 'Source', 'Channel',
  'Module', 'Notification', 'Handler', 'ErrorCode', 'LogonMethod', 'LogonUser', 'PhysicalPath', 'RequestedURL', 'style', 'Heading',
  'authenticationType', 'ModuleName', 'authTypes', 'authenticatedUser',
  'record', 'code', 'tag', 'text', 'anonymous', 'sequence', 'iis', 'kind',
]);

/**
 * Checks that hold across articles: catalog coverage, unique ids, links, related ids, rule vocabulary
 * and the index. Returns every problem; an empty list means the kb is sound.
 */
export function checkKnowledgeBase(kb: KnowledgeBase): KbProblem[] {
  const problems: KbProblem[] = [];
  const seen = new Map<string, string>();
  for (const article of kb.articles) {
    const other = seen.get(article.id);
    if (other) problems.push({ file: article.path, field: 'id', message: `id "${article.id}" is already used by ${other}` });
    else seen.set(article.id, article.path);
    const expectedPath = `kb/${article.kind === 'cause' ? 'causes' : 'guides'}/${article.id}.md`;
    if (article.path !== expectedPath) problems.push({ file: article.path, field: 'id', message: `a ${article.kind} with id "${article.id}" belongs at ${expectedPath}` });
  }

  const catalogIds = new Set(kb.catalog.map((c) => c.id));
  for (const entry of kb.catalog) {
    const article = kb.byId.get(entry.id);
    if (!article) problems.push({ file: 'kb/catalog.yml', field: entry.id, message: `catalog id "${entry.id}" has no article (expected kb/causes/${entry.id}.md)` });
    else if (article.kind !== 'cause') problems.push({ file: article.path, field: 'kind', message: `"${entry.id}" is a catalog cause, so its kind must be cause` });
  }
  for (const article of kb.articles) {
    if (article.kind === 'cause' && !catalogIds.has(article.id)) {
      problems.push({ file: article.path, field: 'id', message: `cause "${article.id}" is not in kb/catalog.yml (add it there; ids are never renamed)` });
    }
    // Guides keep their search phrases (symptoms) in front matter: they have no rules file.
    const misplaced = article.kind === 'cause' ? article.engineKeysInFrontMatter : article.engineKeysInFrontMatter.filter((k) => k !== 'symptoms');
    if (article.kind === 'cause' && article.frontMatterLines > MAX_FRONT_MATTER_LINES) {
      problems.push({ file: article.path, field: 'front matter', message: `front matter is ${article.frontMatterLines} lines (at most ${MAX_FRONT_MATTER_LINES}); move the matcher's data to kb/rules/${article.id}.yml` });
    }
    if (misplaced.length > 0) {
      problems.push({ file: article.path, field: misplaced.join(', '), message: `${misplaced.join(', ')} belong in kb/rules/${article.id}.yml: run \`node scripts/kb-split-rules.mjs\`` });
    }
    if (article.kind === 'cause' && article.rules.length === 0) {
      problems.push({ file: article.path, field: 'rules', message: 'a cause needs at least one rule that points at it' });
    }
    for (const id of article.related) {
      if (!kb.byId.has(id)) problems.push({ file: article.path, field: 'related', message: `related id "${id}" is not an article` });
    }
    for (const link of article.links) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(link.url) || link.url.startsWith('#')) continue;
      const target = normalize(join(kb.root, dirname(article.path), decodeURI(link.url.split('#')[0] ?? '')));
      if (!existsSync(target)) problems.push({ file: article.path, field: 'link', line: link.line, message: `relative link "${link.url}" does not resolve` });
    }
    const stepsField = article.kind === 'cause' ? 'Fix' : 'Steps';
    for (const problem of checkStepSafety(article.steps)) problems.push({ file: article.path, field: `${stepsField} step ${problem.step}`, message: problem.message });
    for (const message of checkDangerousText(`${article.title}\n${article.summary}\n${article.text}`, article.steps)) problems.push({ file: article.path, field: 'body', message });
    const ruleIds = new Set<string>();
    const rulesFile = article.rulesPath ?? article.path;
    article.rules.forEach((rule, i) => {
      const field = `rules[${i}]`;
      if (!rule.id.startsWith(`${article.id}/`)) problems.push({ file: rulesFile, field: `${field}.id`, message: `rule id "${rule.id}" must start with "${article.id}/"` });
      if (ruleIds.has(rule.id)) problems.push({ file: rulesFile, field: `${field}.id`, message: `rule id "${rule.id}" is used twice` });
      ruleIds.add(rule.id);
      for (const [name, condition] of Object.entries(rule.when)) {
        if (!RULE_FIELDS.has(name)) problems.push({ file: rulesFile, field: `${field}.when.${name}`, message: `"${name}" is not a symptom field a rule can name` });
        if (name === 'tag') {
          const tags = typeof condition === 'object' ? [...(condition.any ?? []), ...(condition.all ?? []), ...(condition.none ?? [])] : [condition];
          for (const tag of tags) if (!(String(tag) in PHRASES)) problems.push({ file: rulesFile, field: `${field}.when.tag`, message: `tag "${String(tag)}" is not defined in src/parse/phrases.ts` });
        }
      }
    });
  }

  problems.push(...checkQuestions(kb.questions ?? [], catalogIds));

  for (const problem of checkMarkup(kb.readme)) problems.push({ file: 'kb/README.md', ...problem });
  const expected = withIndex(kb.readme, kb.articles);
  if (kb.readme && expected !== kb.readme) {
    const missing = kb.articles.filter((a) => !kb.readme.includes(`(${a.path.replace(/^kb\//, '')})`));
    problems.push({
      file: 'kb/README.md',
      field: 'index',
      message: missing.length > 0
        ? `the index does not list ${missing.map((a) => a.id).join(', ')}; run \`npm run kb:index\``
        : 'the index is out of date; run `npm run kb:index`',
    });
  }
  return problems;
}

/** One line per problem: `file: field: message`, as `kb check` prints and start-up refuses with. */
export function formatProblems(problems: readonly KbProblem[]): string {
  return problems
    .map((p) => `${p.file}${p.line ? `:${p.line}` : ''}: ${p.field ? `${p.field}: ` : ''}${p.message}`)
    .join('\n');
}
