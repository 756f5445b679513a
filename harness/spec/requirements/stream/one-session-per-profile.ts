import type { Evidence, Requirement } from '../../requirement.ts';
import { userOfHub } from '../../evidence/hub-users.ts';
import { playedSpans, type SessionSpan } from '../../evidence/session-spans.ts';
import { failed, formatMs, notExercised, passed } from '../../evidence/outcomes.ts';

/** Stretches of time a hub held two or more sessions of one camera profile, or kept asking for a second one. */
interface Double {
  camera: string;
  profile: string;
  fromMs: number;
  toMs: number;
  how: string;
}

function doubles(
  spans: readonly SessionSpan[],
  refusals: readonly { atMs: number; camera: string; profile: string }[],
  endMs: number,
): Double[] {
  const out: Double[] = [];
  const byStream = new Map<string, SessionSpan[]>();
  for (const s of spans) {
    const key = `${s.camera}\n${s.profile}`;
    byStream.set(key, [...(byStream.get(key) ?? []), s]);
  }
  for (const [key, list] of byStream) {
    const [camera, profile] = key.split('\n') as [string, string];
    // Sweep the play/close edges: where two or more sessions play at once.
    const edges = list
      .flatMap((s) => [[s.playMs!, 1] as const, [s.closeMs ?? endMs, -1] as const])
      .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    let playing = 0;
    let since = 0;
    for (const [t, d] of edges) {
      if (playing < 2 && playing + d >= 2) since = t;
      if (playing >= 2 && playing + d < 2 && t > since)
        out.push({ camera, profile, fromMs: since, toMs: t, how: 'two sessions played at once' });
      playing += d;
    }
    // Refused second sessions: 453 for this profile while one of the hub's own sessions of it played.
    let series: { holder: SessionSpan; fromMs: number; toMs: number } | undefined;
    const flush = (): void => {
      if (series !== undefined)
        out.push({
          camera,
          profile,
          fromMs: series.fromMs,
          toMs: series.toMs,
          how: 'asked again and again for a second session (453)',
        });
      series = undefined;
    };
    for (const r of refusals) {
      if (r.camera !== camera || r.profile !== profile) continue;
      const holder = list.find((s) => s.playMs! <= r.atMs && (s.closeMs === undefined || s.closeMs > r.atMs));
      if (holder === undefined) continue;
      if (series !== undefined && series.holder !== holder) flush();
      series ??= { holder, fromMs: r.atMs, toMs: r.atMs };
      series.toMs = r.atMs;
    }
    flush();
  }
  return mergeNear(out);
}

/** A second pull that reconnects is still a second pull: stretches of one camera profile this close together count as one. */
const RECONNECT_GAP_MS = 10_000;

function mergeNear(stretches: readonly Double[]): Double[] {
  const sorted = [...stretches].sort(
    (a, b) => a.camera.localeCompare(b.camera) || a.profile.localeCompare(b.profile) || a.fromMs - b.fromMs,
  );
  const out: Double[] = [];
  for (const d of sorted) {
    const last = out[out.length - 1];
    if (
      last !== undefined &&
      last.camera === d.camera &&
      last.profile === d.profile &&
      d.fromMs - last.toMs <= RECONNECT_GAP_MS
    ) {
      last.toMs = Math.max(last.toMs, d.toMs);
      if (last.how !== d.how) last.how = 'held or asked for a second session, reconnecting';
    } else {
      out.push({ ...d });
    }
  }
  return out;
}

export const oneSessionPerProfile: Requirement<{ doubleWithinMs: number }> = {
  id: 'HUB-STR-08',
  area: 'STREAM',
  title: 'Holds one session per camera profile',
  rationale:
    'Cameras serve few RTSP sessions (often two to six); a hub that pulls the same profile twice (one pull to record, one to detect) halves what the camera can give viewers and other systems, doubles the site uplink, and meets 453 Not Enough Bandwidth on cameras with a low cap.',
  level: 'MUST',
  side: 'hub',
  params: {
    doubleWithinMs: {
      default: 65_000,
      unit: 'ms',
      stricter: 'lower',
      description:
        'longest a hub may hold (or keep asking for) a second session of one camera profile: an abandoned session lives until the camera reaps it (60 s)',
    },
  },
  needs: {
    observations: ['rtsp.session.open', 'rtsp.session.play', 'rtsp.session.close', 'rtsp.request'],
    capabilities: [],
  },
  traces: [
    {
      source:
        'Failure mode: RTSP session caps answering 453 (keshavdv/unifi-cam-proxy#340: a hub spawning three streams per camera meets 453)',
    },
    { source: 'Force CCTV hub specification (no public test)' },
  ],
  check(ctx) {
    const { observations, params, run } = ctx;
    const bound = params.doubleWithinMs;
    const misses: Evidence[] = [];
    const ok: Evidence[] = [];
    let worst = 0;
    let sessions = 0;
    for (const hub of run.hubs) {
      const user = userOfHub(run, hub);
      const spans = playedSpans(observations, user);
      sessions += spans.length;
      const refusals: { atMs: number; camera: string; profile: string }[] = [];
      for (const o of observations)
        if (o.kind === 'rtsp.request' && o.user === user && o.status === 453 && o.profile !== undefined)
          refusals.push({ atMs: o.atMs, camera: o.camera, profile: o.profile });
      for (const d of doubles(spans, refusals, run.endMs)) {
        const lengthMs = d.toMs - d.fromMs;
        worst = Math.max(worst, lengthMs);
        const e = {
          camera: d.camera,
          hub,
          fromMs: d.fromMs,
          toMs: d.toMs,
          text: `${d.profile}: ${d.how} for ${formatMs(lengthMs)}`,
        };
        if (lengthMs > bound) misses.push(e);
        else ok.push(e);
      }
      const streams = new Set(spans.map((s) => `${s.camera} ${s.profile}`));
      if (spans.length > 0) ok.push({ hub, text: `${spans.length} sessions over ${streams.size} camera profiles` });
    }
    if (sessions === 0) return notExercised('no hub played a session');
    const measurement = {
      name: 'longest time a hub held or asked for a second session of one camera profile',
      value: worst,
      unit: 'ms' as const,
      threshold: bound,
      op: '<=' as const,
    };
    if (misses.length > 0)
      return failed(
        `${misses.length} times a hub held or asked for a second session of one camera profile for longer than ${formatMs(bound)}`,
        measurement,
        [...misses, ...ok],
      );
    return passed(
      `every hub held one session per camera profile (overlaps at most ${formatMs(worst)})`,
      measurement,
      ok,
    );
  },
};
