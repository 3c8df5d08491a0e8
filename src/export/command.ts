import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { loadKnowledgeBase } from '../kb/load.js';
import { formatProblems } from '../kb/check.js';
import { projectRoot } from '../root.js';
import { LOG_SOURCES } from './log-sources.js';
import { INDEX_MARKER, indexMarkdown, notExportedLines, ruleYaml } from './render.js';
import { exportSigma } from './sigma.js';

// `iis401 export sigma [--out DIR]`: the kb rules as Sigma rule files for a SIEM. The argument parsing
// lives here, not in cli.ts, so the command stays one self-contained module.

export const EXPORT_USAGE = `Usage: iis401 export sigma [--out DIR]

Writes the knowledge base's rules as Sigma rules (one .yml per rule and log source) into DIR
(default ./iis401-sigma), with DIR/README.md listing every rule and the rules that Sigma cannot
express, with the reason. DIR must be empty, new, or an earlier export (which is replaced).
Article links use KB_BASE_URL when it is set, else the repository path (kb/causes/<id>.md).

Convert with sigma-cli, for example:
  sigma convert -t splunk -p splunk_windows DIR/windows-security      (Splunk SPL)
  sigma convert -t lucene -p ecs_windows DIR/windows-security         (Elastic, Winlogbeat ECS)
  sigma convert -t kusto -p azure_monitor DIR/windows-security        (Sentinel, SecurityEvent)
  sigma convert -t splunk --without-pipeline DIR/iis-log              (W3C fields as logged)

Exit codes: 0 written, 1 an error (the kb is broken, DIR holds other files), 2 a usage error.`;

export const DEFAULT_OUT = 'iis401-sigma';

class ExportUsageError extends Error {}

function parseArgs(args: readonly string[]): { help: boolean; out: string } {
  let out = DEFAULT_OUT;
  let format: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--help' || arg === '-h') return { help: true, out };
    if (arg === '--out' || arg === '-o') {
      const value = args[i + 1];
      if (value === undefined || value === '') throw new ExportUsageError(`${arg} needs a folder`);
      out = value;
      i++;
    } else if (arg.startsWith('--out=')) out = arg.slice('--out='.length);
    else if (arg.startsWith('-')) throw new ExportUsageError(`unknown option ${arg}`);
    else if (format === undefined) format = arg;
    else throw new ExportUsageError(`unexpected argument "${arg}"`);
  }
  if (format === undefined) throw new ExportUsageError('export needs a format: iis401 export sigma [--out DIR]');
  if (format !== 'sigma') throw new ExportUsageError(`unknown export format "${format}" (only "sigma")`);
  if (out === '') throw new ExportUsageError('--out needs a folder');
  return { help: false, out };
}

/** Empties an earlier export; refuses a folder that holds anything else, so no one's files are lost. */
function prepare(dir: string): void {
  if (!existsSync(dir)) {
    mkdirSync(dir, { recursive: true });
    return;
  }
  if (!statSync(dir).isDirectory()) throw new Error(`iis401: ${dir} is a file, not a folder`);
  const entries = readdirSync(dir);
  if (entries.length === 0) return;
  const index = join(dir, 'README.md');
  const ours = existsSync(index) && readFileSync(index, 'utf8').startsWith(INDEX_MARKER);
  if (!ours) throw new Error(`iis401: ${dir} is not empty and is not an earlier export; choose an empty or new folder`);
  for (const source of LOG_SOURCES) rmSync(join(dir, source.key), { recursive: true, force: true });
}

function write(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
}

/** Runs `export ARGS...`; returns the exit code. Never throws. */
export async function exportCommand(args: readonly string[]): Promise<number> {
  let parsed: { help: boolean; out: string };
  try {
    parsed = parseArgs(args);
  } catch (error) {
    process.stderr.write(`iis401: ${(error as Error).message}\n${EXPORT_USAGE}\n`);
    return 2;
  }
  if (parsed.help) {
    process.stdout.write(`${EXPORT_USAGE}\n`);
    return 0;
  }
  try {
    const { kb, problems } = loadKnowledgeBase(projectRoot());
    if (problems.length > 0) {
      process.stderr.write(`${formatProblems(problems)}\niis401: the knowledge base has ${problems.length} problem(s); nothing exported\n`);
      return 1;
    }
    const kbBaseUrl = process.env.KB_BASE_URL?.trim() || undefined;
    if (kbBaseUrl && !/^https?:\/\/[^/\s]/i.test(kbBaseUrl)) {
      process.stderr.write(`iis401: KB_BASE_URL must be an http(s) URL, e.g. https://git.example.com/org/iis401/blob/main/ (got "${kbBaseUrl}")\n`);
      return 1;
    }
    const result = exportSigma(kb.articles, { kbBaseUrl });
    const dir = resolve(parsed.out);
    prepare(dir);
    for (const rule of result.rules) write(join(dir, rule.file), ruleYaml(rule));
    write(join(dir, 'README.md'), indexMarkdown(result));
    const perSource = LOG_SOURCES.map((s) => `${s.key} ${result.rules.filter((r) => r.source === s.key).length}`).join(', ');
    const kbRules = new Set(result.rules.map((r) => r.kbRule)).size;
    process.stdout.write(`wrote ${result.rules.length} Sigma rules from ${kbRules} kb rules into ${parsed.out} (${perSource}), index in ${join(parsed.out, 'README.md')}\n`);
    process.stdout.write(`not exported, ${result.notExported.length} kb rules (Sigma sees one log event; these need more):\n`);
    for (const line of notExportedLines(result.notExported)) process.stdout.write(`  ${line}\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
