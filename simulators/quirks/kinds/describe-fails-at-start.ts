import { z } from 'zod';
import { defineQuirk } from '../quirk.ts';

export const describeFailsAtStart = defineQuirk({
  id: 'describe-fails-at-start',
  title: 'The first DESCRIBEs after boot fail',
  wire: 'After every boot (and from the start of the run) the first `count` authenticated DESCRIBEs are answered with `status` (503 Service Unavailable by default) while the encoder "starts"; the next ones get the SDP. A hub that retries only streams it once had never shows this camera.',
  reports: [
    {
      repo: 'blakeblackshear/frigate',
      issue: 182,
      note: 'a camera unreachable at start-up stops processing; it is not retried',
    },
    {
      repo: 'vladpen/cams',
      issue: 74,
      note: 'a camera still booting (35 s) when the app starts is never connected once it is up',
    },
  ],
  schema: z
    .object({
      count: z.number().int().min(1).max(1000).default(3),
      status: z.union([z.literal(404), z.literal(454), z.literal(500), z.literal(503)]).default(503),
    })
    .strict(),
  hooks: ['stream'],
  create: ({ count, status }) => ({
    stream(s) {
      s.failDescribes = count;
      s.failDescribeStatus = status;
    },
  }),
});
