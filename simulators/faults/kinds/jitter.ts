import { z } from 'zod';
import type { FaultHooks } from '../fault.ts';
import { defineFaultKind } from '../fault-kind.ts';
import { durationMsSchema } from '../quantities.ts';

const schema = z
  .object({
    /** Each frame is held a uniformly random time in [delay, delay + jitter). */
    jitter: durationMsSchema.refine((ms) => ms > 0, { message: 'expected a jitter above 0' }),
    delay: durationMsSchema.default(0),
  })
  .strict();

/** Varying delay per frame (seeded). The session's queue keeps frame order on TCP. */
class Jitter implements FaultHooks {
  constructor(
    private readonly delayMs: number,
    private readonly jitterMs: number,
    private readonly random: () => number,
  ) {}
  onFrame(): number {
    return this.delayMs + this.random() * this.jitterMs;
  }
}

export const jitterFault = defineFaultKind({
  kind: 'jitter',
  summary: 'random per-frame delay (seeded) on top of an optional fixed delay',
  schema,
  create(cfg, ctx) {
    const hooks = new Jitter(cfg.delay, cfg.jitter, ctx.random);
    return { hooksFor: () => hooks, close: () => undefined };
  },
});
