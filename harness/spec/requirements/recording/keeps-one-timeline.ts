import type { Evidence, Requirement } from '../../requirement.ts';
import { timestampJumpQuirks, timestampJumpWindows } from '../../evidence/timestamp-jumps.ts';
import { failed, formatMs, notExercised, passed } from '../../evidence/outcomes.ts';

export const keepsOneTimeline: Requirement<{ maxDriftMs: number }> = {
  id: 'HUB-REC-05',
  area: 'RECORDING',
  title: 'Recordings keep one timeline across a camera’s timestamp jump',
  rationale:
    'Cameras restart their encoder, step their clock or wrap their 32-bit RTP clock without closing the RTSP session, and the stream’s timestamps jump by hours. A hub that writes them into its recordings as they come leaves files that seek to the wrong hour, play back in a blink or refuse to play: evidence an investigator cannot use. Within one recording, pictures must advance with the time they were recorded.',
  level: 'MUST',
  side: 'hub',
  params: {
    maxDriftMs: {
      default: 5_000,
      unit: 'ms',
      stricter: 'lower',
      description:
        'how far a recording’s timeline may move from the hub’s clock over the recording (a step back, a leap ahead or a stall all move it)',
    },
  },
  needs: { observations: ['hub.recording', 'fault.applied'], capabilities: ['recordings'] },
  traces: [
    {
      source:
        'Failure mode: timestamp discontinuities reach recordings, non-monotonic DTS (bluenviron/mediamtx#6255, blakeblackshear/frigate#3688; quirks rtp-discontinuity, rtp-timestamp-wrap)',
    },
    { source: 'Force CCTV hub specification (no public test)' },
  ],
  check({ observations, params, run }) {
    const jumps = timestampJumpWindows(observations);
    if (jumps.length === 0)
      return notExercised(`no camera's RTP timestamps jumped (timed quirk ${timestampJumpQuirks.join(' or ')})`);
    const ok: Evidence[] = [];
    const misses: Evidence[] = [];
    let worst = 0;
    let withoutTimeline = 0;
    for (const o of observations) {
      if (o.kind !== 'hub.recording') continue;
      const spanned = jumps.filter(
        (w) => w.cameras.includes(o.camera) && w.fromMs <= o.endMs && (w.toMs ?? run.endMs) >= o.startMs,
      );
      if (spanned.length === 0) continue;
      const samples = o.timeline ?? [];
      if (samples.length < 2) {
        withoutTimeline++;
        continue;
      }
      // How far the recording's timeline moved from the hub's clock: a step, a leap or a stall all move it.
      const offsets = samples.map((x) => x.mediaMs - (x.atMs - samples[0]!.atMs));
      let lowest = offsets[0]!;
      let segmentWorst = 0;
      let at = samples[0]!.atMs;
      let backwards = 0;
      for (let i = 1; i < samples.length; i++) {
        if (samples[i]!.mediaMs < samples[i - 1]!.mediaMs) backwards++;
        lowest = Math.min(lowest, offsets[i]!);
        const highest = Math.max(...offsets.slice(0, i + 1));
        if (highest - lowest > segmentWorst) {
          segmentWorst = highest - lowest;
          at = samples[i]!.atMs;
        }
      }
      worst = Math.max(worst, segmentWorst);
      const base = { camera: o.camera, hub: o.hub, fromMs: o.startMs, toMs: o.endMs };
      const cause = spanned.map((w) => String(w.params['quirk'])).join(', ');
      if (segmentWorst > params.maxDriftMs) {
        misses.push({
          ...base,
          atMs: at,
          text: `the recording's timeline ${backwards > 0 ? `stepped back ${backwards} time(s) and ` : ''}moved ${formatMs(segmentWorst)} from the hub's clock across ${cause}`,
        });
      } else
        ok.push({
          ...base,
          text: `one timeline across ${cause}: ${samples.length} samples, drifting ${formatMs(segmentWorst)} from the hub's clock`,
        });
    }
    const measurement = {
      name: 'largest drift of a recording’s timeline from the hub’s clock across a timestamp jump',
      value: worst,
      unit: 'ms' as const,
      threshold: params.maxDriftMs,
      op: '<=' as const,
    };
    if (misses.length > 0)
      return failed(
        `${misses.length} recording(s) lost their timeline when the camera's timestamps jumped`,
        measurement,
        [...misses, ...ok],
      );
    if (ok.length === 0)
      return notExercised(
        withoutTimeline > 0
          ? `${withoutTimeline} recording(s) spanned a timestamp jump but carry no timeline camlab could read`
          : 'nothing was recorded while a camera’s timestamps jumped',
      );
    return passed(`${ok.length} recording(s) kept one timeline across timestamp jumps`, measurement, ok);
  },
};
