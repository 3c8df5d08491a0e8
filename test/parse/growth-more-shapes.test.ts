import { describe, expect, it } from 'vitest';
import { MORE_SHAPES } from '../../bench/hostile-shapes.js';
import { describeGrowth, MAX_GROWTH } from '../helpers/growth.js';
import { measureRegexWork } from '../helpers/regex-work.js';

describeGrowth('every reader and diagnose on keyword prefixes and long ordinary pastes', MORE_SHAPES);

describe('measureRegexWork', () => {
  const lines = (n: number): string => 'x\n'.repeat(n);
  const growth = (run: (text: string) => void): number => measureRegexWork(() => run(lines(4096))).characters / measureRegexWork(() => run(lines(256))).characters;

  it('should charge a pattern re-run over the rest of the text for each line as quadratic', () => {
    const rerun = (text: string): void => {
      for (let at = 0; at < text.length; at = text.indexOf('\n', at) + 1) /y$/.test(text.slice(at));
    };
    expect(growth(rerun)).toBeGreaterThan(MAX_GROWTH);
  });

  it('should charge one pass over the text as linear', () => {
    expect(growth((text) => void text.replace(/y/g, '').split(/\n/))).toBeLessThan(MAX_GROWTH);
  });
});
