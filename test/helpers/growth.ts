import { describe, expect, it } from 'vitest';
import type { HostileShape } from '../../bench/hostile-shapes.js';
import { hostilePaste } from '../../bench/hostile-shapes.js';
import { readCommand } from '../../src/parse/command.js';
import { readErrorPages, withoutPageBoilerplate } from '../../src/parse/error-page.js';
import { readEvents } from '../../src/parse/event-log.js';
import { readTraces } from '../../src/parse/freb.js';
import { readLogLines } from '../../src/parse/iis-log.js';
import { readProse } from '../../src/parse/prose.js';
import { redactSecrets } from '../../src/parse/redact.js';
import { realEngine } from './kb-engine.js';
import { measureRegexWork } from './regex-work.js';

export const SMALL = 64 * 1024;
export const LARGE = 1024 * 1024;
/**
 * The large paste is 16 times the small one: linear work grows 16 times, quadratic work 256 times. 40
 * leaves room for fixed costs, and no quadratic path fits under it.
 */
export const MAX_GROWTH = 40;
/** Regex characters looked at per character of the large paste: a bounded number of passes (now at most ~65). */
export const MAX_PASSES = 200;

const READERS: ReadonlyArray<readonly [string, (text: string) => unknown]> = [
  ['redactSecrets', redactSecrets],
  ['readLogLines', readLogLines],
  ['readEvents', readEvents],
  ['readErrorPages', readErrorPages],
  ['withoutPageBoilerplate', withoutPageBoilerplate],
  ['readTraces', readTraces],
  ['readCommand', readCommand],
  ['readProse', readProse],
];

/**
 * Each reader and the whole diagnose on 64 KiB and 1 MiB of each shape, charged by regex work (no clock).
 * A pattern that is quadratic inside one match is refused by the lint; one that would be missed there
 * still has to finish on 1 MiB within the test's timeout, which a quadratic one does not (minutes).
 */
export function describeGrowth(title: string, shapes: readonly HostileShape[]): void {
  describe(title, () => {
    it.each(shapes.map((s) => [s.name, s] as const))('should do linear work on %s', async (_name, shape) => {
      const engine = await realEngine();
      const small = hostilePaste(shape, SMALL);
      const large = hostilePaste(shape, LARGE);
      for (const [reader, read] of [...READERS, ['diagnose', (text: string) => engine.diagnose(text)] as const]) {
        const before = measureRegexWork(() => read(small));
        const after = measureRegexWork(() => read(large));
        const growth = after.characters / Math.max(before.characters, 1);
        const passes = after.characters / LARGE;
        expect({ reader, growth: growth < MAX_GROWTH ? 'linear' : growth }).toEqual({ reader, growth: 'linear' });
        expect({ reader, passes: passes <= MAX_PASSES ? 'bounded' : passes }).toEqual({ reader, passes: 'bounded' });
      }
    }, 120_000);
  });
}
