import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadKnowledgeBase } from '../../src/kb/load.js';
import type { Rule } from '../../src/kb/schema.js';
import { exportSigma } from '../../src/export/sigma.js';
import type { ExportedRule } from '../../src/export/sigma.js';
import { projectRoot } from '../../src/root.js';
import { matchesDetection } from './evaluate.js';
import { kbHoldsOn, logTextsFor, narrowerOnPurpose, parse, siemRecords } from './records.js';

// The export over the real kb: each exported rule's own samples trigger it, and over every record of
// every sample in the kb the Sigma rule fires exactly when the kb rule holds on that record.

const { kb } = loadKnowledgeBase(projectRoot());
const result = exportSigma(kb.articles);
const rulesById = new Map<string, Rule>(kb.articles.flatMap((a) => a.rules.map((r) => [r.id, r] as const)));
const exportedByRule = new Map<string, ExportedRule[]>();
for (const e of result.rules) exportedByRule.set(e.kbRule, [...(exportedByRule.get(e.kbRule) ?? []), e]);

/** Every log line and event of every sample and not-sample in the kb. */
const corpus = kb.articles.flatMap((a) =>
  a.rules.flatMap((r) =>
    [...r.samples, ...r.not_samples].flatMap((text) => {
      const symptoms = parse(text);
      return siemRecords(symptoms).map((record) => ({ text, symptoms, ...record }));
    }),
  ),
);

describe('export sigma over the real kb', () => {
  it('should match the example rule the README shows', () => {
    const readme = readFileSync(join(projectRoot(), 'README.md'), 'utf8');
    const example = result.rules.find((r) => r.file === 'windows-security/account-locked-out.code.yml');
    expect(readme).toContain(`id: ${example?.sigma.id}`);
    expect(readme).toContain(`title: "${example?.sigma.title}"`);
    expect(example?.sigma.detection.selection_code).toEqual([{ Status: ['0x80070775', '0xC0000234'] }, { SubStatus: ['0x80070775', '0xC0000234'] }, { EventID: 539 }]);
  });

  it('should export some rules for each log a SIEM reads and list the rest', () => {
    const sources = new Set(result.rules.map((r) => r.source));
    expect(sources).toEqual(new Set(['iis-log', 'httperr-log', 'windows-security', 'windows-system']));
    const total = kb.articles.reduce((n, a) => n + a.rules.length, 0);
    expect(exportedByRule.size + result.notExported.length).toBe(total);
    for (const n of result.notExported) expect(n.reason.length).toBeGreaterThan(10);
  });

  it('should keep every rule within the constraints of the Sigma rule schema', () => {
    const ids = new Set<string>();
    for (const { sigma, file } of result.rules) {
      expect(sigma.title.length, file).toBeLessThanOrEqual(256);
      expect(sigma.id, file).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      ids.add(sigma.id);
      expect(sigma.date, file).toMatch(/^\d{4}-(0[1-9]|1[012])-(0[1-9]|[12]\d|3[01])$/);
      expect(['informational', 'low', 'medium', 'high', 'critical'], file).toContain(sigma.level);
      for (const tag of sigma.tags) expect(tag, file).toMatch(/^[a-z0-9_-]+\.[a-z0-9._-]+$/);
      for (const list of [sigma.tags, sigma.references, sigma.fields, sigma.falsepositives]) expect(new Set(list).size, file).toBe(list.length);
      expect(typeof sigma.detection.condition, file).toBe('string');
      for (const [name, identifier] of Object.entries(sigma.detection)) {
        if (name === 'condition') continue;
        expect(sigma.detection.condition.split(' '), file).toContain(name);
        for (const map of Array.isArray(identifier) ? identifier : [identifier]) expect(Object.keys(map).length, `${file} ${name}`).toBeGreaterThan(0);
      }
    }
    expect(ids.size).toBe(result.rules.length);
  });

  it('should trigger every exported rule on its own samples, read as the logs write them', () => {
    let checked = 0;
    const untriggered: string[] = [];
    for (const [id, exported] of exportedByRule) {
      const rule = rulesById.get(id);
      if (!rule) throw new Error(id);
      let triggered = false;
      const replay = (text: string, from: string): void => {
        const symptoms = parse(text);
        for (const record of siemRecords(symptoms)) {
          if (narrowerOnPurpose(record) || !kbHoldsOn(rule, record.record, symptoms)) continue;
          const sigma = exported.find((e) => e.source === record.source);
          expect(sigma, `${id} holds on a ${record.source} record of "${from}" but has no Sigma rule for that log`).toBeDefined();
          expect(matchesDetection(sigma?.sigma.detection ?? {}, record.fields), `${sigma?.file} on "${from}"`).toBe(true);
          triggered = true;
          checked++;
        }
      };
      for (const text of rule.samples) replay(text, text);
      // A sample in prose or a bare code ("win32 1909", "401.4") holds no log line: replay its codes
      // written as a W3C line or an event.
      if (!triggered) for (const text of rule.samples) for (const code of parse(text).codes) for (const log of logTextsFor(code.key)) replay(log, `${text}, as ${log}`);
      if (!triggered) untriggered.push(id);
    }
    expect(checked).toBeGreaterThan(40);
    expect(untriggered).toEqual([]);
  });

  it('should fire a Sigma rule exactly when its kb rule holds, on every record of every kb sample', () => {
    const disagreements: string[] = [];
    let comparisons = 0;
    for (const item of corpus) {
      for (const exported of result.rules) {
        if (exported.source !== item.source) continue;
        if (narrowerOnPurpose(item)) continue;
        const rule = rulesById.get(exported.kbRule);
        if (!rule) throw new Error(exported.kbRule);
        const kbSays = kbHoldsOn(rule, item.record, item.symptoms);
        const sigmaSays = matchesDetection(exported.sigma.detection, item.fields);
        comparisons++;
        if (kbSays !== sigmaSays) disagreements.push(`${exported.file}: kb ${kbSays}, Sigma ${sigmaSays} on "${item.text.slice(0, 120)}"`);
      }
    }
    expect(comparisons).toBeGreaterThan(500);
    expect(disagreements).toEqual([]);
  });
});
