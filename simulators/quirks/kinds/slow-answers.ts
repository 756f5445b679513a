import { z } from 'zod';
import { defineQuirk } from '../quirk.ts';
import { durationMsSchema, operationMatcher, operationNamesSchema } from '../quantities.ts';

export const slowAnswers = defineQuirk({
  id: 'slow-answers',
  title: 'Slow ONVIF answers',
  wire: 'The listed operations (all when empty) answer correctly but only after the delay (default 4 s), as an overloaded embedded web server does; a hub with a short client timeout gives up on a working camera.',
  reports: [
    {
      repo: 'openvideolibs/python-onvif-zeep-async',
      issue: 30,
      note: 'a 30 s read timeout was still not long enough for some slower cameras',
    },
  ],
  schema: z.object({ delay: durationMsSchema.default(4_000), operations: operationNamesSchema.default([]) }).strict(),
  hooks: ['onvifRequest'],
  create: ({ delay, operations }) => {
    const applies = operationMatcher(operations);
    return { onvifRequest: (req) => (applies(req.operation) ? { type: 'delay', delayMs: delay } : undefined) };
  },
});
