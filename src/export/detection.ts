import type { Condition } from '../kb/schema.js';
import { codeAtoms } from './code-fields.js';
import type { CodeAtom, SigmaScalar } from './code-fields.js';
import { eventSource } from './log-sources.js';
import type { LogSourceSpec } from './log-sources.js';

// One kb condition becomes one or more Sigma clauses. A clause is a search identifier: one map (its
// fields AND-ed) or a list of maps (OR-ed); the rule's condition AND-s the clauses, `not` for filters.
// The meaning follows src/match/match.ts: a bare value equals, `any` / `all` / `none` on a text field
// mean "contains" (Sigma's |contains), on a number field "equals"; Sigma compares strings without case,
// as the matcher does.

export type Selection = Readonly<Record<string, SigmaScalar | readonly SigmaScalar[]>>;

export interface Clause {
  /** Names the search identifier: selection_<hint> or filter_<hint>. */
  readonly hint: string;
  readonly negate: boolean;
  readonly selections: readonly Selection[];
}

export type Built = { readonly clauses: readonly Clause[] } | { readonly refused: string };

export type SearchIdentifier = Selection | readonly Selection[];
export interface Detection {
  readonly condition: string;
  readonly [identifier: string]: SearchIdentifier | string;
}

const NUMBER_FIELDS = new Set(['sc-status', 'sc-substatus', 'sc-win32-status', 's-port', 'time-taken', 'EventID', 'LogonType']);

/** The account names of IIS anonymous access (IUSR, IUSR_<machine>), as the matcher reads them. */
const IUSR = ['IUSR', 'IUSR_*', '*\\\\IUSR', '*\\\\IUSR_*'];

/** A literal for a Sigma value: `*`, `?` and `\` are Sigma's wildcards and escape, so they are escaped. */
export function sigmaLiteral(text: string): string {
  return text.replace(/[*?\\]/g, (c) => `\\${c}`);
}

const clause = (hint: string, selections: readonly Selection[], negate = false): Clause => ({ hint, negate, selections });
const refuse = (refused: string): Built => ({ refused });
const built = (...clauses: Clause[]): Built => ({ clauses });

/** A field that is empty: W3C and event text write `-`, a SIEM may keep no value at all. */
function empty(name: string): Selection[] {
  return [{ [name]: null }, { [name]: '-' }];
}

function hintOf(field: string): string {
  return field.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');
}

/** Values as the log writes them; sc-win32-status also in its signed form (-1073741715 = 3221225581). */
function logValues(field: string, wanted: string | number | boolean): SigmaScalar[] {
  if (NUMBER_FIELDS.has(field)) {
    const number = Number(wanted);
    if (field === 'sc-win32-status' && number >= 0x80000000) return [number, number - 0x100000000];
    return [number];
  }
  return [typeof wanted === 'string' ? sigmaLiteral(wanted) : String(wanted)];
}

const one = (values: readonly SigmaScalar[]): SigmaScalar | readonly SigmaScalar[] => (values.length === 1 ? (values[0] ?? null) : values);

/** Atoms that share their other fields become one map with a list: sc-win32-status: [1909, 2148074997]. */
export function groupAtoms(atoms: readonly CodeAtom[]): Selection[] {
  const groups = new Map<string, { fixed: CodeAtom['fixed']; field: string; values: SigmaScalar[] }>();
  for (const atom of atoms) {
    const key = JSON.stringify([atom.fixed, atom.field]);
    const group = groups.get(key) ?? { fixed: atom.fixed, field: atom.field, values: [] };
    if (!group.values.includes(atom.value)) group.values.push(atom.value);
    groups.set(key, group);
  }
  return [...groups.values()].map((g) => ({ ...g.fixed, [g.field]: one(g.values) }));
}

function codeClauses(condition: Condition, source: LogSourceSpec): Built {
  const spec = typeof condition === 'object' ? condition : { any: [condition] };
  if (spec.min !== undefined || spec.max !== undefined || spec.present || spec.absent) return refuse('it compares codes as numbers or asks only whether a code is present');
  const atomsOf = (keys: readonly (string | number | boolean)[]): CodeAtom[] => keys.flatMap((k) => codeAtoms(String(k), source.key));
  const clauses: Clause[] = [];
  if (spec.any) {
    const atoms = atomsOf(spec.any);
    if (atoms.length === 0) return refuse(`no code of ${spec.any.join(', ')} is written to the ${source.label}`);
    clauses.push(clause('code', groupAtoms(atoms)));
  }
  for (const key of spec.all ?? []) {
    const atoms = atomsOf([key]);
    if (atoms.length === 0) return refuse(`${key} is not written to the ${source.label}`);
    clauses.push(clause('code', groupAtoms(atoms)));
  }
  if (spec.none) {
    const atoms = atomsOf(spec.none);
    // A code this log never carries cannot be there: the filter holds by itself.
    if (atoms.length > 0) clauses.push(clause('code', groupAtoms(atoms), true));
  }
  return built(...clauses);
}

function anonymousClauses(condition: Condition, source: LogSourceSpec): Built {
  if (typeof condition !== 'boolean') return refuse('anonymous takes true or false');
  if (source.key === 'iis-log') return built(clause('anonymous', empty('cs-username'), !condition));
  if (source.key !== 'windows-security') return refuse(`the ${source.label} does not name the account`);
  const iusr: Selection = { TargetUserName: IUSR };
  if (condition) return built(clause('anonymous', [iusr]));
  // As the matcher: a named account that is not IUSR, unless IIS itself logged on with a stored
  // password (logon type 8 from the worker), which may be the anonymous account or a Basic user.
  return built(
    clause('user', empty('TargetUserName'), true),
    clause('anonymous', [iusr], true),
    clause('iis_cleartext', [{ LogonType: 8, 'ProcessName|contains': ['w3wp', 'inetinfo'] }], true),
  );
}

/** EventID values that belong to this log (event 4 is in System, 4001 in NTLM/Operational). */
function ownEvents(values: readonly (string | number | boolean)[], source: LogSourceSpec): number[] {
  return values.map(Number).filter((id) => eventSource(id) === source.key);
}

function fieldClauses(field: string, condition: Condition, source: LogSourceSpec): Built {
  const name = source.fields[field];
  if (name === undefined) return refuse(`the ${source.label} has no ${field}`);
  const hint = hintOf(name);
  const numeric = NUMBER_FIELDS.has(field);
  const isEvent = field === 'EventID';
  if (typeof condition !== 'object') {
    if (isEvent && ownEvents([condition], source).length === 0) return refuse(`event ${condition} is not in the ${source.label}`);
    return built(clause(hint, [{ [name]: one(logValues(field, condition)) }]));
  }
  const listed = (values: readonly (string | number | boolean)[]): Selection => {
    const kept = isEvent ? ownEvents(values, source) : values;
    return numeric ? { [name]: one(kept.flatMap((v) => logValues(field, v))) } : { [`${name}|contains`]: one(kept.flatMap((v) => logValues(field, v))) };
  };
  const clauses: Clause[] = [];
  if (condition.present) clauses.push(clause(hint, empty(name), true));
  if (condition.absent) clauses.push(clause(hint, empty(name)));
  if (condition.any) {
    if (isEvent && ownEvents(condition.any, source).length === 0) return refuse(`none of events ${condition.any.join(', ')} is in the ${source.label}`);
    clauses.push(clause(hint, [listed(condition.any)]));
  }
  if (condition.all) {
    if (numeric) for (const value of condition.all) clauses.push(clause(hint, [{ [name]: one(logValues(field, value)) }]));
    else clauses.push(clause(hint, [{ [`${name}|contains|all`]: condition.all.map((v) => logValues(field, v)[0] ?? null) }]));
  }
  if (condition.none && (!isEvent || ownEvents(condition.none, source).length > 0)) clauses.push(clause(hint, [listed(condition.none)], true));
  if (condition.min !== undefined) clauses.push(clause(hint, [{ [`${name}|gte`]: condition.min }]));
  if (condition.max !== undefined) clauses.push(clause(hint, [{ [`${name}|lte`]: condition.max }]));
  return built(...clauses);
}

/** The clauses of one kb condition in one log, or why that log cannot express it. */
export function conditionClauses(field: string, condition: Condition, source: LogSourceSpec): Built {
  if (field === 'code') return codeClauses(condition, source);
  if (field === 'anonymous') return anonymousClauses(condition, source);
  if (field === 'record') return condition === source.record ? built() : refuse(`it asks for a ${String(condition)} record`);
  return fieldClauses(field, condition, source);
}

/** The Sigma `detection` of AND-ed clauses: selection_* first, then `not filter_*`. */
export function toDetection(clauses: readonly Clause[]): Detection {
  const identifiers: Record<string, SearchIdentifier> = {};
  const used = new Set<string>();
  const named = (c: Clause): string => {
    const base = `${c.negate ? 'filter' : 'selection'}_${c.hint}`;
    let name = base;
    for (let n = 2; used.has(name); n++) name = `${base}_${n}`;
    used.add(name);
    return name;
  };
  const ordered = [...clauses.filter((c) => !c.negate), ...clauses.filter((c) => c.negate)];
  const terms: string[] = [];
  for (const c of ordered) {
    const name = named(c);
    identifiers[name] = c.selections.length === 1 ? (c.selections[0] ?? {}) : c.selections;
    terms.push(c.negate ? `not ${name}` : name);
  }
  return { ...identifiers, condition: terms.join(' and ') };
}
