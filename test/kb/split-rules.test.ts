import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { kbFingerprint } from '../../src/kb/cache.js';
import { checkKnowledgeBase } from '../../src/kb/check.js';
import { loadKnowledgeBase } from '../../src/kb/load.js';
import { projectRoot } from '../../src/root.js';

// scripts/kb-split-rules.mjs is re-run by hand after articles in the old format are merged, so it is
// tested the way it is used: spawned on a copy of a kb, twice.
const SCRIPT = join(projectRoot(), 'scripts', 'kb-split-rules.mjs');
const VALID = join(import.meta.dirname, '..', 'fixtures', 'kb', 'valid');
const made: string[] = [];

const OLD_FORMAT = `---
id: gamma-cause
kind: cause
title: Gamma cause written in the old format
summary: An article added later, with its rules still in the front matter.
substatus: ["401.2"]
iis: ["7.5+"]
symptoms:
  - "gamma symptom"
related: [alpha-cause]
sources: ["test fixture"]
samples: ["gamma 1331"]
prior: 0.35
rules:
- id: gamma-cause/code
  weight: 9
  why: 1331 means gamma here
  when:
    code: {any: ['win32:1331']}
  samples: ['win32 1331']
---

# Gamma cause written in the old format

## Symptoms

Gamma.

## Why it happens

Because.

## Fix

1. Check: \`appcmd list site\`.

## Check that it worked

It works.

## Related

- [Alpha](alpha-cause.md)
`;

function kbWithOldArticle(): string {
  const root = mkdtempSync(join(tmpdir(), 'iis401-split-'));
  made.push(root);
  cpSync(VALID, root, { recursive: true });
  writeFileSync(join(root, 'kb', 'causes', 'gamma-cause.md'), OLD_FORMAT);
  const catalog = join(root, 'kb', 'catalog.yml');
  writeFileSync(catalog, `${readFileSync(catalog, 'utf8')}  - id: gamma-cause\n    title: Gamma\n`);
  return root;
}

function run(root: string): string {
  const result = spawnSync(process.execPath, [SCRIPT, root], { encoding: 'utf8', timeout: 20_000 });
  expect(result.status, result.stderr).toBe(0);
  return result.stdout;
}

function engineData(root: string) {
  return loadKnowledgeBase(root).kb.articles.map((a) => ({ id: a.id, symptoms: a.symptoms, samples: a.samples, prior: a.prior, rules: a.rules }));
}

function snapshot(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const dir of ['causes', 'rules']) for (const name of readdirSync(join(root, 'kb', dir))) out[`${dir}/${name}`] = readFileSync(join(root, 'kb', dir, name), 'utf8');
  return out;
}

afterEach(() => {
  for (const root of made.splice(0)) rmSync(root, { recursive: true, force: true });
});

describe('scripts/kb-split-rules.mjs', () => {
  it('should move rules, samples, prior and symptoms of an article added later into kb/rules/<id>.yml, unchanged', () => {
    const root = kbWithOldArticle();
    const before = engineData(root);
    expect(run(root)).toContain('kb/causes/gamma-cause.md: moved symptoms, samples, prior, rules');
    expect(engineData(root)).toEqual(before);
    const article = loadKnowledgeBase(root).kb.byId.get('gamma-cause');
    expect(article?.engineKeysInFrontMatter).toEqual([]);
    expect(article?.rulesPath).toBe('kb/rules/gamma-cause.yml');
    const { kb, problems } = loadKnowledgeBase(root);
    expect([...problems, ...checkKnowledgeBase(kb)].filter((p) => p.field !== 'index')).toEqual([]);
  });

  it('should change nothing when run again', () => {
    const root = kbWithOldArticle();
    run(root);
    const once = snapshot(root);
    expect(run(root)).toContain('nothing to move');
    expect(snapshot(root)).toEqual(once);
  });

  it('should merge into a rules file that already exists, the article winning on the same rule id', () => {
    const root = kbWithOldArticle();
    run(root);
    const path = join(root, 'kb', 'causes', 'gamma-cause.md');
    const extra = "prior: 0.5\nrules:\n- id: gamma-cause/code\n  weight: 7\n  why: 1331 still means gamma\n  when: {code: 'win32:1331'}\n- id: gamma-cause/words\n  weight: 4\n  why: the word gamma\n  when: {text: {any: [gamma]}}\n  samples: [gamma words]\n";
    writeFileSync(path, readFileSync(path, 'utf8').replace('sources: ["test fixture"]\n', `sources: ["test fixture"]\n${extra}`));
    run(root);
    const article = loadKnowledgeBase(root).kb.byId.get('gamma-cause');
    expect(article?.engineKeysInFrontMatter).toEqual([]);
    expect(article?.prior).toBe(0.5);
    expect(article?.rules.map((r) => [r.id, r.weight])).toEqual([['gamma-cause/code', 7], ['gamma-cause/words', 4]]);
  });

  it('should leave the kb of this repository with nothing to move', () => {
    const root = mkdtempSync(join(tmpdir(), 'iis401-split-'));
    made.push(root);
    cpSync(join(projectRoot(), 'kb'), join(root, 'kb'), { recursive: true });
    expect(run(root)).toContain('nothing to move');
  });
});

describe('the kb fingerprint', () => {
  it('should change when a rules file changes, so the cache never serves stale rules', () => {
    const root = kbWithOldArticle();
    run(root);
    const before = kbFingerprint(root);
    const file = join(root, 'kb', 'rules', 'gamma-cause.yml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('weight: 9', 'weight: 8'));
    expect(kbFingerprint(root)).not.toBe(before);
  });
});
