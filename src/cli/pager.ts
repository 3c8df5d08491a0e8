import { spawn } from 'node:child_process';

export interface PagerTarget {
  readonly isTTY?: boolean;
  readonly rows?: number;
  write(text: string): boolean;
}

/** The pager command, as git and gh choose it: IIS401_PAGER, then PAGER, then `less`. Empty or `cat` means none. */
export function pagerCommand(env: NodeJS.ProcessEnv): string | undefined {
  const chosen = env.IIS401_PAGER ?? env.PAGER ?? 'less';
  const trimmed = chosen.trim();
  return trimmed === '' || trimmed === 'cat' ? undefined : trimmed;
}

/**
 * Writes `text` (ending with a newline) to the terminal, through a pager when it is longer than the screen
 * and the output is a terminal; never when piped. A pager that cannot start (no `less` on Windows) falls
 * back to writing directly.
 */
export async function writePaged(text: string, options: { pager: boolean; out?: PagerTarget; env?: NodeJS.ProcessEnv } = { pager: true }): Promise<void> {
  const out = options.out ?? (process.stdout as PagerTarget);
  const env = options.env ?? process.env;
  const command = pagerCommand(env);
  const lines = text.split('\n').length;
  if (!options.pager || !out.isTTY || !command || lines < (out.rows ?? 24)) {
    out.write(text);
    return;
  }
  await new Promise<void>((resolve) => {
    // -F leaves at once when the text fits, -R keeps colour, -X leaves the text on screen.
    const child = spawn(command, { shell: true, stdio: ['pipe', 'inherit', 'inherit'], env: { LESS: 'FRX', ...env } });
    let started = true;
    child.on('error', () => {
      started = false;
      out.write(text);
      resolve();
    });
    child.on('close', () => {
      if (started) resolve();
    });
    child.stdin.on('error', () => undefined); // the reader quit early (q in less)
    child.stdin.end(text);
  });
}
