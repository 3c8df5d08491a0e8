// `npm run train`: fits the cause model on the whole case library and writes model/cause-model.json.
// The confidence thresholds come from leave-one-source-group-out predictions, so "high" means on a new
// family of sources what it says. Deterministic: the same library gives the same file, byte for byte.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadCases } from '../src/cases/load.js';
import { createEngine } from '../src/engine.js';
import { calibrate } from '../src/model/calibrate.js';
import { MODEL_PATH, modelFingerprint } from '../src/model/file.js';
import { DEFAULT_TRAINING, trainCauseModel } from '../src/model/train.js';
import { projectRoot } from '../src/root.js';
import { heldOutCalibrationInputs, leaveOneGroupOut, libraryFeatures, trainingCases } from './model-loso.js';

const root = projectRoot();
const engine = await createEngine(root, { model: false });
const cases = loadCases(join(root, 'cases'));
const library = libraryFeatures(engine, cases);
const heldOut = leaveOneGroupOut(cases, library);
const calibration = calibrate(heldOutCalibrationInputs(cases, library, heldOut));
const model = trainCauseModel(library.labels, trainingCases(cases, library, () => true), calibration, modelFingerprint(root, DEFAULT_TRAINING, library.features));
const file = join(root, MODEL_PATH);
mkdirSync(dirname(file), { recursive: true });
writeFileSync(file, `${JSON.stringify(model)}\n`);
const postings = Object.values(model.terms).reduce((n, p) => n + p.split(' ').length, 0);
console.log(`${MODEL_PATH}: ${model.trainedOn} cases, ${Object.keys(model.terms).length} terms (${postings} weights), thresholds high ${calibration.high}, medium ${calibration.medium}, not sure below ${calibration.notSure}`);
