import { z } from 'zod';
import type { Camera } from '../../camera/camera.ts';
import { FRAME_DROP, type ConnectionVerdict, type DeviceService, type FaultHooks, type SoapAction } from '../fault.ts';
import { defineFaultKind } from '../fault-kind.ts';

const schema = z
  .object({
    /**
     * power: everything down (listeners closed, Bye), back after boot time when cleared.
     * network: unreachable; new connections hang (or reset), frames and discovery go nowhere.
     * stream-freeze: RTSP sessions stay open but carry no frames.
     * onvif-down: SOAP and snapshot connections are refused; streams keep going.
     */
    mode: z.enum(['power', 'network', 'stream-freeze', 'onvif-down']),
    /** How a network outage treats new TCP connections: hang (SYN into the void) or reset. */
    connections: z.enum(['hang', 'reset']).default('hang'),
  })
  .strict();

/** A request on a connection that was open before the cable was pulled never gets an answer. */
const unanswered: SoapAction = { type: 'delay', delayMs: 3_600_000 };
const serviceUnavailable: SoapAction = {
  type: 'fault',
  httpStatus: 503,
  code: 'env:Receiver',
  subcode: 'ter:ServiceNotAvailable',
  reason: 'ONVIF service unavailable (injected outage)',
};

class NetworkOutage implements FaultHooks {
  constructor(private readonly verdict: ConnectionVerdict) {}
  onConnection(): ConnectionVerdict {
    return this.verdict;
  }
  onFrame(): number {
    return FRAME_DROP;
  }
  onSoapRequest(): SoapAction {
    return unanswered;
  }
  discoverable(): boolean {
    return false;
  }
}

const streamFreeze: FaultHooks = { onFrame: () => FRAME_DROP };

const onvifDown: FaultHooks = {
  onConnection: (service: DeviceService) => (service === 'onvif' || service === 'snapshot' ? 'reset' : 'accept'),
  onSoapRequest: () => serviceUnavailable,
};

function heldDownByAnotherOutage(camera: Camera, id: string): boolean {
  return camera.faults.some((f) => f.id !== id && f.kind === 'outage' && f.params?.mode === 'power');
}

export const outageFault = defineFaultKind({
  kind: 'outage',
  summary: 'a camera goes away: power, network, stream-freeze or onvif-down (params.mode)',
  schema,
  create(cfg, ctx) {
    if (cfg.mode === 'power') {
      const cause = `fault ${ctx.id}: power outage`;
      return {
        start: () => ctx.cameras.forEach((c) => c.powerOff(cause)),
        close: () => {
          // Stacked power outages: the camera comes back only when the last one clears.
          for (const c of ctx.cameras)
            if (!heldDownByAnotherOutage(c, ctx.id)) c.boot(ctx.clock, `fault ${ctx.id} cleared: power restored`);
        },
      };
    }
    const hooks =
      cfg.mode === 'network'
        ? new NetworkOutage(cfg.connections)
        : cfg.mode === 'stream-freeze'
          ? streamFreeze
          : onvifDown;
    return { hooksFor: () => hooks, close: () => undefined };
  },
});
