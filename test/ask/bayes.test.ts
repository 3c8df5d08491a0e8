import { describe, expect, it } from 'vitest';
import { applyAnswer, applyAnswers, findAnswer } from '../../src/ask/bayes.js';
import type { Question } from '../../src/ask/schema.js';

const STATIC: Question = {
  key: 'static',
  text: 'Static files too, or only scripts?',
  why: 'only the engine being refused spares static files',
  answers: [
    { value: 'only-scripts', label: 'Only scripts', likelihood: { 'script-engine-permissions': 0.9, 'ntfs-acl-denied': 0.1 }, default: 0.2 },
    { value: 'everything', label: 'Everything', likelihood: { 'script-engine-permissions': 0.1, 'ntfs-acl-denied': 0.9 }, default: 0.8 },
  ],
};

describe('applyAnswer', () => {
  it('should multiply each prior by P(answer | cause) and renormalise', () => {
    // 0.8 × 0.1 = 0.08 and 0.2 × 0.9 = 0.18; over 0.26: 0.3077 and 0.6923.
    const posterior = applyAnswer(new Map([['script-engine-permissions', 0.8], ['ntfs-acl-denied', 0.2]]), STATIC.answers[1]!);
    expect(posterior.get('script-engine-permissions')).toBeCloseTo(0.08 / 0.26, 6);
    expect(posterior.get('ntfs-acl-denied')).toBeCloseTo(0.18 / 0.26, 6);
  });

  it('should use the default for a cause the answer does not name', () => {
    // 0.5 × 0.9 = 0.45 and 0.5 × 0.2 (default) = 0.10; over 0.55.
    const posterior = applyAnswer(new Map([['script-engine-permissions', 0.5], ['loopback-check', 0.5]]), STATIC.answers[0]!);
    expect(posterior.get('loopback-check')).toBeCloseTo(0.1 / 0.55, 6);
  });

  it('should keep the prior when the answer gives every cause probability 0', () => {
    const none = { value: 'x', label: 'x', likelihood: {}, default: 0 };
    expect(applyAnswer(new Map([['a', 0.7], ['b', 0.3]]), none)).toEqual(new Map([['a', 0.7], ['b', 0.3]]));
  });
});

describe('applyAnswers', () => {
  it('should apply known answers, by value or by number, and skip unknown keys and values', () => {
    const prior = new Map([['script-engine-permissions', 0.8], ['ntfs-acl-denied', 0.2]]);
    const byValue = applyAnswers(prior, [STATIC], { static: 'everything', nosuch: 'x' });
    const byNumber = applyAnswers(prior, [STATIC], { static: '2' });
    expect(byValue.posterior).toEqual(byNumber.posterior);
    expect(byValue.applied).toEqual([{ key: 'static', value: 'everything', question: STATIC.text, label: 'Everything' }]);
    expect(applyAnswers(prior, [STATIC], { static: 'perhaps' }).applied).toEqual([]);
  });

  it('should not read answers from the prototype of the record', () => {
    expect(applyAnswers(new Map([['a', 1]]), [{ ...STATIC, key: 'constructor' }], {}).applied).toEqual([]);
  });
});

describe('findAnswer', () => {
  it('should accept the value in any case, and the number from 1', () => {
    expect(findAnswer(STATIC, ' Only-Scripts ')?.value).toBe('only-scripts');
    expect(findAnswer(STATIC, '1')?.value).toBe('only-scripts');
    expect(findAnswer(STATIC, '3')).toBeUndefined();
  });
});
