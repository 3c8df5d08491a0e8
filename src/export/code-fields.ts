import { decodeEvent, decodeHexCode, decodeStatus, decodeWin32Status, toUint32 } from '../codes/decode.js';
import { EVENTS, HRESULT, KERBEROS, NTSTATUS, SUBSTATUS_401, WIN32 } from '../codes/tables.js';
import type { DecodedCode } from '../symptoms.js';
import { KERBEROS_PROVIDERS, eventSource } from './log-sources.js';
import type { SourceKey } from './log-sources.js';

// A kb rule names a condition once (`code: win32:1909`) and the matcher also finds it under its twins
// (NTSTATUS 0xC0000234 in a 4625, legacy event 539). A SIEM has no decoder, so the export turns each
// code into the raw field values that decode to it, in the field each log really writes it to.

export type SigmaScalar = string | number | null;

/** One field value that decodes to a wanted code; `fixed` are fields that must hold alongside it. */
export interface CodeAtom {
  readonly fixed: Readonly<Record<string, SigmaScalar | readonly SigmaScalar[]>>;
  readonly field: string;
  readonly value: SigmaScalar;
}

/** Decodes a canonical key (`win32:1909`, `substatus:401.1`, `event:539`) the way the parser does. */
export function decodeKey(key: string): DecodedCode | undefined {
  const [family, value = ''] = key.split(':') as [string, string | undefined];
  switch (family) {
    case 'win32':
      return decodeWin32Status(value);
    case 'ntstatus':
    case 'hresult':
      return decodeHexCode(value);
    case 'kerberos':
      return decodeHexCode(value, 'kerberos');
    case 'event':
      return decodeEvent(value);
    case 'substatus':
    case 'status': {
      const [status, sub] = value.split('.');
      if (!/^\d{3}$/.test(status ?? '')) return undefined;
      if (family === 'status' && status === '401' && sub === undefined) return decodeStatus(401);
      return decodeStatus(Number(status), sub === undefined ? 0 : Number(sub));
    }
    default:
      return undefined;
  }
}

/** Every code the tables know, by canonical key: the candidates that may decode to a wanted key. */
function knownKeys(): string[] {
  return [
    ...Object.keys(WIN32).map((n) => `win32:${n}`),
    ...Object.keys(HRESULT).map((h) => `hresult:${h}`),
    ...Object.keys(NTSTATUS).map((h) => `ntstatus:${h}`),
    ...Object.keys(KERBEROS).map((h) => `kerberos:${h}`),
    ...Object.keys(EVENTS).map((n) => `event:${n}`),
    ...Object.keys(SUBSTATUS_401).map((n) => `substatus:401.${n}`),
  ];
}

const KNOWN = knownKeys();

/** The codes whose decoding yields `wanted` as key or twin: what the matcher would accept for it. */
export function producersOf(wanted: string): string[] {
  const found = new Set<string>();
  for (const key of [wanted, ...KNOWN]) {
    const decoded = decodeKey(key);
    if (decoded && (decoded.key === wanted || decoded.twins.includes(wanted))) found.add(decoded.key);
  }
  return [...found];
}

/** sc-win32-status as IIS logs it: unsigned decimal, and for large values also the signed form some IIS 7.5 logs write. */
function win32StatusValues(value: number): number[] {
  return value >= 0x80000000 ? [value, value - 0x100000000] : [value];
}

function iisAtoms(decoded: DecodedCode, httperr: boolean): CodeAtom[] {
  const [family, value = ''] = decoded.key.split(':') as [string, string | undefined];
  if (family === 'substatus' || family === 'status') {
    const [status, sub] = value.split('.');
    // HTTPERR has no sub-status; a 401 without one is `status:401`.
    if (httperr) return sub === undefined || sub === '0' ? [{ fixed: {}, field: 'sc-status', value: Number(status) }] : [];
    if (sub === undefined && status === '401') return [{ fixed: { 'sc-status': 401 }, field: 'sc-substatus', value: null }];
    return [{ fixed: { 'sc-status': Number(status) }, field: 'sc-substatus', value: Number(sub ?? 0) }];
  }
  if (httperr) return [];
  if (family === 'win32') return [{ fixed: {}, field: 'sc-win32-status', value: Number(value) }];
  if (family === 'hresult' || family === 'ntstatus') {
    const number = toUint32(value);
    return number === undefined ? [] : win32StatusValues(number).map((v) => ({ fixed: {}, field: 'sc-win32-status', value: v }));
  }
  return [];
}

/** The events whose Status is a Kerberos result code: 4768 / 4769 / 4771 and their legacy 675 / 676. */
const KERBEROS_EVENTS = [4768, 4769, 4771, 675, 676] as const;

function windowsAtoms(decoded: DecodedCode, source: SourceKey): CodeAtom[] {
  const [family, value = ''] = decoded.key.split(':') as [string, string | undefined];
  if (family === 'event') {
    const id = Number(value);
    if (eventSource(id) !== source) return [];
    return [{ fixed: id === 4 ? { Provider_Name: [...KERBEROS_PROVIDERS] } : {}, field: 'EventID', value: id }];
  }
  if (source !== 'windows-security') return [];
  // 4625 writes NTSTATUS (and the odd SSPI HRESULT) to Status and SubStatus, 4776 its error code to
  // Status; 4768 / 4769 / 4771 write the Kerberos result code to Status.
  if (family === 'ntstatus' || family === 'hresult') return ['Status', 'SubStatus'].map((field) => ({ fixed: {}, field, value }));
  if (family === 'kerberos') return [{ fixed: { EventID: [...KERBEROS_EVENTS] }, field: 'Status', value }];
  return [];
}

/** The raw field values of one log that the matcher would read as `wanted` (directly or as a twin). */
export function codeAtoms(wanted: string, source: SourceKey): CodeAtom[] {
  const atoms: CodeAtom[] = [];
  for (const key of producersOf(wanted)) {
    const decoded = decodeKey(key);
    if (!decoded) continue;
    if (source === 'iis-log' || source === 'httperr-log') atoms.push(...iisAtoms(decoded, source === 'httperr-log'));
    else atoms.push(...windowsAtoms(decoded, source));
  }
  return atoms;
}
