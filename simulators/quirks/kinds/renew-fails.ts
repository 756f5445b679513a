import { z } from 'zod';
import { defineQuirk } from '../quirk.ts';

export const renewFails = defineQuirk({
  id: 'renew-fails',
  title: 'Renew fails',
  wire: 'After `after` successful Renews (default 0) every Renew answers HTTP 500 env:Receiver ter:Action with no WS-BaseNotification detail, and the subscription keeps its old termination time, so it expires; the hub must notice and subscribe again.',
  reports: [
    {
      repo: 'home-assistant/core',
      issue: 42651,
      note: 'subscription renewal failed in a loop; some cameras do not accept both absolute and relative renewal times',
    },
    {
      repo: 'fwestenberg/reolink_dev',
      issue: 110,
      note: 'a flood of "error renewing the Reolink subscription": Renew and Unsubscribe answered with bare SOAP faults',
    },
  ],
  schema: z.object({ after: z.number().int().min(0).max(1_000_000).default(0) }).strict(),
  hooks: ['onvifRequest'],
  create: ({ after }) => {
    let renewed = 0;
    return {
      onvifRequest(req) {
        if (req.operation !== 'Renew') return undefined;
        if (renewed < after) {
          renewed++;
          return undefined;
        }
        return { type: 'fault', httpStatus: 500, code: 'env:Receiver', subcode: 'ter:Action', reason: 'Renew failed' };
      },
    };
  },
});
