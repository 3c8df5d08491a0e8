import { existsSync } from 'node:fs';
import { glob, isDynamicPattern } from 'tinyglobby';

/**
 * Expands a path pattern the shell left alone (cmd and PowerShell pass `u_ex24*.log` through as it is).
 * An existing path is kept even when it holds glob characters; a pattern matching nothing is kept too,
 * so the command reports it as a missing file instead of silently reading nothing.
 */
export async function expandPath(arg: string, cwd: string = process.cwd(), platform: NodeJS.Platform = process.platform): Promise<string[]> {
  if (arg === '-' || existsSync(arg)) return [arg];
  // Windows paths use backslashes, which glob patterns read as escapes.
  const pattern = platform === 'win32' ? arg.replace(/\\/g, '/') : arg;
  if (!isDynamicPattern(pattern)) return [arg];
  const found = await glob(pattern, { cwd, onlyFiles: true, expandDirectories: false, dot: false, absolute: false });
  // IIS names logs by date, so name order is time order.
  return found.length > 0 ? found.sort() : [arg];
}

export async function expandPaths(args: readonly string[], cwd?: string, platform?: NodeJS.Platform): Promise<string[]> {
  const out: string[] = [];
  for (const arg of args) out.push(...(await expandPath(arg, cwd, platform)));
  return out;
}
