import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// A real terminal for tests: a tmux server on its own socket, one window running one command.

export const hasTmux = spawnSync('tmux', ['-V']).status === 0;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class TmuxTerminal {
  private readonly socket = `iis401-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  private readonly dir = mkdtempSync(join(tmpdir(), 'iis401-tmux-'));

  constructor(command: string, options: { width?: number; height?: number; cwd?: string; env?: Record<string, string> } = {}) {
    const env = Object.entries({ TERM: 'xterm-256color', ...options.env }).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(' ');
    this.tmux('new-session', '-d', '-s', 'main', '-x', String(options.width ?? 80), '-y', String(options.height ?? 24), '-c', options.cwd ?? process.cwd(), `env ${env} ${command}; echo [exited]; sleep 30`);
  }

  private tmux(...args: string[]): string {
    const result = spawnSync('tmux', ['-L', this.socket, '-f', '/dev/null', ...args], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`tmux ${args[0]} failed: ${result.stderr}`);
    return result.stdout;
  }

  /** Keys as tmux names them ('Enter', 'C-d') or literal text with `literal`. */
  keys(keys: string, literal = false): void {
    this.tmux('send-keys', '-t', 'main', ...(literal ? ['-l', keys] : [keys]));
  }

  /** Pastes as a terminal does, all at once: bracketed when the program asked for it (unless told not to). */
  paste(text: string, options: { bracketed?: boolean } = {}): void {
    const file = join(this.dir, 'paste.txt');
    writeFileSync(file, text);
    this.tmux('load-buffer', '-b', 'p', file);
    this.tmux('paste-buffer', ...(options.bracketed === false ? [] : ['-p']), '-d', '-b', 'p', '-t', 'main');
  }

  /** The screen with its colour and bold escapes. */
  captureEscapes(): string {
    return this.tmux('capture-pane', '-p', '-e', '-S', '-10000', '-t', 'main');
  }

  /** The whole screen and its history, as text. */
  capture(): string {
    return this.tmux('capture-pane', '-p', '-J', '-S', '-10000', '-t', 'main');
  }

  /** The screen lines as drawn (not joined), for width checks. */
  captureLines(): string[] {
    return this.tmux('capture-pane', '-p', '-S', '-10000', '-t', 'main').split('\n');
  }

  /** Waits until the screen matches (a wait, not a timed assertion: the limit only stops a hang). */
  async waitFor(pattern: RegExp, limitMs = 15_000, options: { asDrawn?: boolean } = {}): Promise<string> {
    const deadline = Date.now() + limitMs;
    for (;;) {
      const screen = options.asDrawn ? this.captureLines().join('\n') : this.capture();
      if (pattern.test(screen)) return screen;
      if (Date.now() > deadline) throw new Error(`the terminal never showed ${pattern}; it shows:\n${screen}`);
      await sleep(100);
    }
  }

  close(): void {
    spawnSync('tmux', ['-L', this.socket, 'kill-server']);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
