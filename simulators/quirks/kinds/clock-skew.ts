import { z } from 'zod';
import { defineQuirk } from '../quirk.ts';
import { signedDurationMsSchema } from '../quantities.ts';

export const clockSkew = defineQuirk({
  id: 'clock-skew',
  title: 'Device clock far from true time',
  wire: 'GetSystemDateAndTime, event times and the WS-UsernameToken freshness window run on a clock this far off; a hub that signs with its own time gets ter:NotAuthorized until it corrects for the offset.',
  reports: [],
  schema: z.object({ offset: signedDurationMsSchema.default(90_000) }).strict(),
  hooks: ['clockOffsetMs'],
  create: ({ offset }) => ({ clockOffsetMs: () => offset }),
});
