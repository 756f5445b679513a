import type { Requirement } from '../../requirement.ts';
import { cameraOutages } from '../../evidence/camera-outages.ts';
import { outageWindows } from '../../evidence/fault-windows.ts';
import { judgeReestablish } from '../../judgements/reestablish-judgement.ts';

export const reconnectsAfterOutage: Requirement<{ reconnectWithinMs: number; deliverForMs: number }> = {
  id: 'HUB-RES-03',
  area: 'RESILIENCE',
  title: 'Re-establishes the stream within a bound of the camera returning',
  rationale: 'When power or network comes back the picture must come back on its own, without an operator.',
  level: 'MUST',
  side: 'hub',
  params: {
    reconnectWithinMs: {
      default: 30_000,
      unit: 'ms',
      stricter: 'lower',
      description: 'from the camera serving again to the hub taking its frames steadily',
    },
    deliverForMs: {
      default: 10_000,
      unit: 'ms',
      stricter: 'higher',
      description: 'how long frames must then flow without a break for the stream to count as back',
    },
  },
  needs: { observations: ['fault.cleared', 'rtsp.session.stats'], capabilities: [] },
  traces: [{ source: 'Force CCTV hub specification (no public test)' }],
  check(ctx) {
    const outages = cameraOutages(
      ctx.observations,
      outageWindows(ctx.observations, ['power', 'network', 'stream-freeze']),
      ctx.run.endMs,
    );
    return judgeReestablish(ctx, outages, 'outage');
  },
};
