import { z } from 'zod';
import { defineQuirk } from '../quirk.ts';
import { durationMsSchema } from '../quantities.ts';

export const duplicateProbeMatches = defineQuirk({
  id: 'duplicate-probe-matches',
  title: 'ProbeMatches sent twice (or more)',
  wire: 'Each ProbeMatches datagram is sent `copies` times (default 2), `gap` apart (default 50 ms), the same MessageID each time; a hub that adds a camera per datagram lists it twice.',
  reports: [
    {
      repo: 'project-akri/akri',
      issue: 365,
      note: 'cameras were discovered several times from one multicast probe and then probed once per copy',
    },
    { repo: 'snow-tree/camera-probe', issue: 34, note: 'the prober had to filter duplicate WS-Discovery responses' },
  ],
  schema: z.object({ copies: z.number().int().min(2).max(8).default(2), gap: durationMsSchema.default(50) }).strict(),
  hooks: ['discoveryReply'],
  create: ({ copies, gap }) => ({
    discoveryReply(reply) {
      if (reply.message === 'probe-matches')
        reply.delaysMs = reply.delaysMs.flatMap((d) => Array.from({ length: copies }, (_, i) => d + i * gap));
    },
  }),
});
