import { describe, expect, it } from 'vitest';
import { toJson } from '../../src/render/json.js';
import { realEngine } from '../helpers/kb-engine.js';

const SCRIPTS = 'asp pages give 401.3 access denied after hardening';

describe('the next question in a diagnosis', () => {
  it('should ask the question that separates script-engine from NTFS permissions, and not re-rank without an answer', async () => {
    const engine = await realEngine();
    const diagnosis = engine.diagnose(SCRIPTS);
    expect(diagnosis.causes.slice(0, 2).map((c) => c.id)).toEqual(['script-engine-permissions', 'ntfs-acl-denied']);
    expect(diagnosis.question?.key).toBe('static');
    expect(diagnosis.question?.answers.map((a) => a.value)).toEqual(['only-scripts', 'everything', 'some-files']);
    expect(diagnosis.answers).toEqual([]);
    expect(engine.diagnose(SCRIPTS, { answers: {} }).causes).toEqual(diagnosis.causes);
  });

  it('should move NTFS permissions first when static files fail too, by Bayes over the probabilities', async () => {
    const engine = await realEngine();
    const before = engine.diagnose(SCRIPTS);
    const after = engine.diagnose(SCRIPTS, { answers: { static: 'everything' } });
    const p = (id: string): number => before.causes.find((c) => c.id === id)?.probability ?? 0;
    // script engine 0.05, NTFS 0.4 for "everything fails": posterior ∝ prior × likelihood.
    const ntfs = p('ntfs-acl-denied') * 0.4;
    const script = p('script-engine-permissions') * 0.05;
    expect(after.causes[0]?.id).toBe('ntfs-acl-denied');
    expect(after.causes[0]?.probability ?? 0).toBeGreaterThan(after.causes[1]?.probability ?? 1);
    expect((after.causes.find((c) => c.id === 'ntfs-acl-denied')?.probability ?? 0) / (after.causes.find((c) => c.id === 'script-engine-permissions')?.probability ?? 1)).toBeCloseTo(ntfs / script, 1);
    expect(after.answers).toEqual([expect.objectContaining({ key: 'static', value: 'everything', label: 'Everything fails, static files too' })]);
    expect(after.question?.key).not.toBe('static');
  });

  it('should keep script-engine first, more surely, when only scripts fail', async () => {
    const engine = await realEngine();
    const before = engine.diagnose(SCRIPTS).causes[0]?.probability ?? 0;
    const after = engine.diagnose(SCRIPTS, { answers: { static: 'only-scripts' } });
    expect(after.causes[0]?.id).toBe('script-engine-permissions');
    expect(after.causes[0]?.probability ?? 0).toBeGreaterThan(before);
  });

  it('should add question, answers and probability to the JSON without renaming a field', async () => {
    const json = toJson((await realEngine()).diagnose(SCRIPTS, { answers: { static: 'everything' } }));
    expect(Object.keys(json)).toEqual(expect.arrayContaining(['verdict', 'headline', 'causes', 'next', 'notes', 'kb', 'question', 'answers']));
    expect((json.causes as Array<Record<string, unknown>>)[0]).toEqual(expect.objectContaining({ id: 'ntfs-acl-denied', score: expect.any(Number), probability: expect.any(Number) }));
  });

  it('should ask nothing for help, search or a paste with nothing recognised', async () => {
    const engine = await realEngine();
    for (const text of ['help', 'search guests', 'hello there']) expect(engine.diagnose(text).question).toBeUndefined();
  });
});
