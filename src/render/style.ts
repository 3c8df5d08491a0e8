import { createColors } from 'picocolors';

/** Columns text is wrapped to when the output is not a terminal. */
export const DEFAULT_WIDTH = 80;

/** Emphasis for terminal text: ANSI on a terminal, identity when plain (NO_COLOR, pipes, JSON). */
export interface TextStyle {
  readonly bold: (text: string) => string;
  readonly dim: (text: string) => string;
  readonly cyan: (text: string) => string;
  readonly yellow: (text: string) => string;
}

export function terminalStyle(color: boolean): TextStyle {
  const c = createColors(color);
  return { bold: c.bold, dim: c.dim, cyan: c.cyan, yellow: c.yellow };
}

export const PLAIN: TextStyle = terminalStyle(false);
