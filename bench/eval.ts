// `npm run eval`: the engine's answers scored over the case library, per source group.
//
//   node dist/bench/eval.js
//
// The rule engine has no fitted part yet, so "leave one group out" is the same as scoring every group as
// it is; what is not the same is whether the rules were tuned on a group. TUNED_ON names the groups the
// rules and phrases were adjusted on: their figures flatter. The honest figure is the one over the rest.
import { join } from 'node:path';
import { loadCases } from '../src/cases/load.js';
import type { Case } from '../src/cases/load.js';
import { formatFigures, scoreAnswers } from '../src/cases/score.js';
import type { Answer } from '../src/cases/score.js';
import { createEngine } from '../src/engine.js';
import { projectRoot } from '../src/root.js';
import { heldOutAnswers, leaveOneGroupOut, libraryFeatures } from './model-loso.js';
import { compareRetrieval } from './retrieval-compare.js';

/** Groups whose misses were fixed by editing rules or phrases (sessions before the case library). */
export const TUNED_ON: ReadonlySet<string> = new Set([
  'client-side-and-browser', 'dev-seeds', 'enterprise-apps-on-iis', 'forum-style', 'iis5-6-era', 'mixed-all-eras',
  'modern-stack-questions', 'modern-stack-questions-2', 'pasted-material-from-threads', 'rare-causes-and-pastes',
  'restated-project-issues', 'restated-public-threads', 'restated-qa-threads', 'terse-inputs', 'written-kb-audit-causes',
]);

const engine = await createEngine(projectRoot(), { model: false });
const cases = loadCases(join(projectRoot(), 'cases'));
const answers: Answer[] = cases.map((c) => {
  const d = engine.diagnose(c.input);
  const first = d.causes[0];
  return { causes: d.causes.map((x) => x.id), verdict: d.verdict, ...(first ? { confidence: first.confidence } : {}) };
});
const pick = (keep: (c: Case) => boolean): [Case[], Answer[]] => {
  const idx = cases.map((c, i) => (keep(c) ? i : -1)).filter((i) => i >= 0);
  return [idx.map((i) => cases[i] as Case), idx.map((i) => answers[i] as Answer)];
};
const [heldCases, heldAnswers] = pick((c) => !TUNED_ON.has(c.group));
const [tunedCases, tunedAnswers] = pick((c) => TUNED_ON.has(c.group));
console.log(formatFigures(scoreAnswers(heldCases, heldAnswers), `Groups never tuned on (${heldCases.length} cases): the honest figures`));
console.log('');
console.log(formatFigures(scoreAnswers(tunedCases, tunedAnswers), `Groups the rules were tuned on (${tunedCases.length} cases): these flatter`));

// The fitted model, leave one source group out: every figure below comes from a model that never saw the group.
const library = libraryFeatures(engine, cases);
const heldOut = leaveOneGroupOut(cases, library);
// Thresholds from the same out-of-fold predictions they label: each prediction is held out by source, the
// three thresholds are the only thing fitted on them (a small optimism, stated in the README).
const { answers: modelAnswers, calibration } = heldOutAnswers(cases, library, heldOut, answers);
console.log('');
console.log(formatFigures(scoreAnswers(cases, modelAnswers), `Fitted model, leave one source group out (${cases.length} cases; thresholds high ${calibration.high}, medium ${calibration.medium}, not sure below ${calibration.notSure})`));
console.log('');
console.log(formatFigures(scoreAnswers(cases, answers), `Rule engine over the same ${cases.length} cases, for comparison`));

// The second approach (issue 9): case retrieval alone and blended with the model, each leave one group out.
console.log('');
console.log(compareRetrieval(cases, library, heldOut, answers));
