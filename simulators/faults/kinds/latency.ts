import { z } from 'zod';
import type { FaultHooks, SoapAction } from '../fault.ts';
import { defineFaultKind } from '../fault-kind.ts';
import { durationMsSchema } from '../quantities.ts';

const schema = z
  .object({ delay: durationMsSchema.refine((ms) => ms > 0, { message: 'expected a delay above 0' }) })
  .strict();

/** A longer path: every frame and every SOAP answer leaves `delay` later. */
class Latency implements FaultHooks {
  private readonly soap: SoapAction;
  constructor(private readonly delayMs: number) {
    this.soap = { type: 'delay', delayMs };
  }
  onFrame(): number {
    return this.delayMs;
  }
  onSoapRequest(): SoapAction {
    return this.soap;
  }
}

export const latencyFault = defineFaultKind({
  kind: 'latency',
  summary: 'added one-way delay on frames and SOAP answers',
  schema,
  create(cfg) {
    const hooks = new Latency(cfg.delay);
    return { hooksFor: () => hooks, close: () => undefined };
  },
});
