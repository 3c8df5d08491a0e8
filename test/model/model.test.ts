import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine.js';
import { calibrate, labelOf } from '../../src/model/calibrate.js';
import { EVIDENCE } from '../../src/model/features.js';
import type { PasteFeatures } from '../../src/model/features.js';
import { asCauseModel, predictCauses } from '../../src/model/model.js';
import { trainCauseModel } from '../../src/model/train.js';
import type { TrainingCase } from '../../src/model/train.js';
import { pasteTerms, wordTokens } from '../../src/model/terms.js';
import { parse } from '../../src/parse/index.js';

const CATALOG = ['kerberos-spn', 'ntfs-acl-denied', 'loopback-check'];
const none = (): PasteFeatures['causes'] => CATALOG.map(() => ({ figures: EVIDENCE.map(() => 0), rules: [] }));
const paste = (terms: string[]): PasteFeatures => ({ terms, causes: none() });
const CASES: TrainingCase[] = [
  { features: paste(['w:kerberos', 'w:spn', 'w:setspn']), expect: [0] },
  { features: paste(['w:kerberos', 'w:spn', 'w:alias']), expect: [0] },
  { features: paste(['w:ntfs', 'w:acl', 'w:folder']), expect: [1] },
  { features: paste(['w:ntfs', 'w:acl', 'w:permissions']), expect: [1] },
  { features: paste(['w:localhost', 'w:server', 'w:itself']), expect: [2] },
  { features: paste(['w:localhost', 'w:server', 'w:hostname']), expect: [2] },
];
const CALIBRATION = { high: 0.9, medium: 0.6, notSure: 0.3 };

describe('the admin words the model reads', () => {
  it('keeps words and codes, drops stopwords and trailing punctuation', () => {
    expect(wordTokens('The SPN is on the wrong account.')).toEqual(['spn', 'wrong', 'account']);
    const terms = pasteTerms(parse('2024-01-01 10:00:00 10.0.0.1 GET /app/ - 80 - 10.0.0.9 Mozilla/5.0+(Safari) - 401 1 1326 0\nusers cannot log in since Monday'));
    expect(terms).toContain('w:users');
    expect(terms).toContain('b:users cannot');
    expect(terms).toContain('c:win32:1326');
    expect(terms.some((t) => t.includes('safari'))).toBe(false);
  });
});

describe('trainCauseModel', () => {
  it('is deterministic and learns which words point to which cause', () => {
    const a = trainCauseModel(CATALOG, CASES, CALIBRATION, 'x');
    const b = trainCauseModel(CATALOG, CASES, CALIBRATION, 'x');
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    const [first] = predictCauses(a, CATALOG, paste(['w:acl', 'w:ntfs', 'w:unseen']));
    expect(first?.id).toBe('ntfs-acl-denied');
    expect(first?.terms.map((t) => t.term)).toContain('w:ntfs');
    const probabilities = predictCauses(a, CATALOG, paste(['w:spn'])).map((p) => p.probability);
    expect(probabilities.reduce((x, y) => x + y, 0)).toBeCloseTo(1, 9);
  });

  it('learns a weight for rule evidence, so a cause a decisive rule names wins against words', () => {
    const decisive = EVIDENCE.indexOf('decisive-rule');
    const withRule = (cause: number, terms: string[], expectCause: number): TrainingCase => ({
      features: { terms, causes: CATALOG.map((_, c) => ({ figures: EVIDENCE.map((__, k) => (k === decisive && c === cause ? 1 : 0)), rules: [] })) },
      expect: [expectCause],
    });
    const cases = [...CASES, ...[0, 1, 2].flatMap((c) => [withRule(c, ['w:localhost'], c), withRule(c, ['w:kerberos'], c), withRule(c, ['w:ntfs'], c)])];
    const model = trainCauseModel(CATALOG, cases, CALIBRATION, 'x');
    expect(model.evidenceWeights[decisive]).toBeGreaterThan(1);
  });

  it('treats an unknown catalog cause as evidence only, and refuses a broken model file', () => {
    const model = trainCauseModel(CATALOG, CASES, CALIBRATION, 'x');
    const ids = [...CATALOG, 'new-cause'];
    const features = { terms: ['w:spn'], causes: [...none(), { figures: EVIDENCE.map(() => 0), rules: [] }] };
    expect(predictCauses(model, ids, features).map((p) => p.id)).toContain('new-cause');
    expect(() => asCauseModel({ ...model, format: 99 })).toThrow(/format/);
    expect(() => asCauseModel({ ...model, calibration: { high: 0.2, medium: 0.6, notSure: 0.1 } })).toThrow(/order/);
    expect(asCauseModel(JSON.parse(JSON.stringify(model)))).toEqual(model);
  });
});

describe('calibrate', () => {
  it('puts high where 95% are right and not-sure where under 5% of right answers are turned away', () => {
    const preds = [
      ...Array.from({ length: 100 }, (_, i) => ({ probability: 0.9 + (i % 10) / 100, right: i % 50 !== 0 })),
      ...Array.from({ length: 40 }, (_, i) => ({ probability: 0.6 + (i % 20) / 100, right: i % 5 !== 0 })),
      ...Array.from({ length: 20 }, (_, i) => ({ probability: 0.2 + (i % 10) / 100, right: false })),
      ...Array.from({ length: 20 }, (_, i) => ({ probability: 0.25 + (i % 10) / 100 })),
    ];
    const c = calibrate(preds);
    expect(c.high).toBeLessThanOrEqual(0.9);
    expect(c.notSure).toBeGreaterThan(0.3);
    expect(c.notSure).toBeLessThanOrEqual(c.medium);
    expect(labelOf(0.95, c)).toBe('high');
    expect(labelOf(0.1, c)).toBe('low');
  });
});

describe('the engine features the model reads', () => {
  it('carries the rule engine evidence for the causes a decisive code names', async () => {
    const engine = await createEngine();
    const ids = engine.causeIds();
    const features = engine.features('2024-03-01 10:00:00 10.0.0.5 GET /default.aspx - 80 - 10.0.0.9 Mozilla/5.0 - 401 1 1909 0');
    const locked = features.causes[ids.indexOf('account-locked-out')];
    expect(locked?.figures[EVIDENCE.indexOf('decisive-rule')]).toBe(1);
    expect(locked?.rules).toContain('account-locked-out/code');
    expect(features.terms).toContain('c:win32:1909');
  });
});
