import type { RecordingsSpec } from './declarative-adapter-schema.ts';
import { readJsonPath } from './json-path.ts';

/** One recording a hub lists, on the hub's wall clock. */
export interface ListedRecording {
  /** The hub's reference to the camera, as the listing gives it (resolved by the caller). */
  cameraRef: string;
  startWallMs: number;
  endWallMs: number;
  downloadUrl?: string;
}

/** Reads the recordings out of one listing answer; `problems` gets a line for each entry it cannot read. */
export function readRecordingListing(
  json: unknown,
  spec: RecordingsSpec,
  calledFor: string | undefined,
  problems: string[],
): ListedRecording[] {
  const items = readJsonPath(json, spec.items);
  const entries: [string | undefined, unknown][] = Array.isArray(items)
    ? items.map((v) => [undefined, v])
    : items !== null && typeof items === 'object'
      ? Object.entries(items)
      : [];
  if (entries.length === 0 && items === undefined) problems.push(`no list at ${spec.items}`);
  const out: ListedRecording[] = [];
  for (const [key, item] of entries) {
    const ref = spec.camera === undefined ? calledFor : readJsonPath(item, spec.camera, key);
    const startWallMs = hubTimeMs(readJsonPath(item, spec.start, key), spec.timeFormat);
    const endWallMs = hubTimeMs(readJsonPath(item, spec.end, key), spec.timeFormat);
    const download = spec.download === undefined ? undefined : readJsonPath(item, spec.download, key);
    const quoted = JSON.stringify(item).slice(0, 200);
    if ((typeof ref !== 'string' && typeof ref !== 'number') || startWallMs === undefined || endWallMs === undefined) {
      problems.push(
        `recording not understood (camera ${spec.camera ?? '(called for)'}, start ${spec.start}, end ${spec.end} as ${spec.timeFormat}): ${quoted}`,
      );
      continue;
    }
    if (endWallMs < startWallMs) {
      problems.push(`recording ends before it starts: ${quoted}`);
      continue;
    }
    if (spec.download !== undefined && typeof download !== 'string') {
      problems.push(`recording has no download URL at ${spec.download}: ${quoted}`);
      continue;
    }
    out.push({
      cameraRef: String(ref),
      startWallMs,
      endWallMs,
      ...(typeof download === 'string' ? { downloadUrl: download } : {}),
    });
  }
  return out;
}

/** A hub's time value as epoch ms, or undefined when it is not one in the declared format. */
export function hubTimeMs(value: unknown, format: RecordingsSpec['timeFormat']): number | undefined {
  if (format === 'iso') {
    // Only full date-times: a bare date or a local time without offset would be guessed.
    if (
      typeof value !== 'string' ||
      !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(value)
    )
      return undefined;
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? undefined : ms;
  }
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\d+(\.\d+)?$/.test(value)
        ? Number(value)
        : undefined;
  if (n === undefined || !Number.isFinite(n)) return undefined;
  return format === 'epoch-ms' ? n : n * 1000;
}
