import { z } from 'zod';
import type { FaultHooks, SoapAction } from '../fault.ts';
import { defineFaultKind } from '../fault-kind.ts';
import { durationMsSchema } from '../quantities.ts';

const schema = z
  .object({
    /** Operation names; empty or absent means every operation. */
    operations: z.array(z.string().regex(/^[A-Za-z]+$/, 'an ONVIF operation name such as GetProfiles')).default([]),
    delay: durationMsSchema.refine((ms) => ms > 0, { message: 'expected a delay above 0' }),
  })
  .strict();

/** Chosen ONVIF operations answer late (a hub's request timeout meets a slow device). */
class SoapDelay implements FaultHooks {
  private readonly operations: ReadonlySet<string>;
  private readonly action: SoapAction;
  constructor(operations: readonly string[], delayMs: number) {
    this.operations = new Set(operations);
    this.action = { type: 'delay', delayMs };
  }
  onSoapRequest(_service: string, operation: string): SoapAction | undefined {
    return this.operations.size === 0 || this.operations.has(operation) ? this.action : undefined;
  }
}

export const soapDelayFault = defineFaultKind({
  kind: 'soap-delay',
  summary: 'chosen ONVIF operations answer after a delay',
  schema,
  create(cfg) {
    const hooks = new SoapDelay(cfg.operations, cfg.delay);
    return { hooksFor: () => hooks, close: () => undefined };
  },
});
