// Diagnose time on 1 MiB of each hostile shape (issue 11: target under 1 s each). Median of a few runs.
import type { DiagnosisEngine } from '../src/diagnose.js';
import { HOSTILE_SHAPES, hostilePaste } from './hostile-shapes.js';
import { median, timeMs } from './stats.js';

export const HOSTILE_BYTES = 1024 * 1024;

export interface HostileTiming {
  readonly shape: string;
  readonly ms: number;
}

export function timeHostileShapes(engine: DiagnosisEngine, rounds: number): HostileTiming[] {
  return HOSTILE_SHAPES.map((shape) => {
    const paste = hostilePaste(shape, HOSTILE_BYTES);
    const runs = Array.from({ length: rounds }, () => timeMs(() => engine.diagnose(paste)));
    return { shape: shape.name, ms: median(runs) };
  });
}
