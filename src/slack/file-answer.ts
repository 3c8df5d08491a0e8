import { createHash } from 'node:crypto';
import { MAX_PASTE } from '../parse/index.js';
import { redactSecrets } from '../parse/redact.js';
import { scanTable } from '../render/scan-table.js';
import { renderScanAnswer } from '../render/slack.js';
import type { SlackMessage } from '../render/slack.js';
import { renderScanSlack, scanBuffer } from '../scan/index.js';
import { prepareInput, renderAnswer } from './answer.js';
import type { SlackServices } from './services.js';
import { carriesIisSignal } from './signal.js';

/** Files the bot reads: W3C / HTTPERR logs and text exports of events or error pages. */
export const READABLE_FILE = /\.(log|txt)$/i;

export interface FileAnswer {
  readonly message: SlackMessage;
  /** The file holds a 401 (or another IIS 401 signal): worth answering in a channel. */
  readonly found: boolean;
}

/** Text of a file: Event Viewer saves .txt as UTF-16 with a BOM, IIS writes UTF-8 or ANSI. */
export function decodeText(data: Buffer): string {
  if (data[0] === 0xff && data[1] === 0xfe) return data.subarray(2).toString('utf16le');
  if (data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf) return data.subarray(3).toString('utf8');
  return data.toString('utf8');
}

/**
 * Scans a shared log with the scanner; when the scanner fails (or is not there yet) the text is
 * diagnosed as a paste instead, so a shared file always gets an answer.
 */
export async function answerFile(services: SlackServices, data: Buffer, name: string): Promise<FileAnswer> {
  try {
    const report = await scanBuffer(data, name, services.engine);
    const scan = renderScanSlack(report);
    // The scanner quotes sample lines (unreadable ones too); secrets are removed again before posting.
    const text = redactSecrets(scan.text).text;
    const sections = scan.sections.map((section) => redactSecrets(section).text);
    const top = report.causes[0];
    const table = scanTable(report);
    const message = renderScanAnswer({
      fileName: name,
      sections,
      text,
      kbVersion: services.engine.kb.version,
      ...(table ? { table } : {}),
      inputHash: createHash('sha256').update(data).digest('hex'),
      ...(top ? { topCause: { id: top.id, rules: top.rules, article: top.article } } : {}),
      ...(services.config.kbBaseUrl ? { kbBaseUrl: services.config.kbBaseUrl } : {}),
    });
    return { message, found: (report.byStatus['401'] ?? 0) > 0 || report.unauthorized.length > 0 };
  } catch (error) {
    services.logger.warn(`iis401: the scanner could not read ${name} (${error instanceof Error ? error.message : String(error)}); diagnosing it as a paste`);
    // Decoding more than the parser reads would only cost memory; 4 bytes per character at most.
    const text = decodeText(data.subarray(0, MAX_PASTE * 4));
    const prepared = prepareInput(services, text);
    const cut = text.length > MAX_PASTE ? ' (its first part)' : '';
    return { message: renderAnswer(services, prepared, { notice: `I read ${name} as a paste${cut}.` }), found: carriesIisSignal(prepared.diagnosis) };
  }
}
