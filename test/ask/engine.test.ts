import { describe, expect, it } from 'vitest';
import { toJson } from '../../src/render/json.js';
import { realEngine } from '../helpers/kb-engine.js';

// Vague enough that the static-files question moves the first cause.
const SCRIPTS = 'we get 401.3 on the aspx pages';

describe('the next question in a diagnosis', () => {
  it('should ask the question that separates script-engine from NTFS permissions, and not re-rank without an answer', async () => {
    const engine = await realEngine();
    const diagnosis = engine.diagnose(SCRIPTS);
    expect(diagnosis.causes[0]?.id).toBe('ntfs-acl-denied');
    expect(diagnosis.causes.slice(0, 3).map((c) => c.id)).toContain('script-engine-permissions');
    expect(diagnosis.question?.key).toBe('static');
    expect(diagnosis.question?.answers.map((a) => a.value)).toEqual(['only-scripts', 'everything', 'some-files']);
    expect(diagnosis.answers).toEqual([]);
    expect(engine.diagnose(SCRIPTS, { answers: {} }).causes).toEqual(diagnosis.causes);
  });

  it('should move the script engine first when only scripts fail, by Bayes over the probabilities', async () => {
    const engine = await realEngine();
    const before = engine.diagnose(SCRIPTS);
    const after = engine.diagnose(SCRIPTS, { answers: { static: 'only-scripts' } });
    const p = (id: string): number => before.causes.find((c) => c.id === id)?.probability ?? 0;
    // script engine 0.9, NTFS 0.1 for "only scripts fail": posterior ∝ prior × likelihood.
    const ntfs = p('ntfs-acl-denied') * 0.1;
    const script = p('script-engine-permissions') * 0.9;
    expect(after.causes[0]?.id).toBe('script-engine-permissions');
    expect(after.causes[0]?.probability ?? 0).toBeGreaterThan(after.causes[1]?.probability ?? 1);
    expect((after.causes.find((c) => c.id === 'ntfs-acl-denied')?.probability ?? 0) / (after.causes.find((c) => c.id === 'script-engine-permissions')?.probability ?? 1)).toBeCloseTo(ntfs / script, 1);
    expect(after.answers).toEqual([expect.objectContaining({ key: 'static', value: 'only-scripts', label: 'Static files load, scripts fail' })]);
    expect(after.question?.key).not.toBe('static');
  });

  it('should keep NTFS permissions first, and the script engine less likely, when static files fail too', async () => {
    const engine = await realEngine();
    const script = (d: ReturnType<typeof engine.diagnose>): number => d.causes.find((c) => c.id === 'script-engine-permissions')?.probability ?? 0;
    const before = engine.diagnose(SCRIPTS);
    const after = engine.diagnose(SCRIPTS, { answers: { static: 'everything' } });
    expect(after.causes[0]?.id).toBe('ntfs-acl-denied');
    expect(script(after)).toBeLessThan(script(before));
  });

  it('should add question, answers and probability to the JSON without renaming a field', async () => {
    const json = toJson((await realEngine()).diagnose(SCRIPTS, { answers: { static: 'only-scripts' } }));
    expect(Object.keys(json)).toEqual(expect.arrayContaining(['verdict', 'headline', 'causes', 'next', 'notes', 'kb', 'question', 'answers']));
    expect((json.causes as Array<Record<string, unknown>>)[0]).toEqual(expect.objectContaining({ id: 'script-engine-permissions', score: expect.any(Number), probability: expect.any(Number) }));
  });

  it('should ask nothing for help, search or a paste with nothing recognised', async () => {
    const engine = await realEngine();
    for (const text of ['help', 'search guests', 'hello there']) expect(engine.diagnose(text).question).toBeUndefined();
  });
});
