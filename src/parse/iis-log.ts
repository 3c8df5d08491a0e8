import type { IisEra, LogRecord, ParseMessage } from '../symptoms.js';
import { NOT_HTTP_NAMES, W3cReading } from './w3c-fields.js';

// The paste's W3C and HTTPERR lines read into records. How a line is read is src/parse/w3c-fields.ts,
// shared with the log scanner; this file walks a paste's lines and says what it read.
export { LAYOUTS, layoutFor, readRequestLine, toLogRecord, versionFromSoftware } from './w3c-fields.js';

/** Longest line we look at; longer ones are cut (a log line is rarely over 2 KB). */
const MAX_LINE = 16_384;

export interface LogReadResult {
  readonly records: LogRecord[];
  readonly messages: ParseMessage[];
  readonly iis?: { era: IisEra; version?: string; from: string };
  /** Lines that looked like log lines (dated) but could not be mapped to fields. */
  readonly unreadable: number;
  /** 1-based numbers of the lines of a W3C log that is not an HTTP one (FTP, SMTP): machine text, not counted. */
  readonly notHttpLines: readonly number[];
}

/**
 * Reads every W3C (or HTTPERR) line in a paste. Honours `#Fields` wherever it appears; lines without a
 * header are mapped by the default layouts of IIS 6, 7 and 8.5+, then by locating the status triplet.
 */
export function readLogLines(text: string): LogReadResult {
  const records: LogRecord[] = [];
  const messages: ParseMessage[] = [];
  const reading = new W3cReading();
  let unreadable = 0;
  const notHttpLines: number[] = [];
  // Line ends as any writer leaves them: LF, CRLF, or CR alone (old Mac tools).
  const lines = text.split(/\r\n?|\n/);
  for (let index = 0; index < lines.length; index++) {
    const raw = (lines[index] ?? '').slice(0, MAX_LINE).trim();
    const lineNo = index + 1;
    if (raw.startsWith('#')) {
      reading.directive(raw);
      continue;
    }
    const read = reading.line(raw, lineNo);
    if (read.kind === 'not-a-line') continue;
    if (read.kind === 'not-http') {
      if (notHttpLines.push(lineNo) === 1) {
        messages.push({ severity: 'info', ruleId: 'iis-log/not-http', text: `line ${lineNo} is from ${NOT_HTTP_NAMES[read.what]}, so its lines are not read as requests`, line: lineNo });
      }
      continue;
    }
    if (read.kind === 'request') {
      const header = reading.fields;
      if (read.mismatch && header) {
        messages.push({
          severity: 'info',
          ruleId: 'iis-log/fields-mismatch',
          text: `line ${lineNo} has ${read.values} values but #Fields names ${header.length}; read it by its shape instead`,
          line: lineNo,
        });
      }
      records.push(read.record);
      continue;
    }
    unreadable++;
    if (unreadable <= 3) {
      messages.push({
        severity: 'warning',
        ruleId: 'iis-log/unreadable-line',
        text: `line ${lineNo} looks like a log line but has no status code iis401 could find (a half line?)`,
        line: lineNo,
      });
    }
  }
  let iis: LogReadResult['iis'] = reading.iis;
  if (!iis && records.length > 0) {
    const layouts = new Set(records.map((r) => r.layout));
    if (layouts.has('iis6-default')) iis = { era: '6', from: 'the IIS 6 default log layout' };
    else if (layouts.has('iis85-default') || layouts.has('iis7-default')) iis = { era: '7+', from: 'the IIS 7+ default log layout' };
  }
  return { records, messages, ...(iis ? { iis } : {}), unreadable, notHttpLines };
}
