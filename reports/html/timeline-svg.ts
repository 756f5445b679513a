import type { AlarmInterval, RunResult, SessionInterval, TimelineEvent } from '../run-result.ts';
import { formatOffset } from '../format/format-measurement.ts';
import { escapeHtml as h } from './escape-html.ts';
import { timeAxis, type TimeAxis } from './time-axis.ts';

/** Beyond this many cameras a site chart draws the aggregate lanes and the first cameras only. */
export const maxCameraLanes = 40;

const width = 1000;
const labelWidth = 170;
const plotRight = width - 20;
const axisHeight = 22;
const eventLaneHeight = 26;
const aggregateLaneHeight = 46;
const cameraLaneHeight = 16;

interface Interval {
  fromMs: number;
  toMs: number;
}

/** Faults paired with the clear that ends them, for shaded bands. */
interface FaultBand extends Interval {
  event: TimelineEvent;
  /** The cameras it hit; undefined for the whole site. */
  cameras: ReadonlySet<string> | undefined;
}

function eventsForSite(result: RunResult, site: string): TimelineEvent[] {
  return result.timeline.filter((e) => e.site === undefined || e.site === site);
}

/**
 * The runner labels a fault "outage mode=power on slough for 1m" and its end "outage cleared on
 * slough": a clear ends the earlier fault with the same kind (first word), site and cameras.
 */
function pairKey(e: TimelineEvent): string {
  return `${e.label.split(' ', 1)[0]}\u0000${e.site ?? ''}\u0000${(e.cameras ?? []).join(',')}`;
}

function faultBands(events: readonly TimelineEvent[]): FaultBand[] {
  const used = new Set<TimelineEvent>();
  const bands: FaultBand[] = [];
  for (const e of events) {
    if (e.type !== 'fault') continue;
    const key = pairKey(e);
    const clear = events.find((c) => c.type === 'clear' && !used.has(c) && c.atMs >= e.atMs && pairKey(c) === key);
    if (clear === undefined) continue;
    used.add(clear);
    bands.push({
      fromMs: e.atMs,
      toMs: clear.atMs,
      event: e,
      cameras: e.cameras !== undefined && e.cameras.length > 0 ? new Set(e.cameras) : undefined,
    });
  }
  return bands;
}

/** Union of intervals, sorted; open intervals end at the run's end. */
function merge(intervals: Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => a.fromMs - b.fromMs);
  const out: Interval[] = [];
  for (const i of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && i.fromMs <= last.toMs) last.toMs = Math.max(last.toMs, i.toMs);
    else out.push({ ...i });
  }
  return out;
}

/** A step function of how many of the given per-camera interval sets are active over time. */
function stepCounts(perCamera: Interval[][]): { atMs: number; count: number }[] {
  const deltas: { atMs: number; d: number }[] = [];
  for (const intervals of perCamera) {
    for (const i of merge(intervals)) deltas.push({ atMs: i.fromMs, d: 1 }, { atMs: i.toMs, d: -1 });
  }
  deltas.sort((a, b) => a.atMs - b.atMs || a.d - b.d);
  const steps: { atMs: number; count: number }[] = [];
  let count = 0;
  for (const { atMs, d } of deltas) {
    count += d;
    const last = steps[steps.length - 1];
    if (last !== undefined && last.atMs === atMs) last.count = count;
    else steps.push({ atMs, count });
  }
  return steps;
}

function stepPath(
  steps: { atMs: number; count: number }[],
  axis: TimeAxis,
  yOf: (count: number) => number,
  startMs: number,
  endMs: number,
): string {
  let d = `M${axis.x(startMs).toFixed(1)},${yOf(0).toFixed(1)}`;
  let count = 0;
  for (const s of steps) {
    const x = axis.x(s.atMs).toFixed(1);
    d += ` H${x} V${yOf(s.count).toFixed(1)}`;
    count = s.count;
  }
  d += ` H${axis.x(endMs).toFixed(1)} V${yOf(count).toFixed(1)}`;
  return d;
}

function sessionInterval(s: SessionInterval, endMs: number): Interval {
  return { fromMs: s.startMs, toMs: s.endMs ?? endMs };
}

function alarmInterval(a: AlarmInterval, endMs: number): Interval {
  return { fromMs: a.raisedMs, toMs: a.clearedMs ?? endMs };
}

function eventColourClass(type: string): string {
  if (type === 'fault') return 'ev-fault';
  if (type === 'clear') return 'ev-clear';
  if (type === 'mark') return 'ev-mark';
  return 'ev-other';
}

/**
 * One SVG chart for one site: a lane of timeline events (faults, clears, marks, PTZ, handover),
 * an aggregate lane (cameras with an open hub session, cameras with an active alarm), then one
 * lane per camera with its hub sessions (by profile), alarms and the faults that hit it.
 * Every mark carries an SVG <title> so hovering shows the details without script.
 */
export function renderSiteTimeline(result: RunResult, site: { name: string; cameras: readonly string[] }): string {
  const { startMs, endMs } = result;
  const axis = timeAxis(startMs, endMs, labelWidth, plotRight);
  const events = eventsForSite(result, site.name);
  const bands = faultBands(events);
  const shown = site.cameras.slice(0, maxCameraLanes);
  const hidden = site.cameras.length - shown.length;
  const sessionsByCamera = new Map<string, SessionInterval[]>();
  const alarmsByCamera = new Map<string, AlarmInterval[]>();
  for (const s of result.sessions) if (s.site === site.name) push(sessionsByCamera, s.camera, s);
  for (const a of result.alarms) if (a.site === site.name) push(alarmsByCamera, a.camera, a);

  const out: string[] = [];

  // Time axis with grid lines through every lane.
  const chartHeight =
    axisHeight +
    eventLaneHeight +
    aggregateLaneHeight +
    shown.length * cameraLaneHeight +
    (hidden > 0 ? cameraLaneHeight : 0) +
    6;
  for (const t of axis.ticks) {
    out.push(
      `<line class="grid" x1="${t.x.toFixed(1)}" x2="${t.x.toFixed(1)}" y1="${axisHeight - 4}" y2="${chartHeight}"/>`,
    );
    out.push(
      `<text class="tick" x="${t.x.toFixed(1)}" y="${axisHeight - 8}" text-anchor="middle">${h(t.label)}</text>`,
    );
  }
  let y = axisHeight;

  // Fault bands behind everything else: across the event and aggregate lanes, and down the
  // lanes of the cameras the fault hit (every lane when it hit the whole site).
  const firstCameraLaneY = y + eventLaneHeight + aggregateLaneHeight;
  const bandTitle = (b: FaultBand) =>
    `<title>${h(`${b.event.label}: ${formatOffset(b.fromMs, result)} to ${formatOffset(b.toMs, result)}`)}</title>`;
  for (const b of bands) {
    const x0 = axis.x(b.fromMs).toFixed(1);
    const w = Math.max(1, axis.x(b.toMs) - axis.x(b.fromMs)).toFixed(1);
    const bandHeight = b.cameras === undefined ? chartHeight - y : firstCameraLaneY - y;
    out.push(`<rect class="fault-band" x="${x0}" y="${y}" width="${w}" height="${bandHeight}">${bandTitle(b)}</rect>`);
    if (b.cameras === undefined) continue;
    shown.forEach((camera, i) => {
      if (b.cameras!.has(camera))
        out.push(
          `<rect class="fault-band" x="${x0}" y="${firstCameraLaneY + i * cameraLaneHeight}" width="${w}" height="${cameraLaneHeight}">${bandTitle(b)}</rect>`,
        );
    });
  }

  // Events lane.
  out.push(`<text class="lane-label" x="${labelWidth - 8}" y="${y + 17}" text-anchor="end">events</text>`);
  for (const e of events) {
    const x = axis.x(e.atMs).toFixed(1);
    const cameras =
      e.cameras !== undefined && e.cameras.length > 0
        ? ` (${e.cameras.length <= 5 ? e.cameras.join(', ') : `${e.cameras.length} cameras`})`
        : '';
    out.push(
      `<g class="event ${eventColourClass(e.type)}" data-type="${h(e.type)}"><title>${h(`${formatOffset(e.atMs, result)} ${e.type}: ${e.label}${cameras}`)}</title>` +
        `<line x1="${x}" x2="${x}" y1="${y + 2}" y2="${chartHeight}"/><path d="M${x},${y + 14} l-5,-9 h10 z"/></g>`,
    );
  }
  y += eventLaneHeight;

  // Aggregate lane: how many cameras were being pulled, and how many were in alarm.
  const total = Math.max(1, site.cameras.length);
  const yOf = (count: number) => y + aggregateLaneHeight - 4 - (count / total) * (aggregateLaneHeight - 10);
  const pulled = stepCounts(
    site.cameras.map((c) => (sessionsByCamera.get(c) ?? []).map((s) => sessionInterval(s, endMs))),
  );
  const alarmed = stepCounts(
    site.cameras.map((c) => (alarmsByCamera.get(c) ?? []).map((a) => alarmInterval(a, endMs))),
  );
  out.push(`<text class="lane-label" x="${labelWidth - 8}" y="${y + 20}" text-anchor="end">cameras pulled</text>`);
  out.push(
    `<text class="lane-sub" x="${labelWidth - 8}" y="${y + 33}" text-anchor="end">/ in alarm (of ${site.cameras.length})</text>`,
  );
  out.push(
    `<rect class="lane-bg" x="${labelWidth}" y="${y + 2}" width="${plotRight - labelWidth}" height="${aggregateLaneHeight - 4}"/>`,
  );
  out.push(
    `<path class="agg-pulled" d="${stepPath(pulled, axis, yOf, startMs, endMs)}"><title>cameras with an open hub session</title></path>`,
  );
  out.push(
    `<path class="agg-alarm" d="${stepPath(alarmed, axis, yOf, startMs, endMs)}"><title>cameras with an active hub alarm</title></path>`,
  );
  y += aggregateLaneHeight;

  // One lane per camera.
  for (const camera of shown) {
    out.push(`<g class="camera-lane" data-camera="${h(camera)}">`);
    out.push(
      `<text class="lane-label cam" x="${labelWidth - 8}" y="${y + 12}" text-anchor="end">${h(truncate(camera, 24))}<title>${h(camera)}</title></text>`,
    );
    out.push(
      `<rect class="lane-bg" x="${labelWidth}" y="${y + 1}" width="${plotRight - labelWidth}" height="${cameraLaneHeight - 2}"/>`,
    );
    for (const s of sessionsByCamera.get(camera) ?? []) {
      const i = sessionInterval(s, endMs);
      const x0 = axis.x(i.fromMs);
      const x1 = axis.x(i.toMs);
      const end = s.endMs === undefined ? 'still open at the end' : `to ${formatOffset(s.endMs, result)}`;
      out.push(
        `<rect class="session ${s.profile}" x="${x0.toFixed(1)}" y="${y + 2}" width="${Math.max(1, x1 - x0).toFixed(1)}" height="${cameraLaneHeight - 7}"><title>${h(
          `${camera}: ${s.profile} stream pulled by ${s.client}${s.user !== undefined ? ` as ${s.user}` : ''} from ${formatOffset(s.startMs, result)} ${end}`,
        )}</title></rect>`,
      );
    }
    for (const a of alarmsByCamera.get(camera) ?? []) {
      const i = alarmInterval(a, endMs);
      const x0 = axis.x(i.fromMs);
      const x1 = axis.x(i.toMs);
      const end = a.clearedMs === undefined ? 'never cleared' : `cleared ${formatOffset(a.clearedMs, result)}`;
      out.push(
        `<rect class="alarm" x="${x0.toFixed(1)}" y="${y + cameraLaneHeight - 5}" width="${Math.max(2, x1 - x0).toFixed(1)}" height="4"><title>${h(
          `${camera}: ${a.alarm} alarm on ${a.hub} raised ${formatOffset(a.raisedMs, result)}, ${end}`,
        )}</title></rect>`,
      );
    }
    out.push('</g>');
    y += cameraLaneHeight;
  }
  if (hidden > 0) {
    out.push(
      `<text class="lane-sub" x="${labelWidth}" y="${y + 12}">${hidden} more cameras not drawn; the aggregate lane counts all ${site.cameras.length}</text>`,
    );
    y += cameraLaneHeight;
  }

  return (
    `<svg class="timeline" data-site="${h(site.name)}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${chartHeight}" width="100%" role="img" aria-label="${h(
      `timeline of site ${site.name}`,
    )}">` +
    out.join('') +
    '</svg>'
  );
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
