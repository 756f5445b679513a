import { z } from 'zod';
import { defineFaultKind, type FaultKind } from '../fault-kind.ts';

/**
 * A device event (motion, tamper) held on while the fault is active: raised at apply, ended at
 * clear, so `for: 10s` is ten seconds of motion. The ONVIF event service turns it into messages.
 */
export function deviceEventFault(kind: string, topic: string, summary: string): FaultKind {
  return defineFaultKind({
    kind,
    summary,
    schema: z.object({}).strict(),
    create(_cfg, ctx) {
      return {
        start: () => ctx.cameras.forEach((c) => c.raiseEvent(topic, true)),
        close: () => ctx.cameras.forEach((c) => c.raiseEvent(topic, false)),
      };
    },
  });
}
