import { z } from 'zod';
import type { RtspTransport } from '../../observations/observation.ts';
import { FRAME_DROP, FRAME_SEND, type FaultHooks } from '../fault.ts';
import { defineFaultKind } from '../fault-kind.ts';
import { durationMsSchema, ratioSchema } from '../quantities.ts';

const schema = z
  .object({
    /** Share of frames lost: 0.05 or '5%'. */
    ratio: ratioSchema,
    /** TCP never loses: a lost segment costs a retransmission timeout instead. */
    retransmit: durationMsSchema.default(200),
  })
  .strict();

/** Seeded random loss: UDP frames vanish, TCP frames arrive late by a retransmission timeout. */
class Loss implements FaultHooks {
  constructor(
    private readonly ratio: number,
    private readonly retransmitMs: number,
    private readonly random: () => number,
  ) {}

  onFrame(_sessionKey: string, _frameBytes: number, transport: RtspTransport): number {
    if (this.random() >= this.ratio) return FRAME_SEND;
    return transport === 'udp' ? FRAME_DROP : this.retransmitMs;
  }
}

export const lossFault = defineFaultKind({
  kind: 'loss',
  summary: 'random packet loss (seeded): UDP frames lost, TCP frames delayed by a retransmission',
  schema,
  create(cfg, ctx) {
    const hooks = new Loss(cfg.ratio, cfg.retransmit, ctx.random);
    return { hooksFor: () => hooks, close: () => undefined };
  },
});
