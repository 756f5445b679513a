import type { Evidence, Requirement } from '../../requirement.ts';
import { failed, formatMs, notExercised, passed } from '../../evidence/outcomes.ts';
import { finalRecordings, hubCamerasWithFrames } from '../../evidence/recorded-frames.ts';

/**
 * The first of the time-as-evidence requirements: the time a hub files a frame under is the
 * time it was captured. Judged against the truth every camlab frame carries (its SEI stamp);
 * later requirements of the family extend it (exports, clock drift, time zones).
 */
export const recordingsCarryCaptureTime: Requirement<{ maxTimeErrorMs: number }> = {
  id: 'HUB-REC-04',
  area: 'RECORDING',
  title: 'Recordings are filed under the time the frames were captured',
  rationale:
    'A recording is evidence of when something happened. A hub that files footage under the time it received it — the time it backfilled a site’s recording, or a late arrival — ' +
    'puts events at the wrong time in court. Every frame the hub holds must carry its capture time within a bound.',
  level: 'MUST',
  side: 'hub',
  params: {
    maxTimeErrorMs: {
      default: 3_000,
      unit: 'ms',
      stricter: 'lower',
      description:
        'how far the hub’s time for a frame in its recordings may be from the instant the camera captured it',
    },
  },
  needs: { observations: ['hub.recording.frames'], capabilities: ['recording-frames'] },
  traces: [{ source: 'Force CCTV hub specification (no public test)' }],
  check({ observations, params }) {
    const ok: Evidence[] = [];
    const misses: Evidence[] = [];
    const untimed: string[] = [];
    let worst = 0;
    for (const { hub, camera } of hubCamerasWithFrames(observations)) {
      let cameraWorst = 0;
      let timedFrames = 0;
      let replayedFrames = 0;
      let worstAt: { recording: string; firstMs: number; lastMs: number; replayed: boolean } | undefined;
      for (const rec of finalRecordings(observations, hub, camera)) {
        for (const r of rec.runs) {
          if (r.timeErrorMs === undefined) continue;
          timedFrames += r.frames;
          if (r.replayed) replayedFrames += r.frames;
          const error = Math.max(Math.abs(r.timeErrorMs.min), Math.abs(r.timeErrorMs.max));
          if (error >= cameraWorst) {
            cameraWorst = error;
            worstAt = { recording: rec.recording, firstMs: r.firstMs, lastMs: r.lastMs, replayed: r.replayed };
          }
        }
      }
      if (timedFrames === 0) {
        untimed.push(`${camera} (${hub})`);
        continue;
      }
      worst = Math.max(worst, cameraWorst);
      const where =
        worstAt === undefined ? '' : ` (${worstAt.replayed ? 'backfilled' : 'live'} frames in ${worstAt.recording})`;
      const evidence = {
        hub,
        camera,
        ...(worstAt ? { fromMs: worstAt.firstMs, toMs: worstAt.lastMs } : {}),
        text: `${timedFrames} frames (${replayedFrames} backfilled); the hub’s time is off the capture time by up to ${formatMs(cameraWorst)}${where}`,
      };
      if (cameraWorst > params.maxTimeErrorMs) misses.push(evidence);
      else ok.push(evidence);
    }
    if (ok.length + misses.length === 0) {
      return notExercised(
        untimed.length > 0
          ? `the hub’s recordings give no time to their frames (${untimed.join(', ')})`
          : 'the hub held no stamped frames in its recordings',
      );
    }
    const measurement = {
      name: 'largest gap between the hub’s time for a recorded frame and its capture time',
      value: worst,
      unit: 'ms' as const,
      threshold: params.maxTimeErrorMs,
      op: '<=' as const,
    };
    if (misses.length > 0)
      return failed(
        `recordings of ${misses.length} camera(s) filed off their capture time`,
        measurement,
        misses.concat(ok),
      );
    return passed(
      `recordings of ${ok.length} camera(s) carry capture time within ${formatMs(params.maxTimeErrorMs)}`,
      measurement,
      ok,
    );
  },
};
