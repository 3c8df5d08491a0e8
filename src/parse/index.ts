import type { DecodedCode, InputKind, ParseMessage, Symptoms } from '../symptoms.js';
import { addUnique, recordCodes } from '../codes/record-codes.js';
import { eventOriginFits } from '../codes/event-origin.js';
import { readCommand } from './command.js';
import { readErrorPages, withoutPageBoilerplate } from './error-page.js';
import { readEvents } from './event-log.js';
import { readTraces } from './freb.js';
import { readLogLines } from './iis-log.js';
import { findTags, readProse } from './prose.js';
import { adminWords } from './admin-words.js';
import { redactSecrets } from './redact.js';

/**
 * Largest paste diagnosed as a whole (characters). Anything longer is cut here and the answer says
 * so; whole log files go to `iis401 scan`, which streams.
 */
export const MAX_PASTE = 1_048_576;

/** Share of control characters above which a paste is treated as binary. */
const BINARY_RATIO = 0.1;

function cleanInput(raw: string, messages: ParseMessage[]): { text: string; truncated: boolean } {
  let text = raw;
  let truncated = false;
  if (text.length > MAX_PASTE) {
    text = text.slice(0, MAX_PASTE);
    truncated = true;
    messages.push({
      severity: 'warning',
      ruleId: 'input/truncated',
      text: `the paste is ${raw.length.toLocaleString('en-US')} characters; only the first ${MAX_PASTE.toLocaleString('en-US')} were read (use \`iis401 scan\` for whole log files)`,
    });
  }
  const sample = text.slice(0, 4096);
  let control = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 0xfffd) control++;
  }
  if (sample.length > 0 && control / sample.length > BINARY_RATIO) {
    messages.push({ severity: 'warning', ruleId: 'input/binary', text: 'the paste looks like binary data, not text; only the readable parts were used' });
  }
  // eslint-disable-next-line no-control-regex
  text = text.replace(/\0/g, '').replace(/[\u0001-\u0008\v\f\u000e-\u001f]+/g, ' ');
  return { text, truncated };
}

/** Longest search query taken from a paste (characters). */
const MAX_QUERY = 4_000;

/** The lines a person wrote (or an event or page said), without log lines, directives and markup. */
function proseOf(text: string): string {
  const kept: string[] = [];
  let length = 0;
  for (const line of text.split(/\r?\n/)) {
    if (/^\s*(?:#|\d{4}-\d{2}-\d{2}[ T]\d)/.test(line)) continue;
    const words = line.replace(/<[^<>]{0,400}>/g, ' ').replace(/\s+/g, ' ').trim();
    if (words === '') continue;
    kept.push(words);
    length += words.length + 1;
    if (length >= MAX_QUERY) break;
  }
  return kept.join(' ').slice(0, MAX_QUERY);
}

/** Reads a paste of any kind (or several kinds mixed) into one Symptoms value. Never throws. */
export function parse(raw: string): Symptoms {
  const messages: ParseMessage[] = [];
  const input = typeof raw === 'string' ? raw : String(raw ?? '');
  const cleaned = cleanInput(input, messages);
  const redacted = redactSecrets(cleaned.text);
  const text = redacted.text;
  if (redacted.count > 0) {
    messages.push({ severity: 'info', ruleId: 'input/redacted', text: `${redacted.count} secret value(s) were removed before reading (${redacted.kinds.join(', ')})` });
  }

  const logs = readLogLines(text);
  const events = readEvents(text);
  const pages = readErrorPages(text);
  const traces = readTraces(text);
  const command = readCommand(text);
  const ownWords = withoutPageBoilerplate(text);
  // Codes are read from every unclaimed line; phrases and the search query only from the admin's words.
  const words = withoutPageBoilerplate(adminWords(text, {
    // Each reader says which lines or characters it read as records: those are machine text.
    logLines: new Set([...logs.records.map((r) => r.line), ...logs.notHttpLines, ...(pages.pages.length > 0 ? pages.consumedLines ?? [] : [])]),
    ranges: [...(events.consumed ?? []), ...(traces.consumed ?? []), ...(pages.consumed ?? [])],
    events: events.events.length > 0,
    traces: traces.traces.length > 0,
    markup: pages.pages.length > 0 || traces.traces.length > 0 || events.events.some((e) => e.format === 'xml'),
  }));
  const read = readProse(ownWords);
  const prose = { ...read, tags: read.prose ? findTags(words) : read.tags };
  const readerMessages = [...logs.messages, ...events.messages, ...pages.messages, ...traces.messages, ...command.messages];
  // The paste was already cut and said so; a reader's own cap would only repeat it.
  messages.push(...readerMessages.filter((m) => !(cleaned.truncated && m.ruleId.endsWith('/truncated'))));

  if (!prose.prose) messages.push({ severity: 'warning', ruleId: 'input/not-prose', text: 'most of the paste does not read as words (random bytes, an encoded blob?): no phrases were taken from it' });
  // Codes and status triplets in machine text reach the answer through its reader's fields: a Logon ID, a
  // process id or the tail of a SID is not an error code, and an FTP log's "530 1326 41" is not an HTTP status.
  const machineRead = logs.records.length > 0 || logs.notHttpLines.length > 0 || events.events.length > 0 || pages.pages.length > 0 || traces.traces.length > 0;
  const fromWords = machineRead ? readProse(words) : prose;
  const requests = logs.records.length > 0 ? logs.records : [...command.requests, ...(command.command ? [] : fromWords.requests)];
  const eventRecords = [...events.events, ...(events.events.length > 0 ? [] : command.events)];

  const codes: DecodedCode[] = [];
  const seen = new Set<string>();
  for (const record of [...requests, ...eventRecords, ...pages.pages, ...traces.traces]) addUnique(codes, seen, recordCodes(record));
  addUnique(codes, seen, command.codes);
  // The id of an event read from another provider or log (4625 from EventSystem) is not that event, wherever the id is written.
  const foreignIds = new Set(eventRecords.filter((e) => !eventOriginFits(e.EventID, e.Source, e.Channel)).map((e) => `event:${e.EventID}`));
  addUnique(codes, seen, fromWords.codes.filter((c) => !foreignIds.has(c.key)));
  for (const c of codes) {
    if (!c.known && c.family !== 'status') {
      messages.push({ severity: 'info', ruleId: 'codes/unknown', text: `${c.raw} is not a code iis401 knows; it was kept as it is` });
    }
  }

  const kinds: InputKind[] = [];
  if (logs.records.some((r) => r.kind === 'iis-log')) kinds.push('iis-log');
  if (logs.records.some((r) => r.kind === 'httperr-log')) kinds.push('httperr-log');
  if (events.events.length > 0) kinds.push('event');
  if (pages.pages.length > 0) kinds.push('error-page');
  if (traces.traces.length > 0) kinds.push('freb');
  if (command.command) kinds.push('command');
  const structured = kinds.length > 0;
  if (prose.prose && !command.command && (prose.tags.size > 0 || !structured) && /(?<![a-z])[a-z]{3,}\s+[a-z]{2,}/i.test(text)) kinds.push('prose');

  const pageEra = pages.pages.find((p) => p.style === 'iis6' || p.style === 'iis5')
    ? ({ era: '6', from: 'the IIS 6 error page style' } as const)
    : pages.pages.find((p) => p.style === 'iis7-detailed' || p.style === 'iis7-custom')
      ? ({ era: '7+', from: 'the IIS 7+ error page style' } as const)
      : undefined;
  const eventEra = events.events.find((e) => e.EventID !== undefined && e.EventID >= 517 && e.EventID <= 681)
    ? ({ era: '6', from: 'a Windows 2003-era Security event id' } as const)
    : events.events.find((e) => e.EventID !== undefined && e.EventID >= 4600 && e.EventID < 4800)
      ? ({ era: '7+', from: 'a Vista-or-later Security event id' } as const)
      : undefined;
  const iis = logs.iis ?? prose.iis ?? pageEra ?? (traces.traces.length > 0 ? ({ era: '7+', from: 'a Failed Request Tracing file (IIS 7+)' } as const) : undefined) ?? eventEra;

  if (text.trim() === '') messages.push({ severity: 'info', ruleId: 'input/empty', text: 'the paste is empty' });

  return {
    kinds,
    requests,
    events: eventRecords,
    pages: pages.pages,
    traces: traces.traces,
    ...(command.command ? { command: command.command } : {}),
    codes,
    tags: [...prose.tags.keys()].sort(),
    phrases: Object.fromEntries(prose.tags),
    ...(iis ? { iis } : {}),
    text: text.replace(/\s+/g, ' ').trim(),
    prose: proseOf(words),
    words: words.replace(/\s+/g, ' ').trim(),
    redactions: redacted.count,
    truncated: cleaned.truncated,
    inputLength: input.length,
    messages,
  };
}
