import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkQuestions } from '../../src/ask/check.js';
import { readQuestions } from '../../src/ask/load.js';
import type { Question } from '../../src/ask/schema.js';
import type { KbProblem } from '../../src/kb/load.js';
import { loadKnowledgeBase } from '../../src/kb/load.js';
import { projectRoot } from '../../src/root.js';

const CAUSES = new Set(['ntfs-acl-denied', 'script-engine-permissions']);
const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function question(answers: Question['answers']): Question {
  return { key: 'static', text: 'Static files too, or only scripts?', why: 'only the engine being refused spares static files', answers };
}

function read(yaml: string): { questions: Question[]; problems: KbProblem[] } {
  const root = mkdtempSync(join(tmpdir(), 'iis401-questions-'));
  made.push(root);
  mkdirSync(join(root, 'kb'));
  writeFileSync(join(root, 'kb', 'questions.yml'), yaml);
  const problems: KbProblem[] = [];
  return { questions: readQuestions(root, problems), problems };
}

describe('kb/questions.yml of this repository', () => {
  it('should load with no problem and hold 15 to 25 questions', () => {
    const { kb, problems } = loadKnowledgeBase(projectRoot());
    expect(problems).toEqual([]);
    expect(kb.questions?.length).toBeGreaterThanOrEqual(15);
    expect(kb.questions?.length).toBeLessThanOrEqual(25);
    expect(checkQuestions(kb.questions ?? [], new Set(kb.catalog.map((c) => c.id)))).toEqual([]);
  });
});

describe('readQuestions', () => {
  it('should report a likelihood outside 0-1 with its field', () => {
    const { questions, problems } = read(`questions:
  - key: static
    text: Static files too, or only scripts?
    why: only the engine being refused spares static files
    answers:
      - { value: only-scripts, label: Only scripts, likelihood: { ntfs-acl-denied: 1.5 }, default: 0.2 }
      - { value: everything, label: Everything, likelihood: {}, default: 0.8 }
`);
    expect(questions).toEqual([]);
    expect(problems).toEqual([expect.objectContaining({ file: 'kb/questions.yml', field: 'questions.0.answers.0.likelihood.ntfs-acl-denied', message: expect.stringContaining('0 to 1') })]);
  });

  it('should report YAML that does not parse, without throwing', () => {
    expect(read('questions: [').problems[0]?.message).toMatch(/YAML does not parse/);
  });
});

describe('checkQuestions', () => {
  it('should name a cause id that is not in the catalog', () => {
    const problems = checkQuestions([question([
      { value: 'only-scripts', label: 'Only scripts', likelihood: { 'no-such-cause': 0.9 }, default: 0.2 },
      { value: 'everything', label: 'Everything', likelihood: { 'no-such-cause': 0.1 }, default: 0.8 },
    ])], CAUSES);
    expect(problems.map((p) => p.message)).toContain('"no-such-cause" is not a cause id in kb/catalog.yml');
  });

  it('should refuse an answer with the same likelihood for every cause', () => {
    const problems = checkQuestions([question([
      { value: 'only-scripts', label: 'Only scripts', likelihood: { 'ntfs-acl-denied': 0.5 }, default: 0.5 },
      { value: 'everything', label: 'Everything', likelihood: { 'ntfs-acl-denied': 0.5 }, default: 0.5 },
    ])], CAUSES);
    expect(problems).toHaveLength(2);
    expect(problems[0]?.message).toMatch(/shifts none/);
  });

  it('should refuse likelihoods of one cause that do not add up to 1 over the answers', () => {
    const problems = checkQuestions([question([
      { value: 'only-scripts', label: 'Only scripts', likelihood: { 'script-engine-permissions': 0.9 }, default: 0.2 },
      { value: 'everything', label: 'Everything', likelihood: { 'script-engine-permissions': 0.3 }, default: 0.8 },
    ])], CAUSES);
    expect(problems).toEqual([expect.objectContaining({ field: 'questions[0] (static).likelihood.script-engine-permissions', message: expect.stringContaining('add up to 1.20') })]);
  });

  it('should refuse a key or a value used twice', () => {
    const q = question([
      { value: 'yes', label: 'Yes', likelihood: { 'ntfs-acl-denied': 0.9 }, default: 0.5 },
      { value: 'yes', label: 'Yes again', likelihood: { 'ntfs-acl-denied': 0.1 }, default: 0.5 },
    ]);
    const messages = checkQuestions([q, q], CAUSES).map((p) => p.message);
    expect(messages).toContain('question key "static" is used twice');
    expect(messages).toContain('answer value "yes" is used twice');
  });
});
