// Pastes built to find super-linear paths: each is a keyword or prefix followed by a long run of one
// character class, the shapes that made a regular expression quadratic in issue 11. Shared by the growth
// test (which counts work) and the bench (which times diagnose on 1 MiB of each).

export interface HostileShape {
  readonly name: string;
  /** Written once at the start. */
  readonly prefix: string;
  /** Repeated until the paste is long enough. */
  readonly fill: string;
  /** Written once at the end, after the run (the "rejecting suffix"). */
  readonly suffix: string;
}

const shape = (name: string, fill: string, prefix = '', suffix = '!'): HostileShape => ({ name, prefix, fill, suffix });

/** The shapes issue 11 names: the measured quadratic prefixes and the other character classes. */
export const ISSUE_SHAPES: readonly HostileShape[] = [
  shape('letters', 'qwertyuiopasdfghjklzxcvbnm'),
  shape('password switch + spaces', ' ', 'x -password', '*'),
  shape('Authorization: + spaces + comma', ' ', 'Authorization:', ','),
  shape('Most likely causes + spaces', ' ', 'Most likely causes'),
  shape('<EventID repeated', '<EventID'),
  shape('digits', '1234567890'),
  shape('hex', '0123456789abcdef'),
  shape('<', '<'),
  shape('=', '='),
  shape(':', ':'),
  shape('%', '%'),
  shape('backslash', '\\'),
  shape('/', '/'),
  shape('quotes', `"'`),
  shape('unicode letters', 'éßøжшλ漢字ção'),
  shape('mixed whitespace', ' \t\u00a0 \u2003\u3000 \t'),
  shape('repeated keywords', 'password 401 error event status kerberos negotiate ntlm iusr proxy '),
];

/** Keyword prefixes of other patterns, and long but ordinary pastes (many log lines, events, sentences). */
export const MORE_SHAPES: readonly HostileShape[] = [
  shape('status + spaces', ' ', 'status'),
  shape('sub-status + spaces', ' ', 'sub-status'),
  shape('events + spaces', ' ', 'events'),
  shape('Cookie: + spaces', ' ', 'Cookie:'),
  shape('net user + spaces', ' ', 'net user'),
  shape('pwd= + spaces', ' ', 'pwd='),
  shape('[ runs (markdown links)', '[a](b'),
  shape('URL credential run', 'b', 'https://a:'),
  shape('psexec -p repeated', ' -p', 'psexec'),
  shape('Basic + base64 run', 'QUJD', 'Basic '),
  shape('PEM BEGIN repeated', '-----BEGIN PRIVATE KEY-----'),
  shape('NetworkCredential arguments', '"a",', 'new NetworkCredential('),
  shape('query secrets', '&pass=', '?'),
  shape('JSON password + spaces', ' ', '{"password":'),
  shape('long FREB attribute', 'a', '<failedRequest url="'),
  shape('FREB attributes', ' a="1"', '<failedRequest'),
  shape('long log token', 'x', '2024-03-01 10:00:00 10.0.0.5 GET /', ' - 80 - 10.0.0.9 Mozilla/5.0 - 401 1 1326 15'),
  shape('#Fields + spaces', ' ', '#Fields:'),
  shape('log lines', '2024-03-01 10:00:00 10.0.0.5 GET /a - 80 - 10.0.0.9 Mozilla/5.0 - 401 1 1326 15\n'),
  shape('event labels', 'Status: 0xC000006D Sub Status: 0xC000006A Logon Type: 3\n', 'An account failed to log on.\nEvent ID: 4625\n'),
  shape('prose sentences', 'Since we changed the IUSR password yesterday anonymous access fails with 401.1 on the site. '),
];

export const HOSTILE_SHAPES: readonly HostileShape[] = [...ISSUE_SHAPES, ...MORE_SHAPES];

/** `length` characters of the shape: prefix, the fill repeated, suffix. */
export function hostilePaste(s: HostileShape, length: number): string {
  const room = Math.max(0, length - s.prefix.length - s.suffix.length);
  const body = s.fill.repeat(Math.ceil(room / s.fill.length)).slice(0, room);
  return s.prefix + body + s.suffix;
}
