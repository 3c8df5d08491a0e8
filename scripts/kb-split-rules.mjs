#!/usr/bin/env node
// Moves the matcher's data (symptoms, samples, prior, rules) out of each cause article's front matter
// into kb/rules/<id>.yml, so the article reads as a document and the rules live one file per cause.
//
//   node scripts/kb-split-rules.mjs [project root]
//
// Idempotent: an article without those keys is left alone, so it can be re-run after new articles are
// merged. The keys are moved as written (their YAML text is copied verbatim); only when a rules file
// already exists are the two merged through the YAML parser (items appended, a rule id from the article
// replacing the same id in the file, the article's prior winning).
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse, parseDocument } from 'yaml';

const ENGINE_KEYS = ['symptoms', 'samples', 'prior', 'rules'];
const TOP_LEVEL_KEY = /^([A-Za-z_][\w-]*):/;

/** Splits front-matter lines into top-level blocks: a key line and the indented lines under it. */
function blocks(lines) {
  const out = [];
  for (const line of lines) {
    const key = TOP_LEVEL_KEY.exec(line)?.[1];
    if (key !== undefined || out.length === 0) out.push({ key, lines: [line] });
    else out[out.length - 1].lines.push(line);
  }
  return out;
}

function header(id) {
  return `# The matcher's data for kb/causes/${id}.md: search phrases, samples that must diagnose there, the prior,\n# and the rules (native field names; see kb/README.md "Rules"). Validated by the same schema as before.\n`;
}

function mergeInto(file, moved) {
  const doc = parseDocument(readFileSync(file, 'utf8'));
  for (const key of ['symptoms', 'samples']) {
    if (!moved[key]) continue;
    const have = new Set((doc.get(key)?.toJSON?.() ?? []).map(String));
    for (const item of moved[key]) if (!have.has(String(item))) doc.addIn([key], item);
  }
  if (moved.prior !== undefined) doc.set('prior', moved.prior);
  if (moved.rules) {
    const rules = doc.get('rules')?.toJSON?.() ?? [];
    for (const rule of moved.rules) {
      const at = rules.findIndex((r) => r.id === rule.id);
      if (at >= 0) rules[at] = rule;
      else rules.push(rule);
    }
    doc.set('rules', rules);
  }
  return doc.toString({ lineWidth: 0 });
}

/** Moves one article's engine keys; returns the keys it moved (none when there was nothing to do). */
export function splitArticle(root, name) {
  const path = join(root, 'kb', 'causes', name);
  const original = readFileSync(path, 'utf8');
  const eol = original.includes('\r\n') ? '\r\n' : '\n';
  const text = original.split('\r\n').join('\n');
  if (!text.startsWith('---\n')) return [];
  const end = text.indexOf('\n---\n', 3);
  if (end < 0) return [];
  const front = text.slice(4, end).split('\n');
  const parts = blocks(front);
  const engine = parts.filter((b) => ENGINE_KEYS.includes(b.key));
  if (engine.length === 0) return [];
  const id = parse(text.slice(4, end))?.id ?? name.replace(/\.md$/, '');
  const rulesDir = join(root, 'kb', 'rules');
  const rulesFile = join(rulesDir, `${id}.yml`);
  mkdirSync(rulesDir, { recursive: true });
  const ordered = ENGINE_KEYS.flatMap((key) => engine.filter((b) => b.key === key));
  const movedText = ordered.map((b) => b.lines.join('\n')).join('\n');
  let output;
  if (existsSync(rulesFile)) output = mergeInto(rulesFile, parse(movedText) ?? {});
  else output = `${header(id)}id: ${id}\n${movedText.replace(/\n*$/, '\n')}`;
  const kept = parts.filter((b) => !ENGINE_KEYS.includes(b.key)).flatMap((b) => b.lines);
  const article = `---\n${kept.join('\n')}${text.slice(end)}`;
  writeFileSync(rulesFile, output.split('\n').join(eol));
  writeFileSync(path, article.split('\n').join(eol));
  return ordered.map((b) => b.key);
}

export function splitAll(root) {
  const dir = join(root, 'kb', 'causes');
  const moved = [];
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.md')).sort()) {
    const keys = splitArticle(root, name);
    if (keys.length > 0) moved.push({ name, keys });
  }
  return moved;
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('kb-split-rules.mjs')) {
  const root = resolve(process.argv[2] ?? '.');
  const moved = splitAll(root);
  for (const { name, keys } of moved) process.stdout.write(`kb/causes/${name}: moved ${keys.join(', ')} to kb/rules/${name.replace(/\.md$/, '.yml')}\n`);
  process.stdout.write(moved.length === 0 ? 'nothing to move: every article keeps its rules in kb/rules/\n' : `${moved.length} article(s) split\n`);
}
