import { describe, expect, it } from 'vitest';
import { CaseIndex, DEFAULT_RETRIEVAL, retrievalTerms, similarityVote } from '../../src/model/retrieval.js';
import type { RetrievalCase } from '../../src/model/retrieval.js';
import { pasteTerms } from '../../src/model/terms.js';
import { parse } from '../../src/parse/index.js';
import { blendPredictions, nestedBlendWeights, retrievalLeaveOneGroupOut, votePredictions } from '../../bench/retrieval-loso.js';
import type { CausePrediction } from '../../src/model/model.js';

const prose = (text: string, expect: string[]): RetrievalCase => ({ terms: pasteTerms(parse(text)), expect });
const LIBRARY: RetrievalCase[] = [
  prose('Safari on the Mac keeps asking for a password on our intranet site, Chrome and Edge sign in fine', ['safari-ntlm']),
  prose('Users get prompted for credentials because the SPN for the app pool account is missing, setspn shows nothing', ['kerberos-spn']),
  prose('The folder permissions were changed and now the app pool identity cannot read the web.config, access denied', ['ntfs-acl-denied']),
  prose('Browsing the site on the server itself with its host name fails but from other machines it works', ['loopback-check']),
  prose('Kerberos fails after we added a DNS alias, klist shows no ticket for the alias, setspn for the alias is missing', ['kerberos-spn', 'kerberos-alias']),
];

describe('case retrieval', () => {
  it('finds an exact duplicate of a case first, and its votes add up to 1', () => {
    const index = CaseIndex.build(LIBRARY);
    LIBRARY.forEach((c, i) => {
      const found = index.retrieve(c.terms);
      expect(found.neighbours[0]?.index).toBe(i);
      expect(found.votes.reduce((sum, v) => sum + v.probability, 0)).toBeCloseTo(1, 12);
      expect(found.votes[0]?.id).toBe(c.expect[0]);
    });
  });

  it('gives the same neighbours and votes on every build and run', () => {
    const query = pasteTerms(parse('prompted for a password, setspn, kerberos ticket for the alias'));
    const runs = [CaseIndex.build(LIBRARY), CaseIndex.build(LIBRARY)].map((index) => JSON.stringify([index.retrieve(query), index.retrieve(query)]));
    expect(runs[0]).toBe(runs[1]);
    expect(JSON.parse(runs[0] ?? '[]')[0].neighbours.length).toBeGreaterThan(1);
  });

  it('splits a two-cause case vote and lets the closest case weigh most', () => {
    const votes = similarityVote([{ index: 0, similarity: 4, expect: ['a', 'b'] }, { index: 1, similarity: 2, expect: ['c'] }], 2);
    expect(votes).toEqual([{ id: 'a', probability: 0.4 }, { id: 'b', probability: 0.4 }, { id: 'c', probability: 0.2 }]);
  });

  it('reads no machine text: a log line whose user agent says Safari does not find the Safari case', () => {
    const index = CaseIndex.build(LIBRARY);
    const logLine = '2024-01-01 10:00:00 10.0.0.1 GET /intranet/ - 80 - 10.0.0.9 Mozilla/5.0+(Macintosh;+Intel+Mac+OS+X+10_15_7)+AppleWebKit/605.1.15+(KHTML,+like+Gecko)+Version/17.0+Safari/605.1.15 - 401 2 5 0';
    const { words, codes } = retrievalTerms(pasteTerms(parse(logLine)));
    expect([...words, ...codes].some((t) => /safari|mac|mozilla|applewebkit/.test(t))).toBe(false);
    expect(index.retrieve(pasteTerms(parse(logLine))).neighbours.map((n) => n.index)).not.toContain(0);
    // The admin saying it in words does find it.
    expect(index.retrieve(pasteTerms(parse('Safari keeps asking for a password'))).neighbours[0]?.index).toBe(0);
  });

  it('turns the vote into predictions over every label, and blends only where there is a vote', () => {
    const labels = ['a', 'b', 'c'];
    const found = { neighbours: [{ index: 0, similarity: 1, expect: ['b'] }], votes: [{ id: 'b', probability: 1 }] };
    expect(votePredictions(found, labels).map((p) => [p.id, p.probability])).toEqual([['b', 1], ['a', 0], ['c', 0]]);
    const model: CausePrediction[] = [{ id: 'a', probability: 0.6, terms: [] }, { id: 'b', probability: 0.3, terms: [] }, { id: 'c', probability: 0.1, terms: [] }];
    expect(blendPredictions(model, found, 0.5).map((p) => [p.id, p.probability])).toEqual([['b', 0.65], ['a', 0.3], ['c', 0.05]]);
    expect(blendPredictions(model, { neighbours: [], votes: [] }, 0.5)).toEqual(model);
  });
});

describe('retrieval leave one source group out', () => {
  // Every group tells the same three stories, each group with its own label for them: a group's own cases
  // in its index would be its nearest neighbours and vote its own labels.
  const STORIES = ['setspn shows the spn on the wrong account', 'folder permissions changed, access denied', 'the server itself with its host name fails'];
  const GROUPS = ['one', 'two', 'three'];
  const cases = GROUPS.flatMap((group) => STORIES.map((story) => ({ group, expect: [`${group}-label`], terms: pasteTerms(parse(story)) })));
  const labels = GROUPS.map((g) => `${g}-label`);

  it('never lets a group own cases into the index that answers it', () => {
    const found = retrievalLeaveOneGroupOut(cases, cases.map((c) => c.terms), labels);
    found.forEach((r, i) => {
      const group = cases[i]?.group;
      expect(r.neighbours.length).toBeGreaterThan(0);
      for (const n of r.neighbours) expect(cases[n.index]?.group).not.toBe(group);
      expect(r.votes.map((v) => v.id)).not.toContain(`${group}-label`);
    });
  });

  it('answers as an index built from the other groups alone would', () => {
    const found = retrievalLeaveOneGroupOut(cases, cases.map((c) => c.terms), labels);
    cases.forEach((c, i) => {
      const others = cases.flatMap((o, j) => (o.group === c.group ? [] : [j]));
      const fresh = CaseIndex.build(others.map((j) => cases[j] as RetrievalCase)).retrieve(c.terms, DEFAULT_RETRIEVAL);
      expect(found[i]?.neighbours.map((n) => n.index)).toEqual(fresh.neighbours.map((n) => others[n.index]));
      fresh.neighbours.forEach((n, k) => expect(found[i]?.neighbours[k]?.similarity).toBeCloseTo(n.similarity, 9));
    });
  });

  it('chooses each group blend weight on the other groups only', () => {
    // Group "one" is right only with the vote (weight 1), the others only without it (weight 0).
    const groups = ['one', 'one', 'two', 'three'];
    const model = groups.map((): CausePrediction[] => [{ id: 'x', probability: 0.9, terms: [] }, { id: 'y', probability: 0.1, terms: [] }]);
    const found = groups.map(() => ({ neighbours: [{ index: 0, similarity: 1, expect: ['y'] }], votes: [{ id: 'y', probability: 1 }] }));
    const right = (i: number, p: readonly CausePrediction[]): boolean => p[0]?.id === (groups[i] === 'one' ? 'y' : 'x');
    const weights = nestedBlendWeights(groups, model, found, right);
    expect(weights.get('one')).toBe(0);
    // Without "two", group one's two cases outvote group three's one: the least weight that puts y first.
    expect(weights.get('two')).toBe(0.5);
    expect(weights.get('three')).toBe(0.5);
  });
});
