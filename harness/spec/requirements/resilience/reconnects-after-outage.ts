import type { Requirement } from '../../requirement.ts';
import { cameraOutages } from '../../evidence/camera-outages.ts';
import { outageWindows } from '../../evidence/fault-windows.ts';
import { judgeReestablish } from '../../judgements/reestablish-judgement.ts';

export const reconnectsAfterOutage: Requirement<{ reconnectWithinMs: number }> = {
  id: 'HUB-RES-03',
  area: 'RESILIENCE',
  title: 'Re-establishes the stream within a bound of the camera returning',
  rationale: 'When power or network comes back the picture must come back on its own, without an operator.',
  level: 'MUST',
  side: 'hub',
  params: { reconnectWithinMs: { default: 30_000, unit: 'ms', stricter: 'lower', description: 'from the camera serving again to the hub playing it' } },
  needs: { observations: ['fault.cleared', 'rtsp.session.play'], capabilities: [] },
  traces: [{ source: 'Force CCTV hub specification (no public test)' }],
  check(ctx) {
    const outages = cameraOutages(ctx.observations, outageWindows(ctx.observations, ['power', 'network', 'stream-freeze']), ctx.run.endMs);
    return judgeReestablish(ctx, outages, 'outage');
  },
};
