import { describe, expect, it } from 'vitest';
import { loadKnowledgeBase } from '../../src/kb/load.js';
import { matchRules } from '../../src/match/match.js';
import { parse } from '../../src/parse/index.js';
import { projectRoot } from '../../src/root.js';
import { realEngine } from '../helpers/kb-engine.js';

// Rules are data, and each carries the pastes that must (and must not) trigger it: this replays them all.
const { kb } = loadKnowledgeBase(projectRoot());
const causes = kb.articles.filter((a) => a.kind === 'cause');
const rules = causes.flatMap((article) => article.rules.map((rule) => ({ article, rule })));
const samples = rules.flatMap(({ rule }) => rule.samples.map((sample) => [rule.id, sample] as const));
const notSamples = rules.flatMap(({ rule }) => rule.not_samples.map((sample) => [rule.id, sample] as const));

describe('the rule corpus', () => {
  it('should give every catalog cause at least one rule with a sample', () => {
    for (const entry of kb.catalog) {
      const article = kb.byId.get(entry.id);
      expect(article?.rules.some((r) => r.samples.length > 0), entry.id).toBe(true);
    }
  });

  it.each(samples)('rule %s should fire on its sample %j', (ruleId, sample) => {
    const fired = matchRules(parse(sample), causes).map((h) => h.rule.id);
    expect(fired).toContain(ruleId);
  });

  it.each(notSamples)('rule %s should not fire on %j', (ruleId, sample) => {
    const fired = matchRules(parse(sample), causes).map((h) => h.rule.id);
    expect(fired).not.toContain(ruleId);
  });
});

describe('article samples', () => {
  const articleSamples = causes.flatMap((a) => a.samples.map((s) => [a.id, s] as const));

  it("should rank the article's cause among the first three for at least 85% of its samples", async () => {
    const engine = await realEngine();
    const misses = articleSamples.filter(([id, sample]) => !engine.diagnose(sample).causes.slice(0, 3).some((c) => c.id === id));
    expect(misses.length / articleSamples.length).toBeLessThanOrEqual(0.15);
  });
});
