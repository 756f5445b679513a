import type { Requirement } from '../../requirement.ts';
import { lossFaultKinds } from '../../evidence/fault-kinds.ts';
import { windowsOfKind } from '../../evidence/fault-windows.ts';
import { judgeContinuity } from '../../judgements/continuity-judgement.ts';

export const survivesLoss: Requirement<{ maxGapMs: number }> = {
  id: 'HUB-BW-04',
  area: 'BANDWIDTH',
  title: 'Keeps the stream through packet loss',
  rationale: 'Wireless and long-haul links lose packets; loss must cost picture quality, not the session.',
  level: 'MUST',
  side: 'hub',
  params: {
    maxGapMs: {
      default: 5_000,
      unit: 'ms',
      stricter: 'lower',
      description: 'longest stretch with no session taking frames or held open for the fault, during the loss',
    },
  },
  needs: { observations: ['fault.applied', 'rtsp.session.stats'], capabilities: [] },
  traces: [{ source: 'Force CCTV hub specification (no public test)' }],
  check(ctx) {
    return judgeContinuity(ctx, windowsOfKind(ctx.observations, lossFaultKinds), 'packet loss');
  },
};
