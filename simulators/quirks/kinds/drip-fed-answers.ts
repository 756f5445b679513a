import { z } from 'zod';
import { defineQuirk } from '../quirk.ts';
import { durationMsSchema, operationMatcher, operationNamesSchema } from '../quantities.ts';

export const dripFedAnswers = defineQuirk({
  id: 'drip-fed-answers',
  title: 'Drip-fed HTTP answers',
  wire: 'ONVIF answers (of the listed operations, all when empty) are written chunkBytes at a time, one chunk every interval (default 64 bytes every 100 ms): the head arrives at once, the body trickles in over seconds.',
  reports: [],
  schema: z
    .object({
      chunkBytes: z.number().int().min(1).max(65_536).default(64),
      interval: durationMsSchema.default(100),
      operations: operationNamesSchema.default([]),
    })
    .strict(),
  hooks: ['onvifResponse'],
  create: ({ chunkBytes, interval, operations }) => {
    const applies = operationMatcher(operations);
    return {
      onvifResponse(answer) {
        if (applies(answer.operation)) answer.drip = { chunkBytes, intervalMs: interval };
      },
    };
  },
});
