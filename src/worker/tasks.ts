import { createHash } from 'node:crypto';
import type { Diagnosis, DiagnosisEngine } from '../diagnose.js';
import { MAX_PASTE } from '../parse/index.js';
import { redactSecrets } from '../parse/redact.js';
import { scanTable } from '../render/scan-table.js';
import type { ScanTable } from '../render/scan-table.js';
import { renderScanSlack, scanBuffer } from '../scan/index.js';
import { carriesIisSignal } from '../slack/signal.js';
import { sniffEncoding } from '../scan/text-encoding.js';

// The work that runs off the event loop: the same pure steps the bot always ran, gathered as tasks a
// worker thread receives by message. Everything a task returns is plain data (structured clone).

/** A paste to redact and diagnose: a command's text, a message, a remembered input a button re-reads. */
export interface PasteTask {
  readonly kind: 'paste';
  readonly text: string;
  /** Answers to the next questions (key → value), from an answer button: they re-rank the causes. */
  readonly answers?: Readonly<Record<string, string>>;
}

/** A shared file to scan (or, when the scanner cannot, to diagnose as a paste). */
export interface FileTask {
  readonly kind: 'file';
  readonly data: Uint8Array;
  readonly name: string;
}

export type Task = PasteTask | FileTask;

export interface PreparedInput {
  /** The diagnosis, its records cut to SHIPPED_RECORDS of each kind (see forTheWire). */
  readonly diagnosis: Diagnosis;
  /** The paste carries an IIS 401 signal (carriesIisSignal, judged on every record). */
  readonly signal: boolean;
  /** The input with secrets removed and cut to what the parser reads. */
  readonly redacted: string;
  /** sha256 (hex) of `redacted`. */
  readonly hash: string;
}

export type FileResult =
  | {
      readonly kind: 'scan';
      /** The report's fallback text and sections, secrets removed again (the scanner quotes lines). */
      readonly text: string;
      readonly sections: readonly string[];
      readonly inputHash: string;
      /** The 401 summary as a Slack table block. */
      readonly table?: ScanTable;
      readonly topCause?: { readonly id: string; readonly rules: readonly string[]; readonly article?: string };
      /** The file holds a 401: worth answering in a channel. */
      readonly found: boolean;
    }
  | {
      readonly kind: 'paste';
      readonly prepared: PreparedInput;
      /** The file was longer than a paste is read. */
      readonly cut: boolean;
      /** Why the scanner could not read it, for the log. */
      readonly warning: string;
    };

export type ResultOf<T extends Task> = T extends FileTask ? FileResult : PreparedInput;

/**
 * Pastes longer than this (characters) count as heavy, as every file does: heavy tasks never take the
 * last free worker, so a short paste is answered while a hostile one is still being read.
 */
export const LIGHT_PASTE_CHARS = 8 * 1024;

export function isHeavy(task: Task): boolean {
  return task.kind === 'file' || task.text.length > LIGHT_PASTE_CHARS;
}

export function hashInput(redacted: string): string {
  return createHash('sha256').update(redacted, 'utf8').digest('hex');
}

/** Records of each kind (requests, events, pages, traces) a diagnosis carries back from the worker. */
export const SHIPPED_RECORDS = 100;

/**
 * The diagnosis as it travels back: answers are rendered from its causes, checks and notes, never from
 * the records, and copying the ten thousand records of a 1 MiB log paste cost the event loop 70 ms.
 */
export function forTheWire(diagnosis: Diagnosis): Diagnosis {
  const s = diagnosis.symptoms;
  const cut = <T>(records: readonly T[]): T[] => records.slice(0, SHIPPED_RECORDS);
  return { ...diagnosis, symptoms: { ...s, requests: cut(s.requests), events: cut(s.events), pages: cut(s.pages), traces: cut(s.traces) } };
}

export function preparePaste(engine: Pick<DiagnosisEngine, 'diagnose'>, text: string, answers?: Readonly<Record<string, string>>): PreparedInput {
  const redacted = redactSecrets(text.slice(0, MAX_PASTE)).text;
  const diagnosis = answers ? engine.diagnose(text, { answers }) : engine.diagnose(text);
  return { diagnosis: forTheWire(diagnosis), signal: carriesIisSignal(diagnosis), redacted, hash: hashInput(redacted) };
}

/**
 * Text of a file: Event Viewer saves .txt as UTF-16 with a BOM, IIS writes UTF-8 or ANSI. The encoding is
 * told as the scanner tells it; TextDecoder drops the byte-order mark.
 */
export function decodeText(data: Buffer): string {
  return new TextDecoder(sniffEncoding(data)).decode(data);
}

/** Scans a shared log; when the scanner fails, the text is diagnosed as a paste, so a file always gets an answer. */
export async function readFile(engine: Pick<DiagnosisEngine, 'diagnose'>, bytes: Uint8Array, name: string): Promise<FileResult> {
  const data = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  try {
    const report = await scanBuffer(data, name, engine);
    const scan = renderScanSlack(report);
    const top = report.causes[0];
    const table = scanTable(report);
    return {
      kind: 'scan',
      ...(table ? { table } : {}),
      text: redactSecrets(scan.text).text,
      sections: scan.sections.map((section) => redactSecrets(section).text),
      inputHash: createHash('sha256').update(data).digest('hex'),
      ...(top ? { topCause: { id: top.id, rules: top.rules, ...(top.article ? { article: top.article } : {}) } } : {}),
      found: (report.byStatus['401'] ?? 0) > 0 || report.unauthorized.length > 0,
    };
  } catch (error) {
    // Decoding more than the parser reads would only cost memory; 4 bytes per character at most.
    const text = decodeText(data.subarray(0, MAX_PASTE * 4));
    return { kind: 'paste', prepared: preparePaste(engine, text), cut: text.length > MAX_PASTE, warning: error instanceof Error ? error.message : String(error) };
  }
}

export async function runTask<T extends Task>(engine: Pick<DiagnosisEngine, 'diagnose'>, task: T): Promise<ResultOf<T>> {
  const result = task.kind === 'file' ? await readFile(engine, task.data, task.name) : preparePaste(engine, task.text, task.answers);
  return result as ResultOf<T>;
}
