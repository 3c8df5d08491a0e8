// Secrets never travel further than the parser: every pattern here replaces a value before the text is
// stored, logged, searched, echoed or rendered. Each pattern is anchored on a literal keyword and
// matches a bounded run of non-space characters, so it runs in linear time.

import { commandLineSecrets } from './redact-commands.js';

export const REDACTED = '[redacted]';

interface SecretPattern {
  readonly name: string;
  readonly pattern: RegExp;
  /** Index of the capture group that holds the secret. */
  readonly group: number;
  /** A further test of the value, where the pattern alone would take ordinary words. */
  readonly accept?: (secret: string) => boolean;
}

/** `Basic` is also a word: its value is a credential only when it decodes to `user:password`. */
function isBasicCredential(value: string): boolean {
  const decoded = Buffer.from(value, 'base64').toString('latin1');
  return decoded.includes(':') && /^[\x20-\x7e]+$/.test(decoded);
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
  { name: 'auth-blob', pattern: /(\b(?:Basic|NTLM|Negotiate|Bearer)(?:\s+|\+))((?:TlRMTVNT|YII|oY|eyJ)[\w+/=.-]{8,16384})/g, group: 2 },
  // Cookie headers, and session cookies inside a W3C cs(Cookie) field
  { name: 'cookie-header', pattern: /(\b(?:Set-)?Cookie\s*:\s*)(\S[^\r\n]{0,8191})/gi, group: 2 },
  { name: 'session-cookie', pattern: /((?:ASP\.NET_SessionId|\.ASPXAUTH|\.AspNetCore\.[\w.]{1,64}|ASPSESSIONID\w{0,16}|FedAuth\w{0,8}|JSESSIONID|PHPSESSID)=)([^;\s+]{1,8192})/gi, group: 2 },
  // Connection strings and config attributes: Password=...; pwd=...; password="..."
  { name: 'connection-string', pattern: /(\b(?:Password|Pwd)\s*=\s*)(?!\[enc:)("[^"\r\n]{0,512}"|'[^'\r\n]{0,512}'|[^;\s"'<>]{1,512})/gi, group: 2 },
  // appcmd / PowerShell switches: /password:x  -password:x  -Password x  /p:x (runas, schtasks)
  { name: 'command-switch', pattern: /((?:^|\s)[/-](?:[\w.]{0,64}\.)?(?:(?:password|pass|pwd)(?:\s*:|\s)|p:)\s*)(?!\*)("[^"\r\n]{1,512}"|'[^'\r\n]{1,512}'|\S{1,512})/gim, group: 2 },
  { name: 'secure-string', pattern: /(ConvertTo-SecureString(?:\s+-(?:AsPlainText|Force|String))*\s+)("[^"\r\n]{1,512}"|'[^'\r\n]{1,512}')/gi, group: 2 },
  // Prose: "password is hunter2", "password: hunter2", "pw = hunter2"
  { name: 'prose-password', pattern: /(\b(?:password|passwd|passphrase|pw)(?:\s+for\s+[^\s:=]{1,128})?\s*(?:is|was|=|:)\s*)(?!\(STRING\))("[^"\r\n]{1,256}"|'[^'\r\n]{1,256}'|[^\s"',;]{1,256})/gi, group: 2 },
  // appcmd list apppool /text:processModel.password prints the value alone on the next line
  { name: 'appcmd-text', pattern: /(\/text:(?:[\w.]{0,64}\.)?password\b[^\r\n]{0,256}\r?\n[ \t]*)(\S{1,512})/gi, group: 2 },
  // Set-ItemProperty ... -Name processModel.password -Value X, Set-WebConfigurationProperty -Name password -Value X
  { name: 'powershell-value', pattern: /(-Name\s+["']?(?:[\w.]{0,64}\.)?password["']?\s+-Value\s+)("[^"\r\n]{1,512}"|'[^'\r\n]{1,512}'|[^\s@]\S{0,511})/gi, group: 2 },
  // JSON and similar: "password": "x", "client_secret": "x"
  { name: 'json-secret', pattern: /("(?:[\w.-]{0,64}[_.-])?(?:password|passwd|pwd|secret|client_secret|api_?key|access_?token|refresh_?token)"\s*:\s*)("(?:[^"\\\r\n]|\\.){1,512}")/gi, group: 2 },
  // Basic credentials anywhere (a FREB header value, a logged cs(Authorization) with + for the space)
  { name: 'basic-credential', pattern: /(\bBasic(?:\s+|\+))([\d/A-Za-z][\d+/A-Za-z]{7,16383}={0,2})/g, group: 2, accept: isBasicCredential },
  // https://user:pass@host, DOMAIN%5Cuser:pass@host, git remotes
  { name: 'url-credential', pattern: /(\b[a-z][\d+.a-z-]{1,20}:\/\/[^\s/:@]{1,256}:)([^\s/@]{1,256})(?=@)/gi, group: 2 },
  // query strings: pass=, password=, access_token=, client_secret=, sig= ...
  { name: 'query-secret', pattern: /((?:^|[\s&;?])(?:pass|password|passwd|pwd|access_token|id_token|refresh_token|client_secret|api_key|apikey|secret|sig|code_verifier)=)([^\s"#&'<>]{1,2048})/gim, group: 2 },
  // OWIN, SiteMinder and other sign-in cookies
  { name: 'sign-in-cookie', pattern: /((?:\.AspNet\.[\w.]{1,64}|SMSESSION|SMCHALLENGE|FedAuth\d{0,4}|MSISAuth\w{0,16}|\.AspNetCore\.[\w.]{1,64})=)([^;\s+]{1,8192})/gi, group: 2 },
  // Keys and tokens by their own shape
  { name: 'aws-key', pattern: /\b((?:AKIA|ASIA)[\dA-Z]{16})\b/g, group: 1 },
  { name: 'aws-secret', pattern: /(\baws_secret_access_key["']?\s*[:=]\s*["']?)([\d+/A-Z]{20,80})/gi, group: 2 },
  { name: 'jwt', pattern: /\b(eyJ[\w-]{8,4096}\.eyJ[\w-]{8,8192}\.[\w-]{0,8192})/g, group: 1 },
  { name: 'github-token', pattern: /\b((?:ghp|gho|ghu|ghs|ghr)_[\dA-Za-z]{30,255}|github_pat_\w{22,255})/g, group: 1 },
  { name: 'api-key-header', pattern: /(\b(?:X-API-Key|X-Api-Token|Api-Key|Ocp-Apim-Subscription-Key|X-Functions-Key)\s*:\s*)(\S{1,4096})/gi, group: 2 },
  { name: 'private-key', pattern: /(-----BEGIN [A-Z ]{0,32}PRIVATE KEY-----)([^-]{16,65536})/g, group: 2 },
  // <machineKey validationKey="..." decryptionKey="..."> (AutoGenerate is not a key)
  { name: 'machine-key', pattern: /(\b(?:validationKey|decryptionKey)\s*=\s*["']?)([^\s"'<>]{8,1024})/gi, group: 2, accept: (v) => !/^AutoGenerate/i.test(v) },
  // new NetworkCredential("user", "pass"[, "DOMAIN"])
  { name: 'network-credential', pattern: /(\bNetworkCredential\s*\(\s*(?:"(?:[^"\\\r\n]|\\.){1,512}"|[\w.]{1,128})\s*,\s*@?)("(?:[^"\\\r\n]|\\.){1,512}")/g, group: 2 },
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
  for (const { name, pattern, group, accept } of SECRET_PATTERNS) {
    result = result.replace(pattern, (...args: unknown[]) => {
      const whole = String(args[0]);
      const secret = args[group] as string | undefined;
      if (secret === undefined || secret === '' || NOT_SECRETS.has(secret.toLowerCase().replace(/[.!?]$/, '')) || (accept && !accept(secret))) return whole;
      count++;
      kinds.add(name);
      const start = whole.lastIndexOf(secret);
      return whole.slice(0, start) + REDACTED + whole.slice(start + secret.length);
    });
  }
  const spans = commandLineSecrets(result).filter((span) => !NOT_SECRETS.has(result.slice(span.start, span.end).toLowerCase()));
  if (spans.length > 0) {
    kinds.add('command-line');
    count += spans.length;
    const parts: string[] = [];
    let at = 0;
    for (const span of spans) {
      parts.push(result.slice(at, span.start), REDACTED);
      at = span.end;
    }
    parts.push(result.slice(at));
    result = parts.join('');
  }
  return { text: result, count, kinds: [...kinds] };
}
