// What scan keeps of a log's own text is bounded by bytes, whatever the lines hold (issue 11): a long value
// becomes a short prefix plus a hash of the whole (two long values stay told apart), a kept line has each
// long field shortened that way and its secrets redacted.
import { redactSecrets } from '../parse/redact.js';

/** A top-list value up to this many bytes is kept whole. */
export const VALUE_BYTES = 128;
/** Bytes of a longer value kept as its prefix. */
export const PREFIX_BYTES = 48;
/** A field of a kept sample line up to this many bytes is kept whole; a longer one is shortened. */
export const SAMPLE_FIELD_BYTES = 64;
/** Bytes of a shortened sample field kept as its prefix (the rest becomes its hash). */
const SAMPLE_PREFIX_BYTES = 24;
/** Longest kept sample line: fields past this are dropped (the bounded #Fields keeps this rare). */
export const SAMPLE_LINE_BYTES = 4096;

/** Where the UTF-8 bytes `prefix` end once a character cut short at their end is dropped. */
function wholeCharacters(prefix: Uint8Array): number {
  let lead = prefix.length - 1;
  // Continuation bytes are 10xxxxxx: find the first byte of the last character.
  while (lead > 0 && lead > prefix.length - 4 && ((prefix[lead] ?? 0) & 0xc0) === 0x80) lead--;
  const first = prefix[lead] ?? 0;
  const size = first >= 0xf0 ? 4 : first >= 0xe0 ? 3 : first >= 0xc0 ? 2 : 1;
  return lead + size > prefix.length ? lead : prefix.length;
}

/** 32-bit FNV-1a of b[start, end). */
export function hashOf(b: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5 | 0;
  for (let i = start; i < end; i++) h = Math.imul(h ^ (b[i] ?? 0), 0x01000193);
  return h;
}

/** How a long value is shown: its first bytes (whole characters), its length and its hash. */
export function shortForm(prefix: Buffer, length: number, hash: number): string {
  const head = prefix.toString('utf8', 0, wholeCharacters(prefix));
  return `${head}…[${length}B#${(hash >>> 0).toString(16).padStart(8, '0')}]`;
}

function shortened(b: Buffer, start: number, end: number, prefix: number): string {
  return shortForm(b.subarray(start, start + prefix), end - start, hashOf(b, start, end));
}

/** A value for a top list or a report: whole when short, else its prefix, its length and its hash. */
export function boundedValue(b: Buffer, start: number, end: number): string {
  if (end - start <= VALUE_BYTES) return b.toString('utf8', start, end);
  return shortened(b, start, end, PREFIX_BYTES);
}

/**
 * A log line to keep as a sample (diagnosed later, never shown raw): fields split on `separator`, each
 * long one shortened so that the line keeps its field count (the diagnosis reads fields by position),
 * and then redacted. The prefix of a shortened field keeps the keyword of a secret (`Cookie=`,
 * `password=`) with it, so the redactor still finds and removes what follows.
 */
export function sampleLine(b: Buffer, start: number, end: number, separator: number): string {
  const parts: string[] = [];
  let length = 0;
  let from = start;
  for (let i = start; i <= end; i++) {
    if (i < end && b[i] !== separator) continue;
    const part = i - from <= SAMPLE_FIELD_BYTES ? b.toString('utf8', from, i) : shortened(b, from, i, SAMPLE_PREFIX_BYTES);
    length += part.length + 1;
    if (length > SAMPLE_LINE_BYTES) break;
    parts.push(part);
    from = i + 1;
  }
  return redactSecrets(parts.join(' ')).text;
}

/** Text quoted from an unreadable line: redacted, then cut to `max` characters. */
export function quotedLine(text: string, max: number): string {
  const clean = redactSecrets(text).text;
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}
