import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CaseLibraryError, NON_CAUSES, loadCases, parseCaseFile } from '../../src/cases/load.js';
import { loadKnowledgeBase } from '../../src/kb/load.js';
import { projectRoot } from '../../src/root.js';

describe('the case library (cases/*.jsonl)', () => {
  const cases = loadCases(join(projectRoot(), 'cases'));

  it('should give every case a unique id, an input, a source, an era and a kind, and expect only catalog causes or a named non-cause', () => {
    const catalog = new Set(loadKnowledgeBase(projectRoot()).kb.catalog.map((c) => c.id));
    const allowed = new Set<string>([...catalog, ...NON_CAUSES]);
    const ids = new Set<string>();
    for (const c of cases) {
      expect(ids.has(c.id), `duplicate id ${c.id}`).toBe(false);
      ids.add(c.id);
      for (const id of c.expect) expect(allowed.has(id), `${c.id} expects unknown cause ${id}`).toBe(true);
      expect(c.source, c.id).toBeTruthy();
    }
    expect(new Set(cases.map((c) => c.group)).size).toBeGreaterThanOrEqual(2);
  });

  it('should name the file, line and field of a bad case', () => {
    const bad = '{"id":"x-0001","input":"401","expect":["loopback-check"],"source":"written:one-line","era":"iis99","kind":"prose"}\nnot json\n';
    expect(() => parseCaseFile(bad, 'x')).toThrow(CaseLibraryError);
    expect(() => parseCaseFile(bad, 'x')).toThrow(/x\.jsonl:1: era.*\n.*x\.jsonl:2: not valid JSON/);
  });
});
