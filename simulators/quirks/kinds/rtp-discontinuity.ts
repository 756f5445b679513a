import { z } from 'zod';
import { signedDurationMsSchema } from '../quantities.ts';
import { defineQuirk } from '../quirk.ts';

const TICKS_PER_MS = 90;

export const rtpDiscontinuity = defineQuirk({
  id: 'rtp-discontinuity',
  title: 'RTP time and sequence numbers jump in a live session',
  wire: 'When switched on (a timed `quirk` fault: at its `at`) the RTP timestamp of every live session jumps by `jump` (negative: back in time) and the sequence number by `sequenceJump`, and the sessions go on: an encoder restart or a clock step that keeps the RTSP session. New sessions are not affected.',
  reports: [
    {
      repo: 'bluenviron/mediamtx',
      issue: 6255,
      note: 'DVRs send frames stamped hours away from their neighbours; the DTS extractor rejects them, HLS and recordings break',
    },
    {
      repo: 'blakeblackshear/frigate',
      issue: 3688,
      note: 'recording stops after a camera reset, with Non-monotonous DTS errors',
    },
  ],
  schema: z
    .object({
      jump: signedDurationMsSchema.default(-3_600_000),
      sequenceJump: z.number().int().min(0).max(65_535).default(20_000),
    })
    .strict(),
  hooks: [],
  create: ({ jump, sequenceJump }, { camera }) => {
    camera.jumpRtp({ timestampJumpTicks: Math.round(jump * TICKS_PER_MS), sequenceJump });
    return {};
  },
});
