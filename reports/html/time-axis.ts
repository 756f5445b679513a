/** A linear time axis from run start to run end, mapped onto [x0, x1] pixels, with round ticks. */
export interface TimeAxis {
  x(atMs: number): number;
  ticks: { x: number; label: string }[];
}

const tickStepsMs = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14_400, 28_800, 86_400].map(
  (s) => s * 1000,
);

export function timeAxis(startMs: number, endMs: number, x0: number, x1: number): TimeAxis {
  const spanMs = Math.max(1, endMs - startMs);
  const x = (atMs: number) => x0 + (Math.min(Math.max(atMs, startMs), endMs) - startMs) * ((x1 - x0) / spanMs);
  const stepMs = tickStepsMs.find((s) => spanMs / s <= 10) ?? tickStepsMs[tickStepsMs.length - 1]!;
  const ticks: TimeAxis['ticks'] = [];
  for (let t = 0; t <= spanMs; t += stepMs) ticks.push({ x: x(startMs + t), label: formatTick(t) });
  return { x, ticks };
}

function formatTick(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return s % 60 === 0 ? `${s / 60}m` : `${Math.floor(s / 60)}m${s % 60}s`;
  return s % 3600 === 0 ? `${s / 3600}h` : `${Math.floor(s / 3600)}h${Math.round((s % 3600) / 60)}m`;
}
