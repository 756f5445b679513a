import type { Evidence, Requirement } from '../../requirement.ts';
import { unstampedEgress, unstampedReason } from '../../evidence/egress.ts';
import { failed, notExercised, passed } from '../../evidence/outcomes.ts';

export const noStreamMixups: Requirement<{ maxForeignFrames: number }> = {
  id: 'HUB-STR-05',
  area: 'STREAM',
  title: "Never shows one camera's pictures as another's",
  rationale:
    'Footage attributed to the wrong camera is worse than no footage; each egress frame carries its source camera in the SEI stamp.',
  level: 'MUST',
  side: 'hub',
  params: {
    maxForeignFrames: {
      default: 0,
      unit: 'count',
      stricter: 'lower',
      description: "frames at a camera's egress stamped by another camera",
    },
  },
  needs: { observations: ['hub.egress'], capabilities: ['egress'] },
  traces: [{ source: 'Force CCTV hub specification (no public test)' }],
  check({ observations, params }) {
    let frames = 0;
    let foreign = 0;
    const misses: Evidence[] = [];
    const seen = new Map<string, Evidence>();
    for (const o of observations) {
      if (o.kind !== 'hub.egress') continue;
      frames += o.frames;
      foreign += o.foreignFrames;
      if (o.foreignFrames > 0)
        misses.push({
          camera: o.camera,
          hub: o.hub,
          atMs: o.atMs,
          text: `${o.foreignFrames} frames stamped by another camera`,
        });
      else if (o.frames > 0 && !seen.has(o.camera))
        seen.set(o.camera, {
          camera: o.camera,
          hub: o.hub,
          atMs: o.atMs,
          text: `${o.frames} frames, all stamped by this camera`,
        });
    }
    const measurement = {
      name: 'frames at the wrong camera',
      value: foreign,
      unit: 'count' as const,
      threshold: params.maxForeignFrames,
      op: '<=' as const,
    };
    if (foreign > params.maxForeignFrames)
      return failed(
        `${foreign} of ${frames + foreign} stamped egress frames came from another camera`,
        measurement,
        misses,
      );
    // A picture without a stamp could be any camera's: with any of them the egress proves nothing.
    const unstamped = unstampedEgress(observations);
    if (unstamped.frames > 0) return notExercised(unstampedReason(unstamped));
    if (frames === 0) return notExercised('no SEI-stamped frame of its own camera was read at the hub egress');
    return passed(`${frames} egress frames, ${foreign} from another camera`, measurement, [
      ...misses,
      ...seen.values(),
    ]);
  },
};
