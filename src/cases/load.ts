import { readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { z } from 'zod';

/** The case library's format (cases-spec: one file per source group, one case per line). */
export const ERAS = ['iis5', 'iis6', 'iis7', 'iis7.5', 'iis8', 'iis8.5', 'iis10', 'unknown'] as const;
export const KINDS = ['prose', 'question', 'one-line', 'log', 'event', 'page', 'freb', 'mixed', 'command'] as const;
/** Expectations that are not catalog causes. */
export const NON_CAUSES = ['out-of-catalog', 'not-401'] as const;

const CaseSchema = z.object({
  id: z.string().min(1),
  input: z.string().min(1),
  expect: z.array(z.string().min(1)).min(1),
  source: z.string().min(1),
  era: z.enum(ERAS),
  kind: z.enum(KINDS),
});

export type Case = z.infer<typeof CaseSchema> & { readonly group: string };

export class CaseLibraryError extends Error {
  readonly code = 'IIS401_CASES_INVALID';
}

/** Every case of one `<group>.jsonl` file; a bad line is named by file, line and field. */
export function parseCaseFile(text: string, group: string): Case[] {
  const cases: Case[] = [];
  const problems: string[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      problems.push(`${group}.jsonl:${i + 1}: not valid JSON`);
      return;
    }
    const parsed = CaseSchema.safeParse(value);
    if (!parsed.success) {
      problems.push(`${group}.jsonl:${i + 1}: ${parsed.error.issues.map((x) => `${x.path.join('.') || 'case'}: ${x.message}`).join('; ')}`);
      return;
    }
    cases.push({ ...parsed.data, group });
  });
  if (problems.length > 0) throw new CaseLibraryError(`the case library has ${problems.length} bad line(s):\n${problems.join('\n')}`);
  return cases;
}

/** The cases of one source group, `dir/<group>.jsonl`. */
export function loadCaseGroup(dir: string, group: string): Case[] {
  return parseCaseFile(readFileSync(join(dir, `${group}.jsonl`), 'utf8'), group);
}

/** All cases of `dir` (cases/), files in name order so every reader sees the same order. */
export function loadCases(dir: string): Case[] {
  const files = readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort();
  return files.flatMap((f) => parseCaseFile(readFileSync(join(dir, f), 'utf8'), basename(f, '.jsonl')));
}
