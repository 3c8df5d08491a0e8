// How a W3C log line splits into its values, shared by the parser (iis-log.ts) and the log scanner
// (src/scan/scanner.ts), so that both read every line the same way (issue 12).
//
// IIS writes one space between values and `+` for a space inside one; other writers (IIS Advanced
// Logging, log shippers, spreadsheets) put a value holding spaces in double quotes, or separate values
// with tabs. A hand-written pass instead of a regular expression: linear by construction.

const SPACE = 0x20;
const TAB = 0x09;
const QUOTE = 0x22;

/**
 * The values of one line: split on runs of spaces and tabs, a `"quoted value"` kept whole (quotes
 * dropped, `""` inside it read as one quote).
 */
export function splitFields(line: string): string[] {
  const out: string[] = [];
  const n = line.length;
  let i = 0;
  while (i < n) {
    let c = line.charCodeAt(i);
    if (c === SPACE || c === TAB) {
      i++;
      continue;
    }
    if (c === QUOTE) {
      let value = '';
      let from = ++i;
      for (; i < n; i++) {
        if (line.charCodeAt(i) !== QUOTE) continue;
        if (line.charCodeAt(i + 1) === QUOTE) {
          value += line.slice(from, i + 1);
          from = ++i + 1;
          continue;
        }
        break;
      }
      value += line.slice(from, i);
      i++;
      out.push(value);
      continue;
    }
    const from = i;
    for (; i < n; i++) {
      c = line.charCodeAt(i);
      if (c === SPACE || c === TAB) break;
    }
    out.push(line.slice(from, i));
  }
  return out;
}

/** Fields only an IIS FTP log names (its sc-status holds FTP replies such as 331, 230 and 226). */
const FTP_FIELDS = new Set(['x-session', 'x-fullpath', 'x-debug']);

/**
 * What a log is not an HTTP request log: `ftp` when its `#Software` or its `#Fields` say FTP, else
 * undefined. Its lines are recognised and reported, never counted as HTTP statuses.
 */
export function nonHttpKind(fields: readonly string[], software = ''): 'ftp' | undefined {
  if (/\bFTP\b/i.test(software)) return 'ftp';
  return fields.some((f) => FTP_FIELDS.has(f)) ? 'ftp' : undefined;
}

/** FTP commands and events in cs-method of an FTP log written without its header. */
const FTP_METHODS = new Set(['USER', 'PASS', 'QUIT', 'CWD', 'PWD', 'PASV', 'EPSV', 'PORT', 'EPRT', 'RETR', 'STOR', 'LIST', 'NLST', 'MLSD', 'TYPE', 'SYST', 'FEAT', 'OPTS', 'AUTH', 'PBSZ', 'PROT', 'SIZE', 'MDTM', 'DELE', 'RNFR', 'RNTO', 'MKD', 'RMD', 'NOOP', 'CONTROLCHANNELOPENED', 'CONTROLCHANNELCLOSED', 'DATACHANNELOPENED', 'DATACHANNELCLOSED']);

/** Whether a cs-method value is an FTP command or event; IIS 4 and 5 write it after the session, `[2]USER`. */
export function isFtpCommand(method: string): boolean {
  let start = 0;
  if (method.startsWith('[')) {
    const close = method.indexOf(']');
    if (close > 0) start = close + 1;
  }
  return FTP_METHODS.has(method.slice(start).toUpperCase());
}

/** Whether a headerless line's values look like an FTP log's (an FTP command where HTTP has its method). */
export function looksLikeFtp(values: readonly string[]): boolean {
  return values.slice(2, 7).some(isFtpCommand);
}
