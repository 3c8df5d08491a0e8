// Where the fitted model lives and how it is read at start-up. The fingerprint names what it was trained
// over (the case library, the kb the rule evidence comes from, the training settings), so a test catches a
// model left stale by an edit to any of them.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { kbFingerprint } from '../kb/cache.js';
import { asCauseModel, MODEL_FORMAT } from './model.js';
import type { CauseModel } from './model.js';

export const MODEL_PATH = join('model', 'cause-model.json');

export function modelFingerprint(root: string, settings: unknown): string {
  const hash = createHash('sha256');
  hash.update(`format ${MODEL_FORMAT}\n${JSON.stringify(settings)}\nkb ${kbFingerprint(root)}\n`);
  const dir = join(root, 'cases');
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort() : [];
  for (const file of files) {
    hash.update(file);
    hash.update(readFileSync(join(dir, file)));
  }
  return hash.digest('hex').slice(0, 12);
}

/** The committed model, or undefined when there is none (the rule engine then answers alone). */
export function readCauseModel(root: string): CauseModel | undefined {
  const file = join(root, MODEL_PATH);
  if (!existsSync(file)) return undefined;
  return asCauseModel(JSON.parse(readFileSync(file, 'utf8')));
}
