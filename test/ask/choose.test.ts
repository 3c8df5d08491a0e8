import { describe, expect, it } from 'vitest';
import { chooseQuestion, expectedGain, leading } from '../../src/ask/choose.js';
import type { Question } from '../../src/ask/schema.js';

function yesNo(key: string, yes: Record<string, number>, fallback = 0.5): Question {
  const no = Object.fromEntries(Object.entries(yes).map(([id, p]) => [id, Math.round((1 - p) * 100) / 100]));
  return {
    key,
    text: `${key} question?`,
    why: 'a test question',
    answers: [
      { value: 'yes', label: 'Yes', likelihood: yes, default: fallback },
      { value: 'no', label: 'No', likelihood: no, default: 1 - fallback },
    ],
  };
}

const SHARP = yesNo('sharp', { a: 0.9, b: 0.1 });
const BLUNT = yesNo('blunt', { a: 0.75, b: 0.25 });
const FLAT = yesNo('flat', { a: 0.5, b: 0.5 });

describe('expectedGain', () => {
  it('should be H(C) minus the expected entropy after the answer', () => {
    // Even odds are 1 bit; either answer leaves 0.9/0.1, H = 0.469 bits: the gain is 0.531 bits.
    const h = -(0.9 * Math.log2(0.9) + 0.1 * Math.log2(0.1));
    expect(expectedGain(new Map([['a', 0.5], ['b', 0.5]]), SHARP)).toBeCloseTo(1 - h, 6);
  });

  it('should be 0 for a question whose answers do not depend on the cause', () => {
    expect(expectedGain(new Map([['a', 0.5], ['b', 0.5]]), FLAT)).toBeCloseTo(0, 9);
  });

  it('should weigh each answer by how likely it is', () => {
    // prior 0.8/0.2: P(yes) = 0.8×0.9 + 0.2×0.1 = 0.74, posterior 0.9730/0.0270; P(no) = 0.26, posterior 0.3077/0.6923.
    const h = (ps: number[]): number => -ps.reduce((s, p) => s + p * Math.log2(p), 0);
    const expected = h([0.8, 0.2]) - (0.74 * h([0.72 / 0.74, 0.02 / 0.74]) + 0.26 * h([0.08 / 0.26, 0.18 / 0.26]));
    expect(expectedGain(new Map([['a', 0.8], ['b', 0.2]]), SHARP)).toBeCloseTo(expected, 9);
  });
});

describe('leading', () => {
  it('should keep the three most probable causes, renormalised', () => {
    const top = leading(new Map([['a', 0.4], ['b', 0.3], ['c', 0.2], ['d', 0.1]]));
    expect([...top.keys()]).toEqual(['a', 'b', 'c']);
    expect(top.get('a')).toBeCloseTo(0.4 / 0.9, 9);
  });
});

describe('chooseQuestion', () => {
  const open = new Map([['a', 0.55], ['b', 0.45]]);

  it('should choose the question that separates the leading causes best', () => {
    expect(chooseQuestion(open, [BLUNT, SHARP, FLAT], new Set())?.question.key).toBe('sharp');
  });

  it('should skip a question already answered', () => {
    expect(chooseQuestion(open, [BLUNT, SHARP], new Set(['sharp']))?.question.key).toBe('blunt');
  });

  it('should ask nothing when one cause is already at 0.9 or more', () => {
    expect(chooseQuestion(new Map([['a', 0.9], ['b', 0.1]]), [SHARP], new Set())).toBeUndefined();
  });

  it('should ask nothing when only one cause remains, or when no question is worth asking', () => {
    expect(chooseQuestion(new Map([['a', 1]]), [SHARP], new Set())).toBeUndefined();
    expect(chooseQuestion(open, [FLAT], new Set())).toBeUndefined();
  });
});
