import { z } from 'zod';
import { defineQuirk } from '../quirk.ts';
import { signedDurationMsSchema } from '../quantities.ts';

export const clockSkew = defineQuirk({
  id: 'clock-skew',
  title: 'Device clock far from true time',
  wire: 'GetSystemDateAndTime, event times and the WS-UsernameToken freshness window run on a clock this far off; a hub that signs with its own time gets ter:NotAuthorized until it corrects for the offset.',
  reports: [
    {
      repo: 'lumeohq/onvif-rs',
      issue: 121,
      note: "a camera 20 s off from the client refused every request with NotAuthorized until the client signed with the camera's own time",
    },
    {
      repo: 'koush/scrypted',
      issue: 1142,
      note: 'adding a Dahua camera failed with "Wsse authorized time check failed"',
    },
    {
      repo: 'milg0/onvif-java-lib',
      issue: 2,
      note: "Axis replay-attack protection refused the client's UsernameToken Created time; the library never read GetSystemDateAndTime",
    },
  ],
  schema: z.object({ offset: signedDurationMsSchema.default(90_000) }).strict(),
  hooks: ['clockOffsetMs'],
  create: ({ offset }) => ({ clockOffsetMs: () => offset }),
});
