import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createEngine } from './engine.js';
import { projectRoot } from './root.js';
import { renderJson } from './render/json.js';
import { renderText } from './render/text.js';

export const USAGE = `iis401: diagnose IIS 401 Unauthorized failures, offline.

Usage:
  iis401 diagnose [TEXT...] [--json] [--all]   diagnose TEXT, or standard input when no TEXT is given
  iis401 search WORDS... [--json]              search the knowledge base
  iis401 scan [FILES... | DIR | -] [--json] [--since T] [--until T]
                                               summarise whole W3C / HTTPERR logs (.log, .gz, folders)
  iis401 kb check                              validate every article; lists every problem
  iis401 kb index [--write]                    print (or write into kb/README.md) the article index
  iis401 export sigma [--out DIR]              write the rules as Sigma rules for a SIEM (export --help)
  iis401 chat                                  a local console that answers pastes as the bot would
  iis401 docs --serve [--port N]               serve the built docs site (npm run docs:build) on 127.0.0.1
  iis401 start                                 run the Slack bot (see README), or the console without Slack settings
  iis401 --help | --version

Exit codes: 0 an answer was produced (including "nothing recognised"), 1 an error, 2 a usage error.`;

/** Largest standard input read by `diagnose` (bytes); the parser cuts further and says so. */
const MAX_STDIN = 8 * 1024 * 1024;

class UsageError extends Error {}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) return '';
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    const buffer = chunk as Buffer;
    if (size + buffer.length > MAX_STDIN) {
      chunks.push(buffer.subarray(0, MAX_STDIN - size));
      size = MAX_STDIN;
      break;
    }
    chunks.push(buffer);
    size += buffer.length;
  }
  return Buffer.concat(chunks).toString('utf8');
}

function split(args: readonly string[]): { flags: Set<string>; options: Map<string, string>; words: string[] } {
  const flags = new Set<string>();
  const options = new Map<string, string>();
  const words: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--since' || arg === '--until') {
      const value = args[i + 1];
      if (value === undefined) throw new UsageError(`${arg} needs a value`);
      options.set(arg, value);
      i++;
    } else if (arg.startsWith('--') && arg.length > 2) flags.add(arg);
    else words.push(arg);
  }
  return { flags, options, words };
}

function requireOnly(flags: Set<string>, allowed: readonly string[]): void {
  for (const flag of flags) if (!allowed.includes(flag)) throw new UsageError(`unknown option ${flag}`);
}

async function diagnoseCommand(args: readonly string[]): Promise<number> {
  const { flags, words } = split(args);
  requireOnly(flags, ['--json', '--all']);
  const text = words.length > 0 ? words.join(' ') : await readStdin();
  const engine = await createEngine();
  const diagnosis = engine.diagnose(text);
  process.stdout.write(`${flags.has('--json') ? renderJson(diagnosis) : renderText(diagnosis, { all: flags.has('--all') })}\n`);
  return 0;
}

async function searchCommand(args: readonly string[]): Promise<number> {
  const { flags, words } = split(args);
  requireOnly(flags, ['--json']);
  if (words.length === 0) throw new UsageError('search needs words, e.g. iis401 search guests deny network');
  const hits = (await createEngine()).search(words.join(' '), 10);
  if (flags.has('--json')) process.stdout.write(`${JSON.stringify({ query: words.join(' '), results: hits }, null, 2)}\n`);
  else if (hits.length === 0) process.stdout.write('No article matches those words.\n');
  else for (const hit of hits) process.stdout.write(`${hit.id}  (${hit.score.toFixed(1)})  ${hit.title}\n    ${hit.summary}\n`);
  return 0;
}

async function kbCommand(args: readonly string[]): Promise<number> {
  const { flags, words } = split(args);
  const root = projectRoot();
  const [{ loadKnowledgeBase }, { checkKnowledgeBase, formatProblems }, { withIndex }] = await Promise.all([
    import('./kb/load.js'),
    import('./kb/check.js'),
    import('./kb/index-page.js'),
  ]);
  const { kb, problems } = loadKnowledgeBase(root);
  if (words[0] === 'check') {
    requireOnly(flags, []);
    const all = [...problems, ...checkKnowledgeBase(kb)];
    if (all.length > 0) {
      process.stderr.write(`${formatProblems(all)}\n${all.length} problem(s) in the knowledge base\n`);
      return 1;
    }
    const causes = kb.articles.filter((a) => a.kind === 'cause');
    process.stdout.write(`kb ok: ${kb.articles.length} articles (${causes.length} causes, ${kb.articles.length - causes.length} guides), ${causes.reduce((n, a) => n + a.rules.length, 0)} rules, version ${kb.version}\n`);
    return 0;
  }
  if (words[0] === 'index') {
    requireOnly(flags, ['--write']);
    const readmePath = join(root, 'kb', 'README.md');
    const updated = withIndex(readFileSync(readmePath, 'utf8'), kb.articles);
    if (flags.has('--write')) {
      writeFileSync(readmePath, updated);
      process.stdout.write(`wrote the index of ${kb.articles.length} articles into kb/README.md\n`);
    } else process.stdout.write(`${updated}\n`);
    return 0;
  }
  if (words[0] === 'compile') {
    // Build step: a broken kb is reported but does not fail the install; start-up refuses it instead.
    try {
      await createEngine(root);
      process.stdout.write('kb compiled into dist/kb-cache.json\n');
    } catch (error) {
      process.stderr.write(`${(error as Error).message}\n(kb not compiled)\n`);
    }
    return 0;
  }
  throw new UsageError('kb takes "check", "index" or "compile"');
}

/** The command line: a thin shell over the library. Errors are caught once, here, as one line. */
export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        process.stdout.write(`${USAGE}\n`);
        return 0;
      case '--version':
      case '-v': {
        const pkg = JSON.parse(readFileSync(join(projectRoot(), 'package.json'), 'utf8')) as { version: string };
        process.stdout.write(`${pkg.version}\n`);
        return 0;
      }
      case 'diagnose':
        return await diagnoseCommand(rest);
      case 'search':
        return await searchCommand(rest);
      case 'kb':
        return await kbCommand(rest);
      case 'scan': {
        const { scanCommand } = await import('./scan/command.js');
        return await scanCommand(rest);
      }
      case 'docs': return await (await import('./docs/serve.js')).run(rest);
      case 'export': {
        const { exportCommand } = await import('./export/command.js');
        return await exportCommand(rest);
      }
      case 'chat': {
        const { runConsole } = await import('./console.js');
        return await runConsole(await createEngine());
      }
      case 'start': {
        const { start } = await import('./slack/start.js');
        return await start(process.env);
      }
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`iis401: ${error.message}\nRun iis401 --help for usage.\n`);
      return 2;
    }
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
