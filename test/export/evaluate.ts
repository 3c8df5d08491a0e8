// A tiny Sigma evaluator, for the detections `export sigma` writes: search identifiers that are a map
// (fields AND-ed) or a list of maps (OR-ed), values that are one value or a list (OR-ed, AND-ed with
// |all), the modifiers contains / startswith / endswith / all / gte / lte / gt / lt, `null` for an
// empty field, `*` and `?` wildcards with `\` escapes, case-insensitive strings, and a condition of
// identifiers joined by `and`, each optionally preceded by `not`. Anything else throws, so a detection
// that leaves this subset is noticed. Written from the Sigma specification, not from src/export.

export type EventFields = Readonly<Record<string, string | undefined>>;

type Glob = Array<{ literal: string } | { any: true } | { one: true }>;

/** A Sigma string value as wildcard pieces; `\*`, `\?` and `\\` are literal, other backslashes too. */
function glob(value: string): Glob {
  const pieces: Glob = [];
  for (let i = 0; i < value.length; i++) {
    const c = value[i] ?? '';
    const next = value[i + 1];
    if (c === '\\' && (next === '*' || next === '?' || next === '\\')) {
      pieces.push({ literal: next });
      i++;
    } else if (c === '*') pieces.push({ any: true });
    else if (c === '?') pieces.push({ one: true });
    else pieces.push({ literal: c });
  }
  return pieces;
}

/** Whole-string wildcard match, lower-cased, by dynamic programming (no regular expressions). */
function globMatch(pieces: Glob, text: string): boolean {
  const t = text.toLowerCase();
  let reachable = new Array<boolean>(t.length + 1).fill(false);
  reachable[0] = true;
  for (const piece of pieces) {
    const next = new Array<boolean>(t.length + 1).fill(false);
    for (let i = 0; i <= t.length; i++) {
      if (!reachable[i]) continue;
      if ('any' in piece) for (let j = i; j <= t.length; j++) next[j] = true;
      else if ('one' in piece) {
        if (i < t.length) next[i + 1] = true;
      } else if (t[i] === piece.literal.toLowerCase()) next[i + 1] = true;
    }
    reachable = next;
  }
  return reachable[t.length] === true;
}

const STRING_MODIFIERS = new Set(['contains', 'startswith', 'endswith']);
const NUMBER_MODIFIERS = new Set(['gte', 'lte', 'gt', 'lt']);

function valueMatches(value: unknown, field: string | undefined, modifiers: readonly string[]): boolean {
  if (value === null) return field === undefined || field === '';
  if (field === undefined) return false;
  const numeric = modifiers.find((m) => NUMBER_MODIFIERS.has(m));
  if (numeric) {
    const a = Number(field);
    const b = Number(value);
    if (Number.isNaN(a)) return false;
    return numeric === 'gte' ? a >= b : numeric === 'lte' ? a <= b : numeric === 'gt' ? a > b : a < b;
  }
  if (typeof value === 'number') return field.trim() === String(value);
  if (typeof value !== 'string') throw new Error(`evaluate: unsupported value ${JSON.stringify(value)}`);
  const pieces = glob(value);
  if (modifiers.includes('contains') || modifiers.includes('endswith')) pieces.unshift({ any: true });
  if (modifiers.includes('contains') || modifiers.includes('startswith')) pieces.push({ any: true });
  return globMatch(pieces, field);
}

function mapMatches(map: Readonly<Record<string, unknown>>, fields: EventFields): boolean {
  return Object.entries(map).every(([key, wanted]) => {
    const [name = '', ...modifiers] = key.split('|');
    for (const m of modifiers) if (!STRING_MODIFIERS.has(m) && !NUMBER_MODIFIERS.has(m) && m !== 'all') throw new Error(`evaluate: unsupported modifier ${m}`);
    const values = Array.isArray(wanted) ? wanted : [wanted];
    const test = (v: unknown): boolean => valueMatches(v, fields[name], modifiers);
    return modifiers.includes('all') ? values.every(test) : values.some(test);
  });
}

function identifierMatches(identifier: unknown, fields: EventFields): boolean {
  if (Array.isArray(identifier)) return identifier.some((map) => mapMatches(map as Record<string, unknown>, fields));
  if (identifier !== null && typeof identifier === 'object') return mapMatches(identifier as Record<string, unknown>, fields);
  throw new Error('evaluate: a search identifier is a map or a list of maps');
}

/** Whether one event (its fields by Sigma name) matches a detection. */
export function matchesDetection(detection: Readonly<Record<string, unknown>>, fields: EventFields): boolean {
  const condition = detection.condition;
  if (typeof condition !== 'string') throw new Error('evaluate: the detection has no condition');
  const words = condition.trim().split(/ +/);
  let result = true;
  for (let i = 0; i < words.length; i++) {
    if (i > 0) {
      if (words[i] !== 'and') throw new Error(`evaluate: expected "and" in "${condition}"`);
      i++;
    }
    const negate = words[i] === 'not';
    if (negate) i++;
    const name = words[i] ?? '';
    if (!(name in detection) || name === 'condition') throw new Error(`evaluate: unknown identifier "${name}" in "${condition}"`);
    const hit = identifierMatches(detection[name], fields);
    result = result && (negate ? !hit : hit);
  }
  return result;
}
