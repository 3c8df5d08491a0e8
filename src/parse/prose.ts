import type { DecodedCode, IisEra, LogRecord } from '../symptoms.js';
import { decodeEvent, decodeHexCode, decodeStatus, decodeSymbol, decodeWin32Status } from '../codes/decode.js';
import { addUnique } from '../codes/record-codes.js';
import { EVENTS, MESSAGE_TEXTS, WIN32 } from '../codes/tables.js';
import { PHRASES } from './phrases.js';
import { toLogRecord } from './iis-log.js';
import { MultiPatternMatcher } from '../text/aho-corasick.js';

/** Prose beyond this many characters is not scanned for phrases (a log paste has little prose). */
export const MAX_PROSE_SCAN = 65_536;

interface CompiledPhrase {
  readonly tag: string;
  readonly text: string;
  readonly prefix: boolean;
  readonly wordStart: boolean;
  readonly wordEnd: boolean;
}

const isWordChar = (c: string | undefined): boolean => c !== undefined && /[a-z0-9_]/.test(c);

/** "kernel-mode" and "kernel mode", "pre-authenticate" and "pre authenticate" are the same words to a reader. */
export function foldHyphens(text: string): string {
  return text.replace(/(?<=[a-z])-(?=[a-z])/gi, ' ');
}

const COMPILED: readonly CompiledPhrase[] = Object.entries(PHRASES).flatMap(([tag, phrases]) =>
  phrases.map((phrase) => {
    const prefix = phrase.endsWith('*');
    const text = foldHyphens((prefix ? phrase.slice(0, -1) : phrase).toLowerCase());
    return { tag, text, prefix, wordStart: isWordChar(text[0]), wordEnd: !prefix && isWordChar(text[text.length - 1]) };
  }),
);

const MATCHER = new MultiPatternMatcher(COMPILED.map((p) => p.text));

/** Tags for every phrase found; the matching phrase is kept so a reason can quote it. */
export function findTags(text: string): Map<string, string> {
  const haystack = foldHyphens(text.slice(0, MAX_PROSE_SCAN).toLowerCase());
  const matched = new Set<number>();
  MATCHER.scan(haystack, (index, start) => {
    const phrase = COMPILED[index] as CompiledPhrase;
    const before = haystack[start - 1];
    const after = haystack[start + phrase.text.length];
    if ((!phrase.wordStart || !isWordChar(before)) && (!phrase.wordEnd || !isWordChar(after))) matched.add(index);
  });
  // The first phrase of a tag's list that occurs is the one quoted, as the list order says.
  const found = new Map<string, string>();
  COMPILED.forEach((phrase, index) => {
    if (matched.has(index) && !found.has(phrase.tag)) found.set(phrase.tag, phrase.text);
  });
  return found;
}

/** Share of word-like tokens below which a long paste is not read as prose (random bytes, base64, dumps). */
const MIN_WORD_SHARE = 0.25;

/** Whether the non-log lines read like words at all; short pastes always do. */
export function looksLikeProse(text: string): boolean {
  const lines = text.split('\n').filter((l) => !/^\s*(?:#|\d{4}-\d{2}-\d{2}[ T]\d)/.test(l)).join(' ');
  if (lines.length < 200) return true;
  const tokens = lines.split(/\s+/).filter(Boolean);
  const words = tokens.filter((t) => /^[("'[]?[a-z][a-z'-]+(?:[!"),.:;?\]][)"'\].,:;!?]*)?$/i.test(t)).length;
  return words / Math.max(tokens.length, 1) >= MIN_WORD_SHARE;
}

export interface ProseReadResult {
  readonly codes: DecodedCode[];
  /** `401 1 0` written inside a sentence, as a low-confidence record. */
  readonly requests: LogRecord[];
  readonly tags: Map<string, string>;
  /** False when the text does not read as words: then no phrase tags were taken from it. */
  readonly prose: boolean;
  readonly iis?: { era: IisEra; version?: string; from: string };
}

const IIS_VERSION = /\b(?:iis|internet information serv(?:er|ices))\s*v?(\d{1,2}(?:\.\d)?)\b/i;
const WINDOWS_VERSION = /\b(?:windows\s+)?server\s+(2000|2003|2008(?:\s*r2)?|2012(?:\s*r2)?|2016|2019|2022|2025)\b/i;

function eraFromText(text: string): ProseReadResult['iis'] {
  const iis = IIS_VERSION.exec(text);
  if (iis?.[1]) {
    const version = iis[1];
    return { era: Number.parseFloat(version) < 7 ? '6' : '7+', version, from: `"${iis[0]}" in the text` };
  }
  const windows = WINDOWS_VERSION.exec(text);
  if (windows?.[1]) {
    const era: IisEra = windows[1] === '2000' || windows[1] === '2003' ? '6' : '7+';
    return { era, from: `"${windows[0]}" in the text` };
  }
  return undefined;
}

// "no 401 anywhere", "not a 401", "instead of a 401": the admin saying there is no such status.
const NEGATION_BEFORE = /(?:^|[^\w-])(?:no|not(?: even)?(?: an?)?|never(?: an?)?|without(?: an?)?|instead of(?: an?)?) $/i;

function negated(scan: string, index: number): boolean {
  return NEGATION_BEFORE.test(scan.slice(Math.max(0, index - 20), index));
}

/**
 * Codes and phrases inside sentences: `401.1`, `0xC000006A`, `2148074254`, `error 1326`,
 * `event 534`, `SEC_E_LOGON_DENIED`, `401 1 0`. Log lines are left to the log reader: the caller passes
 * only the lines no structured reader claimed.
 */
export function readProse(text: string): ProseReadResult {
  const scan = text.slice(0, MAX_PROSE_SCAN);
  const codes: DecodedCode[] = [];
  const requests: LogRecord[] = [];
  const seen = new Set<string>();
  const add = (code: DecodedCode | undefined): void => addUnique(codes, seen, [code]);

  for (const m of scan.matchAll(/\b([1-5]\d\d)\.(\d{1,3})\b/g)) {
    const status = Number(m[1]);
    if (status === 401 || status === 403 || status === 404 || status === 500 || status === 502 || status === 503) add(decodeStatus(status, Number(m[2])));
  }
  for (const m of scan.matchAll(/(?<![\d.])\b([1-5]\d\d) (\d{1,3}) (-?\d{1,10})\b(?![.\d])/g)) {
    const status = Number(m[1]);
    if (status < 200) continue;
    add(decodeStatus(status, Number(m[2])));
    add(decodeWin32Status(m[3] ?? ''));
    requests.push(toLogRecord({ 'sc-status': m[1] ?? '', 'sc-substatus': m[2] ?? '', 'sc-win32-status': m[3] ?? '' }, 1, 'triplet', 'low'));
  }
  // "sc-status 401 with sc-substatus 502", "401 with a sub-status of 2": the pair written out in words.
  if (/\b401\b/.test(scan)) {
    for (const m of scan.matchAll(/\b(?:sc-)?sub-?status(?:\s+(?:of|is|was|=|:))?\s*(?:[:=]\s*)?(\d{1,3})\b/gi)) add(decodeStatus(401, Number(m[1])));
  }
  // "comes back 401 1", "log shows 401 3": status and sub-status without the Win32 code.
  for (const m of scan.matchAll(/(?<![\w.-])401 ([1-57]|50[1-4])(?!\w|\.\d|\s+-?\d)/g)) add(decodeStatus(401, Number(m[1])));
  // A bare status in a sentence ("returns 401", "HTTP 400 Bad Request"), not part of 401.2 or a triplet.
  for (const m of scan.matchAll(/(?<![\w.-])(400|401|403|407)(?![\w.]|\s\d)/g)) if (!negated(scan, m.index)) add(decodeStatus(Number(m[1])));
  for (const m of scan.matchAll(/\b0x[0-9a-f]{1,8}\b/gi)) add(decodeHexCode(m[0]));
  for (const m of scan.matchAll(/(?<![\w.])(-?(?:214\d{7}|32\d{8}|-10\d{8}|-21\d{8}))\b/g)) add(decodeWin32Status(m[1] ?? ''));
  for (const m of scan.matchAll(/\b(?:win32(?:-status)?|error(?: code)?|status|code|sc-win32-status)\s*(?:[:=#]\s*)?(\d{1,5})\b/gi)) {
    const value = Number(m[1]);
    if (WIN32[value] && value > 5) add(decodeWin32Status(String(value)));
  }
  for (const m of scan.matchAll(/(?<![\w.])(1[3-9]\d\d)(?![\w.])/g)) {
    if (WIN32[Number(m[1])]) add(decodeWin32Status(m[1] ?? ''));
  }
  for (const m of scan.matchAll(/\bevents?(?:\s*ids?)?\s*(?:[:#]\s*)?((?:\d{1,5}(?:\s*(?:[,/&]|and|or)\s*)?){1,8})/gi)) {
    for (const id of (m[1] ?? '').match(/\d{1,5}/g) ?? []) if (EVENTS[Number(id)]) add(decodeEvent(id));
  }
  for (const m of scan.matchAll(/(?<![\w.])(4625|4740|4771|4776|4768|4769|1104)(?![\w.])/g)) add(decodeEvent(m[1] ?? ''));
  for (const m of scan.matchAll(/\b(?:SEC_E|ERROR|STATUS|KDC_ERR|KRB_AP_ERR|NTE)_[A-Z_]{3,40}\b/g)) add(decodeSymbol(m[0]));
  const lower = scan.toLowerCase();
  for (const [message, key] of MESSAGE_TEXTS) {
    if (!lower.includes(message)) continue;
    const [family, value = ''] = key.split(':');
    add(family === 'win32' ? decodeWin32Status(value) : family === 'event' ? decodeEvent(value) : decodeHexCode(value));
  }

  const iis = eraFromText(scan);
  const prose = looksLikeProse(scan);
  return { codes, requests, tags: prose ? findTags(scan) : new Map(), prose, ...(iis ? { iis } : {}) };
}
