// The baseline an admin would write by hand: awk counting 401s by sub-status and Win32 code.
import { spawnSync } from 'node:child_process';

export interface Awk {
  readonly command: string;
  /** What `--version` / `-W version` says, first line. */
  readonly version: string;
}

/**
 * Counts `sc-substatus sc-win32-status` of every 401, finding the columns by `#Fields` (which may change
 * mid-file) and skipping lines whose field count does not match it, as the scanner does. IIS writes CRLF:
 * the CR is stripped from the #Fields names and from the printed key, not from every line (that would
 * make awk split every line twice).
 */
export const AWK_PROGRAM = String.raw`
/^#Fields:/ { sub(/\r$/, ""); s = ss = w = 0; for (i = 2; i <= NF; i++) { if ($i == "sc-status") s = i - 1; else if ($i == "sc-substatus") ss = i - 1; else if ($i == "sc-win32-status") w = i - 1 } nf = NF - 1; next }
/^#/ { next }
s && NF == nf && $s == 401 { c[(ss ? $ss : "-") " " (w ? $w : "-")]++ }
END { for (k in c) { key = k; sub(/\r$/, "", key); print key, c[k] } }
`;

/** The first line a command prints for `args`: undefined if it is not installed, '' if it refused them. */
function firstLine(command: string, args: string[]): string | undefined {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.error) return undefined;
  if (result.status !== 0) return '';
  return `${result.stdout}${result.stderr}`.split('\n').find((l) => l.trim() !== '')?.trim() ?? '';
}

/** gawk, else mawk, else whatever `awk` is; undefined when there is none. */
export function findAwk(): Awk | undefined {
  for (const command of ['gawk', 'mawk', 'awk']) {
    // gawk answers --version; mawk's own spelling is -W version.
    const version = firstLine(command, ['-W', 'version']) || firstLine(command, ['--version']);
    if (version !== undefined) return { command, version: version || `${command} (version unknown)` };
  }
  return undefined;
}

/** awk's output as `substatus win32` -> count. */
export function parseAwkCounts(stdout: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const line of stdout.split('\n')) {
    const [substatus, win32, count] = line.trim().split(/\s+/);
    // A key may come twice, with and without the CR of a line that ended in it: add them up.
    if (substatus && win32 && count) counts.set(`${substatus} ${win32}`, (counts.get(`${substatus} ${win32}`) ?? 0) + Number(count));
  }
  return counts;
}
