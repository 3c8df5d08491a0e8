// Text that leaves the process: well-formed UTF-16 for Slack (a lone surrogate makes its API refuse or
// mangle a message; String.prototype.toWellFormed is not in Node 20), and no control characters for a
// terminal (an ESC or C1 byte from a log field could move the cursor, recolour or retitle the window).

const REPLACEMENT = '\ufffd';

/** Lone surrogates replaced by U+FFFD; pairs kept. One pass. */
export function toWellFormed(text: string): string {
  let out: string[] | undefined;
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) continue;
    if (c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
    }
    out ??= [];
    out.push(text.slice(from, i), REPLACEMENT);
    from = i + 1;
  }
  return out ? out.join('') + text.slice(from) : text;
}

/** Every string inside a JSON-like value made well-formed (objects and arrays copied, others kept). */
export function deepWellFormed<T>(value: T): T {
  if (typeof value === 'string') return toWellFormed(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => deepWellFormed(v)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, deepWellFormed(v)])) as T;
  }
  return value;
}

/** `text` with each UTF-16 unit that `pick` chooses written as `as` gives it. One pass. */
function replaceUnits(text: string, pick: (unit: number) => boolean, as: (unit: number) => string): string {
  let out: string[] | undefined;
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (!pick(c)) continue;
    out ??= [];
    out.push(text.slice(from, i), as(c));
    from = i + 1;
  }
  return out ? out.join('') + text.slice(from) : text;
}

const hex = (c: number, digits: number): string => c.toString(16).padStart(digits, '0');
const isControl = (c: number): boolean => (c < 0x20 && c !== 0x0a && c !== 0x09) || (c >= 0x7f && c <= 0x9f);

/** C0 (but newline and tab), DEL and C1 controls shown as `\xNN`, so a terminal prints them instead of obeying them. */
export function escapeControls(text: string): string {
  return replaceUnits(text, isControl, (c) => `\\x${hex(c, 2)}`);
}

/** DEL and C1 controls inside JSON text as `\u0080`-style escapes: JSON.stringify leaves them raw. */
export function escapeC1InJson(json: string): string {
  return replaceUnits(json, (c) => c >= 0x7f && c <= 0x9f, (c) => `\\u${hex(c, 4)}`);
}
