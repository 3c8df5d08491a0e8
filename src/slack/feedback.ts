import { appendFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';

export type VoteKind = 'helped' | 'not-helped';

/** One line of feedback.jsonl. Never the input: only its hash, so votes on the same paste group. */
export interface FeedbackRecord {
  readonly at: string;
  readonly vote: VoteKind;
  /** Cause the answer featured; null when it named none (nothing recognised, not a 401). */
  readonly cause: string | null;
  readonly rules: readonly string[];
  /** sha256 (hex) of the redacted input. */
  readonly inputSha256: string;
  readonly kb?: string;
}

export const FEEDBACK_FILE = 'feedback.jsonl';

export class FeedbackLog {
  readonly file: string;
  private readonly dir: string;
  private ready: Promise<unknown> | undefined;

  constructor(dataDir: string) {
    this.dir = dataDir;
    this.file = join(dataDir, FEEDBACK_FILE);
  }

  /** Appends one JSON line; a single small append is written whole even with several writers. */
  async append(record: FeedbackRecord): Promise<void> {
    this.ready ??= mkdir(this.dir, { recursive: true });
    await this.ready;
    await appendFile(this.file, `${JSON.stringify(record)}\n`, 'utf8');
  }
}
