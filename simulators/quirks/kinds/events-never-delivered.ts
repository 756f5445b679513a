import { z } from 'zod';
import { defineQuirk } from '../quirk.ts';

export const eventsNeverDelivered = defineQuirk({
  id: 'events-never-delivered',
  title: 'Events that never arrive',
  wire: 'Subscriptions (pull point and push) are accepted, renewed and answered normally, but no notification ever reaches them: PullMessages always comes back empty at its timeout and no Notify is posted.',
  reports: [
    {
      repo: 'home-assistant/core',
      issue: 94417,
      note: 'the ONVIF motion sensors of a Xiongmai camera were created but never triggered',
    },
  ],
  schema: z.object({}).strict(),
  hooks: ['eventMessages'],
  create: () => ({ eventMessages: () => [] }),
});
