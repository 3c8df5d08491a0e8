import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import { writePaged } from './cli/pager.js';
import { readStdin } from './cli/stdin.js';
import type { Question } from './ask/schema.js';
import { projectRoot } from './root.js';
import { renderJson } from './render/json.js';
import { DEFAULT_WIDTH, terminalStyle } from './render/style.js';
import type { TextStyle } from './render/style.js';

// The command line: a thin shell over the library. Every subcommand is one row of SUBCOMMANDS; its
// options are parsed by node:util parseArgs here, so `--x=y`, `--`, `-h` and unknown options behave the
// same everywhere, and `--help` / `-h` print the subcommand's help before anything runs.

/** Loaded on first use: `scan` starts reading its logs before the knowledge base and the engine are loaded. */
async function createEngine(...args: Parameters<(typeof import('./engine.js'))['createEngine']>): ReturnType<(typeof import('./engine.js'))['createEngine']> {
  return (await import('./engine.js')).createEngine(...args);
}

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export interface CommandArgs {
  readonly values: Readonly<Record<string, string | boolean | string[] | undefined>>;
  readonly positionals: readonly string[];
  /** The arguments as given (globs expanded), for a subcommand that parses its own. */
  readonly argv: readonly string[];
}

export interface Subcommand {
  readonly name: string;
  /** What follows `iis401 <name>` in the usage line. */
  readonly synopsis: string;
  /** One line for `iis401 --help`. */
  readonly summary: string;
  /** The rest of `iis401 <name> --help`: what it does, its options. */
  readonly help: string;
  /** Options besides --help; parsed strictly. */
  readonly options?: OptionSpec;
  /** The subcommand parses `argv` itself, --help included; here only path globs are expanded. */
  readonly ownParser?: { readonly valueOptions: readonly string[] };
  run(args: CommandArgs): Promise<number>;
}

export class UsageError extends Error {}

export const EXIT_CODES = `Exit codes:
  0  an answer was produced (including "nothing recognised"), or the help
  1  an error: a missing file, a broken knowledge base, a failed kb check
  2  a usage error: unknown command or option, missing argument`;

const NO_PAGER: OptionSpec = { 'no-pager': { type: 'boolean' } };

/** Words as one text; `-` alone (or no words when standard input is piped) reads standard input. */
async function textOf(positionals: readonly string[]): Promise<string | undefined> {
  if (positionals.length === 1 && positionals[0] === '-') return readStdin();
  if (positionals.length > 0) return positionals.join(' ');
  return process.stdin.isTTY ? undefined : readStdin();
}

/** Width, emphasis and link base for text on standard output: the terminal's, plain when piped or NO_COLOR. */
/** The terminal renderer (remark, wrap-ansi) costs about 100 ms to load: `--json` and scripts never pay it. */
async function textRenderer(): Promise<typeof import('./render/text.js')['renderText']> {
  return (await import('./render/text.js')).renderText;
}

function terminalOptions(): { width: number; style: TextStyle; kbBaseUrl?: string } {
  const tty = process.stdout.isTTY === true;
  const width = tty && process.stdout.columns > 20 ? process.stdout.columns : DEFAULT_WIDTH;
  const color = tty && !process.env.NO_COLOR && process.env.TERM !== 'dumb';
  const kbBaseUrl = process.env.KB_BASE_URL?.trim();
  return { width, style: terminalStyle(color), ...(kbBaseUrl ? { kbBaseUrl } : {}) };
}

async function output(text: string, values: CommandArgs['values']): Promise<void> {
  await writePaged(`${text}\n`, { pager: values['no-pager'] !== true });
}

function helpOf(command: Subcommand): string {
  return `${`Usage: iis401 ${command.name} ${command.synopsis}`.trimEnd()}\n\n${command.help}\n\n${EXIT_CODES}`;
}

/** --answer KEY=VALUE flags as one record; a key or value the questions do not know is a usage error that lists the right ones. */
async function answersOf(flags: CommandArgs['values'][string], questions: readonly Question[]): Promise<Record<string, string>> {
  const { answerProblem, parseAnswerArgument } = await import('./ask/answers.js');
  const answers: Record<string, string> = {};
  for (const flag of Array.isArray(flags) ? flags : []) {
    const parsed = parseAnswerArgument(flag);
    if (!parsed) throw new UsageError(`--answer takes KEY=VALUE (for example --answer users=some), not "${flag}"; the questions are: ${questions.map((q) => q.key).join(', ')}`);
    const problem = answerProblem(questions, parsed.key, parsed.value);
    if (problem) throw new UsageError(`--answer ${flag}: ${problem}`);
    answers[parsed.key] = parsed.value;
  }
  return answers;
}

const diagnose: Subcommand = {
  name: 'diagnose',
  synopsis: '[TEXT... | -] [--answer KEY=VALUE]... [--json] [--all] [--no-pager]',
  summary: 'diagnose TEXT, or standard input (- or a pipe)',
  help: `Diagnoses a W3C log line, a Security event, an IIS error page, a FREB trace, a code or a question.
TEXT may also be slash-command style (iis401 diagnose event 534). With - or no TEXT and a pipe, reads
standard input; on a terminal with no TEXT, prints this help.

  --answer KEY=VALUE  an answer to the question the diagnosis asks (repeatable): it re-ranks
               the causes, e.g. --answer users=some --answer localhost=localhost-only
  --json       one JSON object for scripts (the README describes it)
  --all        the fix steps of every cause, not only the first
  --no-pager   never page long output (it is paged on a terminal only, never when piped)
  -h, --help   this help`,
  options: { json: { type: 'boolean' }, all: { type: 'boolean' }, answer: { type: 'string', multiple: true }, ...NO_PAGER },
  async run({ values, positionals }) {
    const text = await textOf(positionals);
    if (text === undefined) {
      process.stderr.write(`${helpOf(diagnose)}\n`);
      return 2;
    }
    const engine = await createEngine();
    const answers = await answersOf(values.answer, engine.kb.questions ?? []);
    const diagnosis = engine.diagnose(text, { answers });
    if (values.json) process.stdout.write(`${renderJson(diagnosis)}\n`);
    else await output((await textRenderer())(diagnosis, { all: values.all === true, ...terminalOptions() }), values);
    return 0;
  },
};

const search: Subcommand = {
  name: 'search',
  synopsis: 'WORDS... | - [--json] [--no-pager]',
  summary: 'search the knowledge base',
  help: `Searches the knowledge base articles (titles, summaries, symptoms, codes, text); - reads the words
from standard input.

  --json       the results as JSON
  --no-pager   never page long output
  -h, --help   this help`,
  options: { json: { type: 'boolean' }, ...NO_PAGER },
  async run({ values, positionals }) {
    const query = ((await textOf(positionals)) ?? '').replace(/\s+/g, ' ').trim();
    if (query === '') throw new UsageError('search needs words, e.g. iis401 search guests deny network');
    const hits = (await createEngine()).search(query, 10);
    if (values.json) process.stdout.write(`${JSON.stringify({ query, results: hits }, null, 2)}\n`);
    else if (hits.length === 0) process.stdout.write('No article matches those words.\n');
    else await output(hits.map((hit) => `${hit.id}  (${hit.score.toFixed(1)})  ${hit.title}\n    ${hit.summary}`).join('\n'), values);
    return 0;
  },
};

const scan: Subcommand = {
  name: 'scan',
  synopsis: '[FILES... | DIR | -] [--json] [--since T] [--until T] [--no-pager]',
  summary: 'summarise whole W3C / HTTPERR logs (.log, .gz, folders, globs)',
  // scan prints its own help (it knows its options); globs such as u_ex24*.log are expanded here first,
  // for the shells that do not (cmd, PowerShell).
  help: '',
  ownParser: { valueOptions: ['since', 'until', 'max-bytes'] },
  async run({ argv }) {
    const { scanCommand } = await import('./scan/command.js');
    const pager = !argv.includes('--no-pager');
    const args = argv.filter((arg) => arg !== '--no-pager');
    if (!pager || !process.stdout.isTTY) return scanCommand(args);
    // scan writes its report in one go at the end; on a terminal it is held and shown through the pager.
    const held: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string | Uint8Array) => {
      held.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    }) as typeof process.stdout.write;
    try {
      return await scanCommand(args);
    } finally {
      process.stdout.write = write;
      await writePaged(held.join(''), { pager: true });
    }
  },
};

const kb: Subcommand = {
  name: 'kb',
  synopsis: 'check | index [--write] | compile',
  summary: 'check the knowledge base, print or write its index',
  help: `  kb check            validate every article; lists every problem (exit 1 when there is one)
  kb index [--write]  print the article index, or write it into kb/README.md
  kb compile          build step: writes the checked kb and its search index to dist/kb-cache.json
  -h, --help          this help`,
  options: { write: { type: 'boolean' } },
  async run({ values, positionals }) {
    const [action, ...extra] = positionals;
    if (extra.length > 0) throw new UsageError(`kb ${action ?? ''} takes no further words ("${extra.join(' ')}")`);
    if (values.write && action !== 'index') throw new UsageError('--write goes with kb index');
    if (action === 'compile') {
      // Build step: a broken kb is reported but does not fail the install; start-up refuses it instead.
      try {
        await createEngine(projectRoot());
        process.stdout.write('kb compiled into dist/kb-cache.json\n');
      } catch (error) {
        process.stderr.write(`${(error as Error).message}\n(kb not compiled)\n`);
      }
      return 0;
    }
    if (action !== 'check' && action !== 'index') throw new UsageError('kb takes "check", "index" or "compile"');
    const root = projectRoot();
    const [{ loadKnowledgeBase }, { checkKnowledgeBase, formatProblems }, { withIndex }] = await Promise.all([
      import('./kb/load.js'),
      import('./kb/check.js'),
      import('./kb/index-page.js'),
    ]);
    const { kb: base, problems } = loadKnowledgeBase(root);
    if (action === 'check') {
      const all = [...problems, ...checkKnowledgeBase(base)];
      if (all.length > 0) {
        process.stderr.write(`${formatProblems(all)}\n${all.length} problem(s) in the knowledge base\n`);
        return 1;
      }
      const causes = base.articles.filter((a) => a.kind === 'cause');
      process.stdout.write(`kb ok: ${base.articles.length} articles (${causes.length} causes, ${base.articles.length - causes.length} guides), ${causes.reduce((n, a) => n + a.rules.length, 0)} rules, version ${base.version}\n`);
      return 0;
    }
    const readmePath = join(root, 'kb', 'README.md');
    const updated = withIndex(readFileSync(readmePath, 'utf8'), base.articles);
    if (values.write) {
      writeFileSync(readmePath, updated);
      process.stdout.write(`wrote the index of ${base.articles.length} articles into kb/README.md\n`);
    } else process.stdout.write(`${updated}\n`);
    return 0;
  },
};

const chat: Subcommand = {
  name: 'chat',
  synopsis: '',
  summary: 'a local console that answers pastes as the bot would',
  help: `Opens a console: paste a log line, an event (as Event Viewer copies it, blank lines and all), an
error page or a question; what arrives together is one paste. End a typed paste with a line holding
only "." or with Ctrl-D. /help shows this, /quit (or Ctrl-D on an empty prompt) leaves. Colour on a
terminal; plain with NO_COLOR or when piped.`,
  async run() {
    const { runConsole } = await import('./console.js');
    return runConsole(await createEngine());
  },
};

const start: Subcommand = {
  name: 'start',
  synopsis: '',
  summary: 'run the Slack bot, or the console when no Slack settings are set',
  help: `Runs the Slack bot with the settings of the environment and of ./.env (if the file exists; the
start-up message names it). Without Slack settings, prints what to set and, on a terminal, opens the
local console (iis401 chat).`,
  async run() {
    const { start: startBot } = await import('./slack/start.js');
    return startBot(process.env, { envFile: resolve('.env') });
  },
};

const exportRules: Subcommand = {
  name: 'export',
  synopsis: 'sigma [--out DIR]',
  summary: 'write the rules as Sigma rules for a SIEM (Splunk, Elastic, Sentinel)',
  // export prints its own help and parses its own options (src/export/command.ts).
  help: '',
  ownParser: { valueOptions: ['out'] },
  async run({ argv }) {
    const { exportCommand } = await import('./export/command.js');
    return exportCommand(argv);
  },
};

const docs: Subcommand = {
  name: 'docs',
  synopsis: '--serve [--port N] [--dir FOLDER]',
  summary: 'serve the built docs site (npm run docs:build) on 127.0.0.1',
  // docs prints its own help and parses its own options (src/docs/serve.ts).
  help: '',
  ownParser: { valueOptions: ['port', 'dir'] },
  async run({ argv }) {
    const { run } = await import('./docs/serve.js');
    return run(argv);
  },
};

/** Every subcommand, in the order `iis401 --help` lists them. Add a row to add one. */
export const SUBCOMMANDS: Subcommand[] = [diagnose, search, scan, kb, exportRules, chat, docs, start];

export function usage(): string {
  const lines = SUBCOMMANDS.map((c) => `  ${`iis401 ${c.name} ${c.synopsis}`.trimEnd()}\n      ${c.summary}`);
  return `iis401: diagnose IIS 401 Unauthorized failures, offline.

Usage:
${lines.join('\n')}
  iis401 <command> --help
      the help of one command
  iis401 --help | --version

${EXIT_CODES}`;
}

function version(): string {
  return (JSON.parse(readFileSync(join(projectRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

/** True when --help or -h comes before a `--` (after it, it is text). */
function asksHelp(args: readonly string[]): boolean {
  for (const arg of args) {
    if (arg === '--') return false;
    if (arg === '--help' || arg === '-h') return true;
  }
  return false;
}

async function argsFor(command: Subcommand, args: readonly string[]): Promise<CommandArgs> {
  if (command.ownParser) {
    // Only the path arguments are touched: the tokens say which words are option values.
    const valueOptions = Object.fromEntries(command.ownParser.valueOptions.map((name) => [name, { type: 'string' as const }]));
    const { tokens } = parseArgs({ args: [...args], options: valueOptions, strict: false, allowPositionals: true, tokens: true });
    const argv: string[] = [...args];
    for (const token of [...tokens].reverse()) {
      if (token.kind === 'positional') argv.splice(token.index, 1, ...(await (await import('./cli/glob.js')).expandPaths([token.value])));
    }
    return { values: {}, positionals: [], argv };
  }
  try {
    const { values, positionals } = parseArgs({ args: [...args], options: command.options ?? {}, strict: true, allowPositionals: true });
    return { values: values as CommandArgs['values'], positionals, argv: args };
  } catch (error) {
    throw new UsageError(`${command.name}: ${(error as Error).message.replace(/\. To specify a positional argument.*$/s, '').replace(/^Unknown option/, 'unknown option')}`);
  }
}

/** Runs one command line; errors are caught once, here, as one line. Resolves with the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  try {
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      process.stdout.write(`${usage()}\n`);
      return 0;
    }
    if (name === '--version' || name === '-v' || name === '-V') {
      process.stdout.write(`${version()}\n`);
      return 0;
    }
    const command = SUBCOMMANDS.find((c) => c.name === name);
    if (!command) {
      const near = SUBCOMMANDS.find((c) => c.name.startsWith(name.slice(0, 3)) && name.length >= 3);
      throw new UsageError(`unknown command "${name}"${near ? ` (did you mean "${near.name}"?)` : ''}`);
    }
    if (asksHelp(rest) && !command.ownParser) {
      process.stdout.write(`${helpOf(command)}\n`);
      return 0;
    }
    return await command.run(await argsFor(command, rest));
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`iis401: ${error.message}\nRun iis401 ${name && SUBCOMMANDS.some((c) => c.name === name) ? `${name} ` : ''}--help for usage.\n`);
      return 2;
    }
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
