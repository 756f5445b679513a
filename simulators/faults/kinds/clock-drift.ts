import { z } from 'zod';
import type { FaultHooks } from '../fault.ts';
import { defineFaultKind } from '../fault-kind.ts';
import { parseDurationMs } from '../quantities.ts';

/** A signed duration: '-90s', '2m', or milliseconds. */
const signedDurationMs = z.union([z.string(), z.number()]).transform((value, ctx) => {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  const text = String(value).trim();
  const negative = text.startsWith('-');
  const ms = parseDurationMs(negative ? text.slice(1) : text);
  if (ms === undefined) {
    ctx.addIssue({
      code: 'custom',
      message: `expected a signed duration such as '-90s' or '2m', got ${JSON.stringify(value)}`,
    });
    return z.NEVER;
  }
  return negative ? -ms : ms;
});

const schema = z
  .object({
    /** A step: the device clock jumps by this much at once. */
    offset: signedDurationMs.default(0),
    /** A drift: the device clock gains (or loses, negative) this many parts per million. */
    driftPpm: z.number().min(-1_000_000).max(1_000_000).default(0),
  })
  .strict()
  .refine((c) => c.offset !== 0 || c.driftPpm !== 0, { message: 'expected a non-zero offset or driftPpm' });

/** The device clock steps and/or drifts from true time (UsernameToken freshness, RTCP, SEI). */
class ClockDrift implements FaultHooks {
  constructor(
    private readonly offsetMs: number,
    private readonly driftPpm: number,
    private readonly startMs: number,
  ) {}
  clockOffsetMs(nowMs: number): number {
    return this.offsetMs + ((nowMs - this.startMs) * this.driftPpm) / 1_000_000;
  }
}

export const clockDriftFault = defineFaultKind({
  kind: 'clock-drift',
  summary: 'the device clock steps (offset) and/or drifts (driftPpm) from true time',
  schema,
  create(cfg, ctx) {
    const hooks = new ClockDrift(cfg.offset, cfg.driftPpm, ctx.clock.now());
    return { hooksFor: () => hooks, close: () => undefined };
  },
});
