import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { libraryFeatures } from '../../bench/model-loso.js';
import { loadCases, NON_CAUSES } from '../../src/cases/load.js';
import { createEngine } from '../../src/engine.js';
import { calibrate } from '../../src/model/calibrate.js';
import { EVIDENCE } from '../../src/model/features.js';
import { MODEL_PATH, modelFingerprint, readCauseModel } from '../../src/model/file.js';
import type { CausePrediction } from '../../src/model/model.js';
import { DEFAULT_TRAINING } from '../../src/model/train.js';
import { modelAnswer, REJECT_LABELS } from '../../src/model/verdict.js';
import { projectRoot } from '../../src/root.js';

const CATALOG = ['kerberos-spn-misconfigured', 'account-locked-out'];
const CALIBRATION = { high: 0.8, medium: 0.6, notSure: 0.4 };
const evidence = (decisive: number) => ({ figures: EVIDENCE.map((name) => (name === 'decisive-rule' ? decisive : 0)), rules: [] });
const predict = (pairs: Array<[string, number]>): CausePrediction[] => pairs.map(([id, probability]) => ({ id, probability, terms: [] }));

describe('modelAnswer', () => {
  it('names the reject labels the case library uses', () => {
    expect([...REJECT_LABELS]).toEqual([...NON_CAUSES]);
  });

  it('answers "not sure" when the first cause is below the threshold, and a diagnosis above it', () => {
    const features = { terms: [], causes: [evidence(0), evidence(0)] };
    const unsure = modelAnswer(predict([['out-of-catalog', 0.5], ['kerberos-spn-misconfigured', 0.3], ['account-locked-out', 0.2]]), CATALOG, features, CALIBRATION);
    expect(unsure.verdict).toBe('not-sure');
    expect(unsure.ranked.map((p) => p.id)).toEqual(CATALOG);
    expect(unsure.unknown).toBeCloseTo(0.5);
    const sure = modelAnswer(predict([['kerberos-spn-misconfigured', 0.85], ['account-locked-out', 0.15]]), CATALOG, features, CALIBRATION);
    expect(sure).toMatchObject({ verdict: 'diagnosis', confidence: 'high' });
  });

  it('never answers "not a 401" for a paste that states a 401, and does when it states none', () => {
    const ranked = predict([['not-401', 0.6], ['kerberos-spn-misconfigured', 0.3], ['account-locked-out', 0.1]]);
    const says401 = modelAnswer(ranked, CATALOG, { terms: ['c:status:401', 'w:chrome'], causes: [evidence(0), evidence(0)] }, CALIBRATION);
    expect(says401.verdict).toBe('not-sure');
    expect(says401.ranked[0]?.id).toBe('kerberos-spn-misconfigured');
    const saysSubstatus = modelAnswer(ranked, CATALOG, { terms: ['c:substatus:401.2'], causes: [evidence(0), evidence(0)] }, CALIBRATION);
    expect(saysSubstatus.verdict).not.toBe('not-401');
    expect(modelAnswer(ranked, CATALOG, { terms: ['c:status:302'], causes: [evidence(0), evidence(0)] }, CALIBRATION).verdict).toBe('not-401');
  });

  it('puts a decisive code first and high, whatever the words say', () => {
    const features = { terms: [], causes: [evidence(0), evidence(1)] };
    const answer = modelAnswer(predict([['kerberos-spn-misconfigured', 0.9], ['account-locked-out', 0.05], ['out-of-catalog', 0.05]]), CATALOG, features, CALIBRATION);
    expect(answer.ranked[0]?.id).toBe('account-locked-out');
    expect(answer).toMatchObject({ verdict: 'diagnosis', confidence: 'high' });
  });

  it('says not-401 when that label outweighs every cause', () => {
    const features = { terms: [], causes: [evidence(0), evidence(0)] };
    const answer = modelAnswer(predict([['not-401', 0.7], ['kerberos-spn-misconfigured', 0.2], ['account-locked-out', 0.1]]), CATALOG, features, CALIBRATION);
    expect(answer.verdict).toBe('not-401');
  });
});

describe('calibrate by source family', () => {
  it('raises "high" until every family with enough answers is 95% right above it', () => {
    const family = (name: string, right: (i: number) => boolean, p: (i: number) => number) =>
      Array.from({ length: 100 }, (_, i) => ({ probability: p(i), right: right(i), family: name }));
    // "written" is right everywhere; "real" is right only above 0.8.
    const preds = [...family('written', () => true, (i) => 0.3 + i / 150), ...family('real', (i) => i >= 60, (i) => 0.3 + i / 200)];
    const pooled = calibrate(preds.map(({ probability, right }) => ({ probability, right })));
    const byFamily = calibrate(preds);
    expect(byFamily.high).toBeGreaterThan(pooled.high);
    expect(byFamily.notSure).toBeLessThanOrEqual(byFamily.medium);
    expect(byFamily.medium).toBeLessThanOrEqual(byFamily.high);
  });
});

describe('the committed model file', () => {
  it('was trained on the case library, the kb and the parser as they are now (run npm run train after editing any)', async () => {
    const root = projectRoot();
    const model = readCauseModel(root);
    expect(model, `${MODEL_PATH} is missing: run npm run train`).toBeDefined();
    const library = libraryFeatures(await createEngine(root, { model: false }), loadCases(join(root, 'cases')));
    expect(model?.fingerprint).toBe(modelFingerprint(root, DEFAULT_TRAINING, library.features));
    expect(JSON.parse(readFileSync(join(root, MODEL_PATH), 'utf8')).causes).toEqual(model?.causes);
  });

  it('knows every catalog cause and the reject labels', async () => {
    const engine = await createEngine();
    expect(engine.model?.causes).toEqual([...engine.causeIds(), ...REJECT_LABELS]);
  });
});
