import type { Requirement } from '../../requirement.ts';
import { bandwidthFaultKinds } from '../../evidence/fault-kinds.ts';
import { windowsOfKind } from '../../evidence/fault-windows.ts';
import { judgeContinuity } from '../../judgements/continuity-judgement.ts';

export const survivesCap: Requirement<{ maxGapMs: number }> = {
  id: 'HUB-BW-01',
  area: 'BANDWIDTH',
  title: 'Keeps the stream through a bandwidth cap',
  rationale:
    'Site links are shared and get congested; a cap below the stream rate must degrade the picture, not lose the camera.',
  level: 'MUST',
  side: 'hub',
  params: {
    maxGapMs: {
      default: 5_000,
      unit: 'ms',
      stricter: 'lower',
      description: 'longest stretch with no session taking frames or held open for the fault, during the cap',
    },
  },
  needs: { observations: ['fault.applied', 'rtsp.session.stats'], capabilities: [] },
  traces: [{ source: 'Force CCTV hub specification (no public test)' }],
  check(ctx) {
    return judgeContinuity(ctx, windowsOfKind(ctx.observations, bandwidthFaultKinds), 'bandwidth cap');
  },
};
