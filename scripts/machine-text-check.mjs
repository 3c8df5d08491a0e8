#!/usr/bin/env node
// Machine text is not prose (issue 9): every file a reader reads (W3C or HTTPERR log, event, error page,
// FREB trace) must give the fitted model and the phrase rules none of its words. Run on a built checkout:
//
//   node scripts/machine-text-check.mjs DIR...
//
// For each file under DIR that a reader reads, it lists the admin words left over, and fails when a phrase
// tag or a model word term came from one: then a word inside machine text could move the answer.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from '../dist/src/parse/index.js';
import { pasteTerms } from '../dist/src/model/terms.js';

const READ_KINDS = new Set(['iis-log', 'httperr-log', 'event', 'error-page', 'freb']);
const MAX_FILE = 4 * 1024 * 1024;

function* files(dir) {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (statSync(path).size <= MAX_FILE) yield path;
  }
}

const dirs = process.argv.slice(2);
if (dirs.length === 0) {
  console.error('usage: node scripts/machine-text-check.mjs DIR...');
  process.exit(2);
}
let read = 0;
const failures = [];
for (const dir of dirs) {
  for (const path of files(dir)) {
    const symptoms = parse(readFileSync(path, 'utf8'));
    if (!symptoms.kinds.some((k) => READ_KINDS.has(k))) continue;
    read++;
    const wordTerms = pasteTerms(symptoms).filter((t) => /^[wbt]:/.test(t));
    const left = (symptoms.words ?? '').replace(/\s+/g, ' ').trim();
    if (left) console.log(`${relative(dir, path)}: words left: ${JSON.stringify(left.slice(0, 120))}`);
    if (wordTerms.length > 0 && !symptoms.kinds.includes('prose')) failures.push(`${relative(dir, path)}: ${wordTerms.slice(0, 8).join(', ')}`);
    else if (symptoms.tags.length > 0 && !left) failures.push(`${relative(dir, path)}: tags ${symptoms.tags.join(', ')} with no words of the admin's`);
  }
}
console.log(`${read} files read as machine text; ${failures.length} gave the model or the phrase rules words of their own`);
for (const f of failures) console.log(`  ${f}`);
process.exit(failures.length > 0 ? 1 : 0);
