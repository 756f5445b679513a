import type { Requirement } from '../../requirement.ts';
import { cameraOutages } from '../../evidence/camera-outages.ts';
import { rebootFaultKinds } from '../../evidence/fault-kinds.ts';
import { windowsOfKind } from '../../evidence/fault-windows.ts';
import { judgeReestablish } from '../../judgements/reestablish-judgement.ts';

export const survivesReboot: Requirement<{ reconnectWithinMs: number; deliverForMs: number }> = {
  id: 'HUB-RES-07',
  area: 'RESILIENCE',
  title: 'Streams again after a camera reboot',
  rationale: 'Cameras reboot for firmware and watchdogs; the hub must pick the stream up when the camera has booted.',
  level: 'MUST',
  side: 'hub',
  params: {
    reconnectWithinMs: {
      default: 30_000,
      unit: 'ms',
      stricter: 'lower',
      description: 'from the camera up again to the hub taking its frames steadily',
    },
    deliverForMs: {
      default: 10_000,
      unit: 'ms',
      stricter: 'higher',
      description: 'how long frames must then flow without a break for the stream to count as back',
    },
  },
  needs: { observations: ['fault.applied', 'camera.state', 'rtsp.session.stats'], capabilities: [] },
  traces: [{ source: 'Force CCTV hub specification (no public test)' }],
  check(ctx) {
    const reboots = cameraOutages(ctx.observations, windowsOfKind(ctx.observations, rebootFaultKinds), ctx.run.endMs);
    return judgeReestablish(ctx, reboots, 'reboot');
  },
};
