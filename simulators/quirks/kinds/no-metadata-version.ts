import { z } from 'zod';
import { defineQuirk } from '../quirk.ts';

export const noMetadataVersion = defineQuirk({
  id: 'no-metadata-version',
  title: 'ProbeMatches without MetadataVersion',
  wire: 'ProbeMatch has no d:MetadataVersion element, which WS-Discovery requires; a strict parser drops the whole match.',
  reports: [],
  schema: z.object({}).strict(),
  hooks: ['discoveryReply'],
  create: () => ({
    discoveryReply(reply) {
      reply.metadataVersion = undefined;
    },
  }),
});
