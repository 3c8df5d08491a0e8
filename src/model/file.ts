// Where the fitted model lives and how it is read at start-up. The fingerprint names what it was trained
// over (the case library, the kb the rule evidence comes from, the training settings, and what the parser
// and the rules made of every case), so a test catches a model left stale by an edit to any of them,
// the parser's code included.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { kbFingerprint } from '../kb/cache.js';
import type { PasteFeatures } from './features.js';
import { asCauseModel, MODEL_FORMAT } from './model.js';
import type { CauseModel } from './model.js';

export const MODEL_PATH = join('model', 'cause-model.json');

/** `features`: what the model reads of each case, in library order (a parser edit changes them). */
export function modelFingerprint(root: string, settings: unknown, features: readonly PasteFeatures[]): string {
  const hash = createHash('sha256');
  hash.update(`format ${MODEL_FORMAT}\n${JSON.stringify(settings)}\nkb ${kbFingerprint(root)}\n`);
  for (const f of features) hash.update(`${JSON.stringify(f)}\n`);
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
