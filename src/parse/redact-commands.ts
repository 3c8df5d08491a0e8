// Passwords given to command-line tools as a separate argument (`psexec -p X`, `sqlcmd -P X`,
// `schtasks /rp X`, `curl -u user:X`, `net user /add NAME X`). Which switch takes a secret depends on the
// tool (`-p` is a port to ssh and a path to mkdir), so a line is read as tokens, not matched by one
// pattern: one pass over the line, one pass over its tokens.

interface ToolSwitches {
  readonly switches: ReadonlySet<string>;
  /** sqlcmd's `-P` is the password and `-p` prints statistics; most Windows tools ignore case. */
  readonly caseSensitive?: boolean;
}

const tool = (switches: readonly string[], caseSensitive = false): ToolSwitches => ({ switches: new Set(switches), caseSensitive });

/** Switches whose next argument (or `:value` / `=value`) is a secret, per tool. */
const SECRET_SWITCHES: ReadonlyMap<string, ToolSwitches> = new Map([
  ['psexec', tool(['-p'])],
  ['psexec64', tool(['-p'])],
  ['paexec', tool(['-p'])],
  ['sqlcmd', tool(['-P'], true)],
  ['osql', tool(['-P'], true)],
  ['bcp', tool(['-P'], true)],
  ['schtasks', tool(['/rp', '/p'])],
  ['cmdkey', tool(['/pass'])],
  ['curl', tool(['-u', '--user', '-U', '--proxy-user'], true)],
  ['wget', tool(['--password', '--http-password', '--proxy-password'], true)],
  ['mysql', tool(['--password'], true)],
]);

/** curl takes `user:password`: only the part after the first colon is secret. */
const USER_PASS_SWITCHES = new Set(['-u', '--user', '-U', '--proxy-user']);

interface Token {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

const isBlank = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\r';

/** Whitespace-separated tokens; a double-quoted run stays one token (quotes included). */
function tokens(line: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < line.length) {
    while (i < line.length && isBlank(line[i])) i++;
    if (i >= line.length) break;
    const start = i;
    let quoted = false;
    while (i < line.length && (quoted || !isBlank(line[i]))) {
      if (line[i] === '"') quoted = !quoted;
      i++;
    }
    out.push({ start, end: i, text: line.slice(start, i) });
  }
  return out;
}

/** The tool a token names: `C:\Tools\PsExec.exe` -> `psexec`. */
function toolName(token: string): string {
  const bare = token.startsWith('"') ? token.slice(1, token.endsWith('"') ? -1 : undefined) : token;
  const base = bare.slice(Math.max(bare.lastIndexOf('\\'), bare.lastIndexOf('/')) + 1).toLowerCase();
  return base.endsWith('.exe') ? base.slice(0, -4) : base;
}

/** Where `-switch:value` or `--switch=value` splits, or -1. */
function separatorOf(word: string): number {
  const colon = word.indexOf(':');
  const equals = word.indexOf('=');
  return colon < 0 ? equals : equals < 0 ? colon : Math.min(colon, equals);
}

export interface SecretSpan {
  readonly start: number;
  readonly end: number;
}

function valueSpan(token: Token, from: number): SecretSpan | undefined {
  let start = token.start + from;
  let end = token.end;
  if (token.text[from] === '"' || token.text[from] === "'") start++;
  const last = token.text[token.text.length - 1];
  if (end - 1 > start && (last === '"' || last === "'")) end--;
  if (end <= start || token.text.slice(from) === '*') return undefined;
  return { start, end };
}

/** Where `user:password` keeps its password. */
function afterColon(span: SecretSpan, line: string): SecretSpan | undefined {
  const colon = line.indexOf(':', span.start);
  return colon < 0 || colon >= span.end - 1 ? undefined : { start: colon + 1, end: span.end };
}

function lineSecrets(line: string, offset: number, found: SecretSpan[]): void {
  const list = tokens(line);
  let switches: ToolSwitches | undefined;
  let netUserAdd = false;
  for (let i = 0; i < list.length; i++) {
    const token = list[i] as Token;
    const lower = token.text.toLowerCase();
    const named = SECRET_SWITCHES.get(toolName(token.text));
    if (named) {
      switches = named;
      continue;
    }
    // net user /add NAME PASSWORD (the other order, NAME PASSWORD /add, is a pattern in redact.ts)
    if (lower === 'user' && list[i - 1]?.text.toLowerCase() === 'net' && list[i + 1]?.text.toLowerCase() === '/add') {
      netUserAdd = true;
      const password = list[i + 3];
      const span = password && !password.text.startsWith('/') ? valueSpan(password, 0) : undefined;
      if (span) found.push({ start: span.start + offset, end: span.end + offset });
      continue;
    }
    if (!switches || netUserAdd) continue;
    const word = switches.caseSensitive ? token.text : lower;
    const separator = separatorOf(word);
    const name = separator > 0 ? word.slice(0, separator) : word;
    if (!switches.switches.has(name)) continue;
    const userPass = USER_PASS_SWITCHES.has(name);
    let span: SecretSpan | undefined;
    if (separator > 0) span = valueSpan(token, separator + 1);
    else {
      const next = list[i + 1];
      if (next && !(next.text.startsWith('-') && next.text.length > 1)) span = valueSpan(next, 0);
      i++;
    }
    if (span && userPass) span = afterColon(span, line);
    if (span) found.push({ start: span.start + offset, end: span.end + offset });
  }
}

/** Spans of the text that are secrets passed to command-line tools, in order. */
export function commandLineSecrets(text: string): SecretSpan[] {
  const found: SecretSpan[] = [];
  let offset = 0;
  for (const line of text.split('\n')) {
    // Most lines name no tool: one cheap test keeps the tokenizer off them.
    if (/psexec|paexec|sqlcmd|osql|bcp|schtasks|runas|cmdkey|curl|wget|mysql|net\s/i.test(line)) lineSecrets(line, offset, found);
    offset += line.length + 1;
  }
  return found;
}
