import type { Requirement } from '../../requirement.ts';
import { cameraOutages } from '../../evidence/camera-outages.ts';
import { uriChangeFaultKinds } from '../../evidence/fault-kinds.ts';
import { windowsOfKind } from '../../evidence/fault-windows.ts';
import { judgeReestablish } from '../../judgements/reestablish-judgement.ts';

export const followsChangedUri: Requirement<{ reconnectWithinMs: number; deliverForMs: number }> = {
  id: 'HUB-RES-08',
  area: 'RESILIENCE',
  title: 'Follows a changed stream URI or address',
  rationale:
    'Re-addressed cameras and firmware that moves stream paths are routine; the hub must find the stream again (ONVIF GetStreamUri) rather than retry a dead URI forever.',
  level: 'SHOULD',
  side: 'hub',
  params: {
    reconnectWithinMs: {
      default: 60_000,
      unit: 'ms',
      stricter: 'lower',
      description: 'from the change to the hub taking the camera frames steadily again',
    },
    deliverForMs: {
      default: 10_000,
      unit: 'ms',
      stricter: 'higher',
      description: 'how long frames must then flow without a break for the stream to count as back',
    },
  },
  needs: { observations: ['fault.applied', 'rtsp.session.stats'], capabilities: [] },
  traces: [
    {
      source: 'ONVIF Profile S Client Test Specification',
      feature: 'Get Stream URI (MediaStreaming_GetStreamURI)',
      testCase: 'MEDIASTREAMING-2',
    },
  ],
  check(ctx) {
    const changes = cameraOutages(
      ctx.observations,
      windowsOfKind(ctx.observations, uriChangeFaultKinds),
      ctx.run.endMs,
    ).map((o) => ({ ...o, returnMs: o.fromMs }));
    return judgeReestablish(ctx, changes, 'stream URI change');
  },
};
