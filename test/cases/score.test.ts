import { describe, expect, it } from 'vitest';
import type { Case } from '../../src/cases/load.js';
import { formatFigures, scoreAnswers } from '../../src/cases/score.js';

function aCase(group: string, expect: string[]): Case {
  return { id: `${group}-1`, input: 'x', expect, source: 'written:test', era: 'unknown', kind: 'prose', group };
}

describe('scoring answers against the case library', () => {
  it('should count top-1 and top-3 per group and the reliability of each label', () => {
    const cases = [aCase('a', ['loopback-check']), aCase('a', ['duplicate-spn']), aCase('b', ['ntfs-acl-denied'])];
    const figures = scoreAnswers(cases, [
      { causes: ['loopback-check'], confidence: 'high', verdict: 'diagnosis' },
      { causes: ['kerberos-spn-misconfigured', 'duplicate-spn'], confidence: 'high', verdict: 'diagnosis' },
      { causes: ['unc-share-permissions'], confidence: 'low', verdict: 'diagnosis' },
    ]);
    expect(figures.groups).toEqual([
      { group: 'a', cases: 2, top1: 1, top3: 2 },
      { group: 'b', cases: 1, top1: 0, top3: 0 },
    ]);
    expect(figures.reliability.find((r) => r.label === 'high')).toEqual({ label: 'high', answered: 2, right: 1 });
    expect(figures.inCatalog).toEqual({ cases: 3, top1: 1, top3: 2, notSureCost: 0 });
  });

  it('should count an out-of-catalog case as handled only without a medium or high cause', () => {
    const cases = [aCase('n', ['out-of-catalog']), aCase('n', ['out-of-catalog']), aCase('n', ['not-401'])];
    const figures = scoreAnswers(cases, [
      { causes: [], verdict: 'nothing-recognised' },
      { causes: ['loopback-check'], confidence: 'medium', verdict: 'diagnosis' },
      { causes: [], verdict: 'not-401' },
    ]);
    expect(figures.outOfCatalog).toEqual({ cases: 2, notSure: 1, confident: 1 });
    expect(figures.notA401).toEqual({ cases: 1, recognised: 1 });
    expect(figures.inCatalog.cases).toBe(0);
    expect(formatFigures(figures, 'h')).toContain('out-of-catalog cases: 2, answered "not sure" (that verdict, no cause, or low) 50%');
  });

  it('should take "not sure" as the right answer out of the catalog and count what it costs in it', () => {
    const cases = [aCase('n', ['out-of-catalog']), aCase('a', ['loopback-check']), aCase('a', ['loopback-check'])];
    const figures = scoreAnswers(cases, [
      { causes: ['loopback-check'], confidence: 'medium', verdict: 'not-sure' },
      { causes: ['loopback-check'], confidence: 'medium', verdict: 'not-sure' },
      { causes: ['loopback-check'], confidence: 'high', verdict: 'diagnosis' },
    ]);
    expect(figures.outOfCatalog.notSure).toBe(1);
    expect(figures.inCatalog).toEqual({ cases: 2, top1: 2, top3: 2, notSureCost: 1 });
    expect(formatFigures(figures, 'h')).toContain('answered "not sure" 1 (50% of the right ones)');
  });

  it('should take the normal-challenge verdict as the right answer for a normal case', () => {
    const figures = scoreAnswers([aCase('n', ['auth-handshake-normal'])], [{ causes: [], verdict: 'normal-challenge' }]);
    expect(figures.groups[0]?.top1).toBe(1);
  });
});
