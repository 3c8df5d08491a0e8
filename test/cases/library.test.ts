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

  it('should hold at least 3,000 cases and at least 40 for every catalog cause (issue 9), written cases labelled as written', () => {
    expect(cases.length).toBeGreaterThanOrEqual(3000);
    const perCause = new Map<string, number>();
    for (const c of cases) for (const id of c.expect) perCause.set(id, (perCause.get(id) ?? 0) + 1);
    for (const entry of loadKnowledgeBase(projectRoot()).kb.catalog) {
      expect(perCause.get(entry.id) ?? 0, entry.id).toBeGreaterThanOrEqual(40);
    }
    // A group is one family of sources: a written voice never shares a file with real reports.
    for (const c of cases) if (c.group.startsWith('written-')) expect(c.source, c.id).toMatch(/^written:/);
  });

  it('should name the file, line and field of a bad case', () => {
    const bad = '{"id":"x-0001","input":"401","expect":["loopback-check"],"source":"written:one-line","era":"iis99","kind":"prose"}\nnot json\n';
    expect(() => parseCaseFile(bad, 'x')).toThrow(CaseLibraryError);
    expect(() => parseCaseFile(bad, 'x')).toThrow(/x\.jsonl:1: era.*\n.*x\.jsonl:2: not valid JSON/);
  });
});
