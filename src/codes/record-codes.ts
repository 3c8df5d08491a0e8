import type { DecodedCode, SymptomRecord } from '../symptoms.js';
import { decodeEvent, decodeHexCode, decodeStatus, decodeWin32Status } from './decode.js';
import { eventOriginFits } from './event-origin.js';

/** The codes one record carries: its status, Win32 / NTSTATUS / HRESULT codes and event id, decoded. */
export function recordCodes(record: SymptomRecord): DecodedCode[] {
  const codes: Array<DecodedCode | undefined> = [];
  if (record.kind === 'event') {
    // 4625 from EventSystem is not the failed logon 4625: an id only counts from the provider and log it belongs to.
    if (record.EventID !== undefined && eventOriginFits(record.EventID, record.Source, record.Channel)) codes.push(decodeEvent(record.EventID));
    for (const value of [record.Status, record.SubStatus]) if (value && value !== '0x0') codes.push(decodeHexCode(value));
    // Kerberos failure codes are short (0x18); a 4776 error code is a full NTSTATUS.
    if (record.FailureCode) codes.push(decodeHexCode(record.FailureCode, record.FailureCode.length <= 4 ? 'kerberos' : undefined));
  } else {
    if (record['sc-status'] !== undefined) codes.push(decodeStatus(record['sc-status'], record['sc-substatus']));
    if (record.kind === 'error-page' || record.kind === 'freb') {
      if (record.ErrorCode) codes.push(decodeHexCode(record.ErrorCode));
    } else if (record['sc-win32-status'] !== undefined) codes.push(decodeWin32Status(String(record['sc-win32-status'])));
  }
  return codes.filter((c): c is DecodedCode => c !== undefined);
}

/** Appends codes not seen yet (by key), keeping first-seen order. */
export function addUnique(into: DecodedCode[], seen: Set<string>, codes: Iterable<DecodedCode | undefined>): void {
  for (const code of codes) {
    if (code && !seen.has(code.key)) {
      seen.add(code.key);
      into.push(code);
    }
  }
}
