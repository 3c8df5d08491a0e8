// Secrets never travel further than the parser: every pattern here replaces a value before the text is
// stored, logged, searched, echoed or rendered. Each pattern is anchored on a literal keyword and
// matches a bounded run of non-space characters, so it runs in linear time.

export const REDACTED = '[redacted]';

interface SecretPattern {
  readonly name: string;
  readonly pattern: RegExp;
  /** Index of the capture group that holds the secret. */
  readonly group: number;
}

const SECRET_PATTERNS: readonly SecretPattern[] = [
  // adsutil.vbs GET output: AnonymousUserPass : (STRING) "p@ss" (also WAMUserPass, UNCPassword ...)
  { name: 'metabase-password', pattern: /\b(\w*(?:Pass|Password))(\s*:\s*\(STRING\)\s*)("[^"\r\n]{0,512}"|\S{1,512})/gi, group: 3 },
  // adsutil SET W3SVC/AnonymousUserPass "p@ss"
  { name: 'adsutil-set', pattern: /(\bSET\s+\S*(?:Pass|Password)\s+)("[^"\r\n]{0,512}"|\S{1,512})/gi, group: 2 },
  // net user NAME PASSWORD  (a `*` asks interactively and is not a secret)
  { name: 'net-user', pattern: /(\bnet\s+user\s+(?:"[^"\r\n]{1,128}"|[^\s/"]{1,128})\s+)(?!\*|\/)("[^"\r\n]{1,256}"|\S{1,256})/gi, group: 2 },
  // HTTP Authorization / WWW-Authenticate header values and their tokens (Basic, NTLM, Negotiate, Bearer)
  { name: 'auth-header', pattern: /(\b(?:Proxy-)?Authori[sz]ation\s*:\s*(?:(?:Basic|NTLM|Negotiate|Bearer|Digest|Kerberos)\s*)?)([^\s,]{1,16384})/gi, group: 2 },
  { name: 'auth-challenge', pattern: /(\b(?:WWW|Proxy)-Authenticate\s*:\s*(?:NTLM|Negotiate|Kerberos)\s+)([A-Z0-9+/=]{8,16384})/gi, group: 2 },
  { name: 'auth-blob', pattern: /(\b(?:Basic|NTLM|Negotiate|Bearer)\s+)((?:TlRMTVNT|YII|oY|eyJ)[\w+/=.-]{8,16384})/g, group: 2 },
  // Cookie headers, and session cookies inside a W3C cs(Cookie) field
  { name: 'cookie-header', pattern: /(\b(?:Set-)?Cookie\s*:\s*)(\S[^\r\n]{0,8191})/gi, group: 2 },
  { name: 'session-cookie', pattern: /((?:ASP\.NET_SessionId|\.ASPXAUTH|\.AspNetCore\.[\w.]{1,64}|ASPSESSIONID\w{0,16}|FedAuth\w{0,8}|JSESSIONID|PHPSESSID)=)([^;\s+]{1,8192})/gi, group: 2 },
  // Connection strings and config attributes: Password=...; pwd=...; password="..."
  { name: 'connection-string', pattern: /(\b(?:Password|Pwd)\s*=\s*)(?!\[enc:)("[^"\r\n]{0,512}"|'[^'\r\n]{0,512}'|[^;\s"'<>]{1,512})/gi, group: 2 },
  // appcmd / PowerShell switches: /password:x  -password:x  -Password x  /p:x (runas, schtasks)
  { name: 'command-switch', pattern: /((?:^|\s)[/-](?:[\w.]{0,64}\.)?(?:(?:password|pass|pwd)(?:\s*:|\s)|p:)\s*)(?!\*)("[^"\r\n]{1,512}"|'[^'\r\n]{1,512}'|\S{1,512})/gim, group: 2 },
  { name: 'secure-string', pattern: /(ConvertTo-SecureString\s+(?:-String\s+)?)("[^"\r\n]{1,512}"|'[^'\r\n]{1,512}')/gi, group: 2 },
  // Prose: "password is hunter2", "password: hunter2", "pw = hunter2"
  { name: 'prose-password', pattern: /(\b(?:password|passwd|passphrase|pw)\s*(?:is|was|=|:)\s*)(?!\(STRING\))("[^"\r\n]{1,256}"|'[^'\r\n]{1,256}'|[^\s"',;]{1,256})/gi, group: 2 },
  // Slack and other bearer-style tokens pasted by mistake
  { name: 'slack-token', pattern: /(\bxox[abposr]-[\dA-Za-z-]{8,256}|\bxapp-[\dA-Za-z-]{8,256})/g, group: 1 },
];

const NOT_SECRETS = new Set(['[redacted]', '(string)', '-', '""', "''", 'required', 'expired', 'never', 'changed', 'reset', 'wrong', 'incorrect', 'correct', 'the', 'not', 'set', 'empty', 'blank', 'sync', 'synchronized', 'out', 'in', 'right', 'ok', 'fine', 'same', 'different', 'stored', 'now', 'also', 'still', 'a', 'an', 'being', 'saved', 'good', 'valid', 'invalid', 'locked', 'updated', 'mismatched', 'unchanged', 'known', 'unknown']);

export interface RedactResult {
  readonly text: string;
  readonly count: number;
  /** Which kinds of secret were found, for the "redacted N values" note. */
  readonly kinds: readonly string[];
}

export function redactSecrets(text: string): RedactResult {
  let count = 0;
  const kinds = new Set<string>();
  let result = text;
  for (const { name, pattern, group } of SECRET_PATTERNS) {
    result = result.replace(pattern, (...args: unknown[]) => {
      const whole = String(args[0]);
      const secret = args[group] as string | undefined;
      if (secret === undefined || secret === '' || NOT_SECRETS.has(secret.toLowerCase().replace(/[.!?]$/, ''))) return whole;
      count++;
      kinds.add(name);
      const start = whole.lastIndexOf(secret);
      return whole.slice(0, start) + REDACTED + whole.slice(start + secret.length);
    });
  }
  return { text: result, count, kinds: [...kinds] };
}
