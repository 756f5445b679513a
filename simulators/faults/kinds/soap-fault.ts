import { z } from 'zod';
import type { FaultHooks, SoapAction } from '../fault.ts';
import { defineFaultKind } from '../fault-kind.ts';

const schema = z
  .object({
    /** Operation names (GetProfiles, GetStreamUri...); empty or absent means every operation. */
    operations: z.array(z.string().regex(/^[A-Za-z]+$/, 'an ONVIF operation name such as GetProfiles')).default([]),
    httpStatus: z.number().int().min(400).max(599).default(500),
    code: z.enum(['env:Sender', 'env:Receiver']).default('env:Receiver'),
    /** ONVIF generic fault subcode (Core, "Generic faults"). */
    subcode: z
      .string()
      .regex(/^ter:[A-Za-z]+$/, "a ter: subcode such as 'ter:CriticalError'")
      .default('ter:CriticalError'),
    reason: z.string().min(1).default('injected SOAP fault'),
  })
  .strict();

/** Chosen ONVIF operations answer with a SOAP fault. */
class SoapFault implements FaultHooks {
  private readonly operations: ReadonlySet<string>;
  constructor(
    operations: readonly string[],
    private readonly action: SoapAction,
  ) {
    this.operations = new Set(operations);
  }
  onSoapRequest(_service: string, operation: string): SoapAction | undefined {
    return this.operations.size === 0 || this.operations.has(operation) ? this.action : undefined;
  }
}

export const soapFaultFault = defineFaultKind({
  kind: 'soap-fault',
  summary: 'chosen ONVIF operations answer with a SOAP fault (default 500 env:Receiver ter:CriticalError)',
  schema,
  create(cfg) {
    const hooks = new SoapFault(cfg.operations, {
      type: 'fault',
      httpStatus: cfg.httpStatus,
      code: cfg.code,
      subcode: cfg.subcode,
      reason: cfg.reason,
    });
    return { hooksFor: () => hooks, close: () => undefined };
  },
});
