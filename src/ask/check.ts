import type { KbProblem } from '../kb/load.js';
import { QUESTIONS_FILE } from './load.js';
import { likelihoodOf } from './likelihood.js';
import type { Question } from './schema.js';

/** How far a cause's answers may add up away from 1 (the figures are written to two decimals). */
export const SUM_TOLERANCE = 0.011;

/**
 * What the schema cannot see: unknown cause ids, duplicate keys and values, answers of one cause that do
 * not add up to 1, and answers that shift no cause (the same likelihood for every cause says nothing).
 */
export function checkQuestions(questions: readonly Question[], causeIds: ReadonlySet<string>): KbProblem[] {
  const problems: KbProblem[] = [];
  const keys = new Set<string>();
  questions.forEach((question, q) => {
    const at = (rest: string): string => `questions[${q}] (${question.key})${rest}`;
    if (keys.has(question.key)) problems.push({ file: QUESTIONS_FILE, field: at('.key'), message: `question key "${question.key}" is used twice` });
    keys.add(question.key);
    const values = new Set<string>();
    const named = new Set<string>();
    question.answers.forEach((answer, a) => {
      if (values.has(answer.value)) problems.push({ file: QUESTIONS_FILE, field: at(`.answers[${a}].value`), message: `answer value "${answer.value}" is used twice` });
      values.add(answer.value);
      for (const id of Object.keys(answer.likelihood)) {
        named.add(id);
        if (!causeIds.has(id)) problems.push({ file: QUESTIONS_FILE, field: at(`.answers[${a}].likelihood.${id}`), message: `"${id}" is not a cause id in kb/catalog.yml` });
      }
      const figures = new Set([answer.default, ...Object.values(answer.likelihood)]);
      if (figures.size === 1) problems.push({ file: QUESTIONS_FILE, field: at(`.answers[${a}]`), message: `answer "${answer.value}" has the same likelihood for every cause, so it shifts none: give the causes it separates their own figures` });
    });
    for (const id of ['', ...named]) {
      const total = question.answers.reduce((sum, answer) => sum + (id === '' ? answer.default : likelihoodOf(answer, id)), 0);
      if (Math.abs(total - 1) > SUM_TOLERANCE) {
        problems.push({ file: QUESTIONS_FILE, field: at(id === '' ? '.default' : `.likelihood.${id}`), message: `the answers' ${id === '' ? 'defaults' : `likelihoods for ${id}`} add up to ${total.toFixed(2)}, not 1 (each is P(answer | cause))` });
      }
    }
  });
  return problems;
}
