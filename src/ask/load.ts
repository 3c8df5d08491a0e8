import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { KbProblem } from '../kb/load.js';
import { questionFileSchema } from './schema.js';
import type { Question } from './schema.js';

export const QUESTIONS_FILE = 'kb/questions.yml';

/** Reads kb/questions.yml; problems name the file and field. No file means no questions, not an error. */
export function readQuestions(root: string, problems: KbProblem[]): Question[] {
  const file = join(root, QUESTIONS_FILE);
  if (!existsSync(file)) return [];
  let data: unknown;
  try {
    data = parseYaml(readFileSync(file, 'utf8'));
  } catch (error) {
    problems.push({ file: QUESTIONS_FILE, message: `YAML does not parse: ${(error as Error).message.split('\n')[0]}` });
    return [];
  }
  const result = questionFileSchema.safeParse(data);
  if (!result.success) {
    for (const issue of result.error.issues) problems.push({ file: QUESTIONS_FILE, field: issue.path.join('.') || 'questions', message: issue.message });
    return [];
  }
  return result.data.questions;
}
