import type { CommandRecord, DecodedCode, EventRecord, LogRecord, ParseMessage } from '../symptoms.js';
import { decodeEvent, decodeHexCode, decodeStatus, decodeSymbol, decodeWin32Status, normalizeHex } from '../codes/decode.js';
import { toLogRecord } from './iis-log.js';

export interface CommandReadResult {
  readonly command?: CommandRecord;
  readonly codes: DecodedCode[];
  /** A synthetic record so that rules on log or event fields also fire for a typed code. */
  readonly requests: LogRecord[];
  readonly events: EventRecord[];
  readonly messages: ParseMessage[];
}

const EMPTY: CommandReadResult = { codes: [], requests: [], events: [], messages: [] };

/** Commands are short: one line, a few words. Anything longer is a paste. */
const MAX_COMMAND_LENGTH = 120;

function statusRecord(status: number, substatus: number | undefined, win32?: string): LogRecord {
  const named: Record<string, string> = { 'sc-status': String(status) };
  if (substatus !== undefined) named['sc-substatus'] = String(substatus);
  if (win32 !== undefined) named['sc-win32-status'] = win32;
  return toLogRecord(named, 1, 'triplet', 'low');
}

function eventRecord(id: number, status?: string): EventRecord {
  return {
    kind: 'event',
    EventID: id,
    format: 'one-line',
    ...(status ? { Status: normalizeHex(status) } : {}),
    fields: { EventID: String(id), ...(status ? { Status: status } : {}) },
  };
}

/**
 * Reads the slash-command grammar: `event 534`, `event 4625 0xC000015B`, `401.1`, `401 1 1326`,
 * `win32 1326`, a bare code in any form, a symbolic name, `help`, `search <words>`.
 */
export function readCommand(text: string): CommandReadResult {
  const input = text.trim().replace(/\s+/g, ' ');
  if (input === '' || input.length > MAX_COMMAND_LENGTH || input.includes('\n')) return EMPTY;
  const lower = input.toLowerCase();

  if (/^(?:help|\?|-h|--help|usage)$/.test(lower)) return { ...EMPTY, command: { kind: 'command', verb: 'help', argument: '' } };
  const search = /^(?:search|find|kb)\s+(\S.*)$/i.exec(input);
  if (search?.[1]) return { ...EMPTY, command: { kind: 'command', verb: 'search', argument: search[1] } };

  const event = /^(?:event|evt|eventid|event id|id)\s*(?:[:#]\s*)?(\d{1,5})(?:\s+(?:status\s*(?:[:=]\s*)?)?(0x[0-9a-f]{1,8}))?$/i.exec(input);
  if (event?.[1]) {
    const id = Number(event[1]);
    const codes: DecodedCode[] = [decodeEvent(id)];
    const status = event[2] ? decodeHexCode(event[2]) : undefined;
    if (status) codes.push(status);
    return { ...EMPTY, command: { kind: 'command', verb: 'event', argument: input.slice(input.search(/\d/)) }, codes, events: [eventRecord(id, event[2])] };
  }

  const win32 = /^(?:win32|sc-win32-status|error|code)\s*(?:[:=]\s*)?(-?\d{1,11}|0x[0-9a-f]{1,8})$/i.exec(input);
  if (win32?.[1]) {
    const code = win32[1].startsWith('0x') || win32[1].startsWith('0X') ? decodeHexCode(win32[1]) : decodeWin32Status(win32[1]);
    return code ? { ...EMPTY, command: { kind: 'command', verb: 'win32', argument: win32[1] }, codes: [code] } : EMPTY;
  }

  const dotted = /^(?:http\s*(?:error\s*)?)?([1-5]\d\d)\.(\d{1,3})$/i.exec(input);
  if (dotted?.[1] && dotted[2]) {
    const status = Number(dotted[1]);
    const sub = Number(dotted[2]);
    return { ...EMPTY, command: { kind: 'command', verb: 'status', argument: input }, codes: [decodeStatus(status, sub)], requests: [statusRecord(status, sub)] };
  }

  const triplet = /^([1-5]\d\d)\s+(\d{1,3})\s+(-?\d{1,11})$/.exec(input);
  if (triplet?.[1] && triplet[2] && triplet[3]) {
    const status = Number(triplet[1]);
    const sub = Number(triplet[2]);
    const codes = [decodeStatus(status, sub)];
    const win = decodeWin32Status(triplet[3]);
    if (win) codes.push(win);
    return { ...EMPTY, command: { kind: 'command', verb: 'status', argument: input }, codes, requests: [statusRecord(status, sub, triplet[3])] };
  }

  if (/^[1-5]\d\d$/.test(input)) {
    const status = Number(input);
    return { ...EMPTY, command: { kind: 'command', verb: 'status', argument: input }, codes: [decodeStatus(status)], requests: [statusRecord(status, undefined)] };
  }

  if (/^0x[0-9a-f]{1,8}$/i.test(input)) {
    const code = decodeHexCode(input);
    return code ? { ...EMPTY, command: { kind: 'command', verb: 'code', argument: input }, codes: [code] } : EMPTY;
  }
  if (/^-?\d{4,11}$/.test(input)) {
    const code = decodeWin32Status(input);
    return code ? { ...EMPTY, command: { kind: 'command', verb: 'code', argument: input }, codes: [code] } : EMPTY;
  }
  if (/^[A-Z]\w{3,60}$/i.test(input)) {
    const code = decodeSymbol(input);
    if (code) return { ...EMPTY, command: { kind: 'command', verb: 'code', argument: input }, codes: [code] };
  }
  return EMPTY;
}
