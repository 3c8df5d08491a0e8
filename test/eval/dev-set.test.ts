import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { realEngine } from '../helpers/kb-engine.js';

// A copy of the development evaluation set: the accuracy thresholds are a regression test.
const cases = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'eval', 'dev.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as { id: string; input: string; expect: string[] });

describe('the development set', () => {
  it('should rank an expected cause first in at least 90% of cases and in the first three in at least 98%', async () => {
    const engine = await realEngine();
    let top1 = 0;
    let top3 = 0;
    const misses: string[] = [];
    for (const c of cases) {
      const ids = engine.diagnose(c.input).causes.map((x) => x.id);
      if (c.expect.includes(ids[0] ?? '')) top1++;
      else misses.push(`${c.id}: expected ${c.expect.join('|')}, got ${ids.slice(0, 3).join(', ')}`);
      if (ids.slice(0, 3).some((id) => c.expect.includes(id))) top3++;
    }
    expect(cases.length).toBeGreaterThan(50);
    expect(top1 / cases.length, misses.join('\n')).toBeGreaterThanOrEqual(0.9);
    expect(top3 / cases.length).toBeGreaterThanOrEqual(0.98);
  });
});
