import type { Condition, Rule } from '../kb/schema.js';
import type { Article } from '../kb/load.js';
import type { Symptoms } from '../symptoms.js';
import { PASTE_FIELDS, toFacts } from './facts.js';
import type { FactValue, Facts } from './facts.js';
import { foldHyphens } from '../parse/prose.js';

export interface RuleHit {
  readonly causeId: string;
  readonly rule: Rule;
  /** Where the evidence came from ("log line 3", "event 4625"). */
  readonly source: string;
}

/** Fields whose values are keys compared whole; every other string field is matched by "contains". */
const EXACT_FIELDS = new Set(['code', 'tag', 'sequence', 'iis', 'kind', 'record', 'style']);

// Fact values arrive lower-cased (facts.ts), so only the rule's side is lowered here.
function same(field: string, value: FactValue, wanted: string | number | boolean): boolean {
  if (typeof value === 'number' || typeof wanted === 'number') return Number(value) === Number(wanted);
  if (typeof value === 'boolean' || typeof wanted === 'boolean') return String(value) === String(wanted);
  const lower = wanted.toLowerCase();
  if (EXACT_FIELDS.has(field)) return value === lower;
  // The paste's text is stored with hyphens between words folded to spaces (facts.ts); fold the rule's too.
  return value.includes(field === 'text' ? foldHyphens(lower) : lower);
}

function exactly(value: FactValue, wanted: string | number | boolean): boolean {
  if (typeof value === 'number' || typeof wanted === 'number') return Number(value) === Number(wanted);
  return String(value) === String(wanted).toLowerCase();
}

/** Whether one condition holds for the values of its field (an empty list means the field is absent). */
export function holds(field: string, condition: Condition, values: readonly FactValue[]): boolean {
  if (typeof condition !== 'object') {
    // A bare value on a text field (`text: "loopback"`) means contains; elsewhere it means equals.
    return values.some((v) => (field === 'text' ? same(field, v, condition) : exactly(v, condition)));
  }
  const matchesAny = (wanted: string | number | boolean): boolean => values.some((v) => same(field, v, wanted));
  if (condition.present && values.length === 0) return false;
  if (condition.absent && values.length > 0) return false;
  if (condition.any && !condition.any.some(matchesAny)) return false;
  if (condition.all && !condition.all.every(matchesAny)) return false;
  if (condition.none && condition.none.some(matchesAny)) return false;
  if (condition.min !== undefined && !values.some((v) => Number(v) >= (condition.min ?? 0))) return false;
  if (condition.max !== undefined && !values.some((v) => Number(v) <= (condition.max ?? 0))) return false;
  return true;
}

/**
 * Answers for `text` conditions, which every record of a paste shares: searching the whole paste once per
 * record made a log paste cost lines x paste length (3.9 s on 1 MiB of log lines).
 */
export type TextAnswers = Map<Condition, boolean>;

/** Each rule's conditions as a list, made once: a long log paste asks every rule of every record. */
const CONDITIONS = new WeakMap<Rule, ReadonlyArray<[string, Condition]>>();

function conditionsOf(rule: Rule): ReadonlyArray<[string, Condition]> {
  let list = CONDITIONS.get(rule);
  if (!list) CONDITIONS.set(rule, (list = Object.entries(rule.when)));
  return list;
}

export function ruleHolds(rule: Rule, facts: Facts, textAnswers?: TextAnswers): boolean {
  for (const [field, condition] of conditionsOf(rule)) {
    const values = facts.values.get(field) ?? [];
    if (field === 'text' && textAnswers) {
      let answer = textAnswers.get(condition);
      if (answer === undefined) textAnswers.set(condition, (answer = holds(field, condition, values)));
      if (!answer) return false;
    } else if (!holds(field, condition, values)) return false;
  }
  return true;
}

/**
 * The facts that differ in what rules read, each the first of its kind (pool order kept). A rule's answer
 * depends only on the fields it names and on `wholePaste`, so facts alike in those give one answer: a
 * pasted log of 12,000 similar lines is matched as a few hundred. `text` is left out of the key because
 * every fact shares the same paste text (and keying on it would cost the paste length per record).
 */
function distinctFacts(pool: readonly Facts[], fields: ReadonlySet<string>): Facts[] {
  const seen = new Set<string>();
  const distinct: Facts[] = [];
  for (const facts of pool) {
    const parts: unknown[] = [facts.wholePaste === true];
    for (const field of fields) if (field !== 'text') parts.push(facts.values.get(field));
    const key = JSON.stringify(parts);
    if (seen.has(key)) continue;
    seen.add(key);
    distinct.push(facts);
  }
  return distinct;
}

/** True for a condition that only rules values out (`none`, `absent`): it holds where the field is missing. */
function onlyExcludes(condition: Condition | undefined): boolean {
  if (condition === undefined || typeof condition !== 'object') return false;
  return condition.any === undefined && condition.all === undefined && !condition.present && condition.min === undefined && condition.max === undefined && (condition.none !== undefined || condition.absent === true);
}

/** Every rule of every cause that holds on some record of the paste, at most one hit per rule. */
export function matchRules(symptoms: Symptoms, articles: readonly Article[]): RuleHit[] {
  const { facts, challengeFacts } = toFacts(symptoms);
  const hits: RuleHit[] = [];
  const textAnswers: TextAnswers = new Map();
  const ruleFields = new Set(articles.flatMap((a) => a.rules.flatMap((r) => Object.keys(r.when))));
  const records = distinctFacts(facts, ruleFields);
  const withLegs = distinctFacts([...facts, ...challengeFacts], ruleFields);
  const hasRecords = facts.some((f) => !f.wholePaste);
  for (const article of articles) {
    for (const rule of article.rules) {
      const fields = Object.keys(rule.when);
      const recordFields = fields.filter((field) => !PASTE_FIELDS.has(field));
      // `LogonType: {none: [2, 10]}`, `Module: {none: [WindowsAuthenticationModule]}`: a rule that only rules
      // record values out still speaks of a paste with no records (a code typed in a sentence), but where
      // records exist, one of them must not be ruled out.
      const excludesOnly = recordFields.length > 0 && recordFields.every((field) => onlyExcludes(rule.when[field]));
      const recordOnly = recordFields.length > 0 && !excludesOnly;
      // A rule on words alone describes the paste, not a line; one with a code points at the line that has it.
      const pasteOnly = recordFields.length === 0 && !fields.includes('code');
      const pool = 'sequence' in rule.when ? withLegs : records;
      const asked = (f: Facts): boolean =>
        excludesOnly ? f.wholePaste !== true || !hasRecords : pasteOnly ? f.wholePaste === true : !(recordOnly && f.wholePaste);
      const found = pool.find((f) => asked(f) && ruleHolds(rule, f, textAnswers));
      if (found) hits.push({ causeId: article.id, rule, source: found.source });
    }
  }
  return hits;
}
