import { parseDurationMs } from '../scenario/duration.ts';

/** One step of a load ramp: this many cameras provisioned, held for this long. */
export interface LoadStage {
  cameras: number;
  holdMs: number;
}

export class LoadStagesError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LoadStagesError';
  }
}

/** Parses `--stages 10:30s,50:30s,100:1m` (cameras:hold); counts must rise. */
export function parseStages(text: string): LoadStage[] {
  const stages = text.split(',').map((part, i) => {
    const m = /^\s*(\d+)\s*:\s*(\S+)\s*$/.exec(part);
    const holdMs = m === null ? undefined : parseDurationMs(m[2]!);
    if (m === null || holdMs === undefined || holdMs <= 0)
      throw new LoadStagesError(`stage ${i + 1} '${part}': expected CAMERAS:HOLD such as 50:30s`);
    const cameras = Number(m[1]);
    if (cameras < 1) throw new LoadStagesError(`stage ${i + 1} '${part}': expected at least 1 camera`);
    return { cameras, holdMs };
  });
  stages.forEach((s, i) => {
    if (i > 0 && s.cameras <= stages[i - 1]!.cameras)
      throw new LoadStagesError(
        `stage ${i + 1} has ${s.cameras} cameras, not more than stage ${i}'s ${stages[i - 1]!.cameras}; a ramp only rises`,
      );
  });
  return stages;
}

/** `--cameras N`: a four-step ramp to N (a quarter, half, three quarters, all), each held `holdMs`. */
export function rampTo(cameras: number, holdMs: number): LoadStage[] {
  if (!Number.isInteger(cameras) || cameras < 1)
    throw new LoadStagesError(`--cameras: expected a whole number >= 1, got ${cameras}`);
  const counts = [...new Set([0.25, 0.5, 0.75, 1].map((f) => Math.max(1, Math.round(cameras * f))))];
  return counts.map((n) => ({ cameras: n, holdMs }));
}
