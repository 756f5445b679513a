import type { TimelineEvent } from '../../reports/run-result.ts';

/**
 * The demo's progress lines. Pure: given where the run is, the text to print. The bar shows
 * how far the compressed timeline has played (wall time against the scenario's duration over
 * the speed), so a newcomer sees the two minutes pass.
 */
export interface DemoProgress {
  /** Wall-clock ms since the timeline started playing. */
  elapsedMs: number;
  /** Wall-clock ms the timeline takes (scenario duration over speed). */
  totalMs: number;
}

const barWidth = 24;

export function progressBar({ elapsedMs, totalMs }: DemoProgress): string {
  const ratio = totalMs <= 0 ? 1 : Math.min(1, Math.max(0, elapsedMs / totalMs));
  const filled = Math.round(ratio * barWidth);
  return `[${'#'.repeat(filled)}${'.'.repeat(barWidth - filled)}] ${String(Math.round(ratio * 100)).padStart(3)}%`;
}

/** "mm:ss" of a wall-clock offset. */
export function clockText(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

/** One line per timeline event: when (wall time since the demo started), how far, what happened and where. */
export function eventLine(event: TimelineEvent, sinceStartMs: number, progress: DemoProgress): string {
  const where = event.site !== undefined ? ` [${event.site}]` : '';
  return `${clockText(sinceStartMs)} ${progressBar(progress)}  ${event.type.padEnd(9)} ${event.label}${where}`;
}
