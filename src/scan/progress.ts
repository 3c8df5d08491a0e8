import { formatBytes } from './format.js';

/** Inputs smaller than this finish before a bar would be worth drawing. */
export const PROGRESS_MIN_BYTES = 64 * 1024 * 1024;
/** Redraws at most this often (ms): drawing is a write to the terminal. */
const REDRAW_MS = 200;
const WIDTH = 30;

export interface ProgressStream {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

/** A one-line progress bar on standard error; a no-op when it is not a terminal or the input is small. */
export class ProgressBar {
  private done = 0;
  private last = 0;
  private readonly started = Date.now();
  private readonly active: boolean;

  constructor(
    private readonly stream: ProgressStream,
    /** Total bytes when known (files); 0 for standard input, which shows bytes and speed only. */
    private readonly total: number,
  ) {
    this.active = stream.isTTY === true && (total === 0 || total >= PROGRESS_MIN_BYTES);
  }

  add(bytes: number): void {
    this.done += bytes;
    if (!this.active) return;
    const now = Date.now();
    if (now - this.last < REDRAW_MS) return;
    this.last = now;
    const seconds = Math.max((now - this.started) / 1000, 0.001);
    const speed = `${formatBytes(this.done / seconds)}/s`;
    if (this.total > 0) {
      const share = Math.min(this.done / this.total, 1);
      const filled = Math.round(share * WIDTH);
      this.stream.write(`\r[${'#'.repeat(filled)}${' '.repeat(WIDTH - filled)}] ${(share * 100).toFixed(0).padStart(3)}%  ${formatBytes(this.done)} of ${formatBytes(this.total)}  ${speed}   `);
    } else this.stream.write(`\r${formatBytes(this.done)} read  ${speed}   `);
  }

  /** Clears the bar so the report starts on a clean line. */
  end(): void {
    if (this.active && this.last > 0) this.stream.write(`\r${' '.repeat(WIDTH + 60)}\r`);
  }
}
