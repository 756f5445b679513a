import { z } from 'zod';
import { defineQuirk } from '../quirk.ts';
import { durationMsSchema } from '../quantities.ts';

export const lateProbeMatches = defineQuirk({
  id: 'late-probe-matches',
  title: 'ProbeMatches that come late',
  wire: 'The camera answers a Probe only after `delay` (default 3 s), past the 500 ms APP_MAX_DELAY SOAP-over-UDP gives and past the 1-2 s many hubs listen for.',
  reports: [
    {
      repo: 'lumeohq/onvif-rs',
      issue: 48,
      note: 'the discovery example waited 1 s for replies, not long enough for some cameras',
    },
    {
      repo: 'onvif/testspecs',
      issue: 37,
      note: 'an NVR listed a different, incomplete subset of its 36 cameras on each search; the answer pointed at devices delaying replies at random and the NVR not waiting for them',
    },
  ],
  schema: z.object({ delay: durationMsSchema.default(3_000) }).strict(),
  hooks: ['discoveryReply'],
  create: ({ delay }) => ({
    discoveryReply(reply) {
      if (reply.message === 'probe-matches') reply.delaysMs = reply.delaysMs.map((d) => d + delay);
    },
  }),
});
