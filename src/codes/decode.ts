import type { DecodedCode } from '../symptoms.js';
import { EVENTS, HRESULT, KERBEROS, NTSTATUS, OTHER_STATUS, SUBSTATUS_401, SYMBOLS, WIN32 } from './tables.js';
import type { CodeInfo } from './tables.js';

/** `0x` + upper-case hex digits, no leading zeros beyond one digit: 0xc000006a -> 0xC000006A. */
export function normalizeHex(raw: string): string {
  const digits = raw.trim().replace(/^0x/i, '').replace(/^0+(?=.)/, '').toUpperCase();
  return `0x${digits}`;
}

/** 32-bit unsigned value of a decimal or hex string, or undefined. Negative decimals wrap (-1073741715). */
export function toUint32(raw: string): number | undefined {
  const text = raw.trim();
  let value: number;
  if (/^-?\d{1,11}$/.test(text)) value = Number(text);
  else if (/^0x[0-9a-f]{1,8}$/i.test(text)) value = Number.parseInt(text.slice(2), 16);
  else return undefined;
  if (value < -0x80000000 || value > 0xffffffff) return undefined;
  return value < 0 ? value + 0x100000000 : value;
}

function hex8(value: number): string {
  return `0x${value.toString(16).toUpperCase().padStart(8, '0')}`;
}

function make(
  family: DecodedCode['family'],
  key: string,
  raw: string,
  info: CodeInfo | undefined,
): DecodedCode {
  return {
    key,
    family,
    raw,
    ...(info ? { name: info.name, meaning: info.meaning } : {}),
    known: info !== undefined,
    twins: info?.twins ?? [],
  };
}

/**
 * A status value as logged in sc-win32-status: small numbers are Win32 errors, large ones are
 * HRESULTs (0x8...) or NTSTATUS values (0xC...) written in unsigned or signed decimal.
 */
export function decodeWin32Status(raw: string): DecodedCode | undefined {
  const value = toUint32(raw);
  if (value === undefined) return undefined;
  if (value < 0x10000) return make('win32', `win32:${value}`, raw, WIN32[value]);
  const hex = hex8(value);
  if (hex.startsWith('0xC')) return make('ntstatus', `ntstatus:${hex}`, raw, NTSTATUS[hex]);
  if (hex.startsWith('0x8007')) {
    // HRESULT_FROM_WIN32: the low word is a Win32 error, so 0x80070534 reads as Win32 1332 too.
    const win32 = value & 0xffff;
    const inner = WIN32[win32];
    const own = HRESULT[hex] ?? (inner ? { name: `HRESULT_FROM_WIN32(${inner.name})`, meaning: inner.meaning } : undefined);
    const decoded = make('hresult', `hresult:${hex}`, raw, own);
    return { ...decoded, twins: [...new Set([...decoded.twins, `win32:${win32}`, ...(inner?.twins ?? [])])] };
  }
  return make('hresult', `hresult:${hex}`, raw, HRESULT[hex]);
}

/** A hex code as written in events and error pages (0xC000006A, 0x8009030E, 0x80070005, 0x18). */
export function decodeHexCode(raw: string, hint?: 'kerberos'): DecodedCode | undefined {
  if (!/^0x[0-9a-f]{1,8}$/i.test(raw.trim())) return undefined;
  const value = Number.parseInt(raw.trim().slice(2), 16);
  if (hint === 'kerberos' || (value < 0x100 && KERBEROS[normalizeHex(raw)])) {
    const key = normalizeHex(raw);
    return make('kerberos', `kerberos:${key}`, raw, KERBEROS[key]);
  }
  if (value < 0x10000) return make('win32', `win32:${value}`, raw, WIN32[value]);
  const decoded = decodeWin32Status(String(value));
  return decoded && { ...decoded, raw };
}

export function decodeEvent(raw: string | number): DecodedCode {
  const id = Number(raw);
  return make('event', `event:${id}`, String(raw), EVENTS[id]);
}

/** `401.1`, or a status without sub-status: `403.14`, `404`. */
export function decodeStatus(status: number, substatus?: number): DecodedCode {
  if (status === 401 && substatus === undefined) {
    return { key: 'status:401', family: 'status', raw: '401', name: 'HTTP 401', meaning: 'unauthorized (no sub-status given)', known: true, twins: [] };
  }
  if (status === 401) {
    const sub = substatus ?? 0;
    return make('substatus', `substatus:401.${sub}`, `401.${sub}`, SUBSTATUS_401[sub]);
  }
  const full = substatus === undefined || substatus === 0 ? String(status) : `${status}.${substatus}`;
  const meaning = OTHER_STATUS[full] ?? OTHER_STATUS[String(status)];
  return {
    key: `status:${full}`,
    family: 'status',
    raw: full,
    ...(meaning ? { name: `HTTP ${full}`, meaning } : {}),
    known: meaning !== undefined,
    twins: [],
  };
}

/** A symbolic name such as SEC_E_LOGON_DENIED or ERROR_ACCOUNT_LOCKED_OUT. */
export function decodeSymbol(raw: string): DecodedCode | undefined {
  const key = SYMBOLS[raw.trim().toUpperCase()];
  if (!key) return undefined;
  const [family, value] = key.split(':') as [string, string];
  if (family === 'win32') return decodeWin32Status(value);
  if (family === 'kerberos') return decodeHexCode(value, 'kerberos');
  return decodeHexCode(value);
}

/** The meaning of a decoded code in one phrase, for reasons: "1326 = ERROR_LOGON_FAILURE (unknown user name or bad password)". */
export function describeCode(code: DecodedCode): string {
  if (!code.known) return `${code.raw} (not a code iis401 knows)`;
  return `${code.raw} = ${code.name} (${code.meaning})`;
}
