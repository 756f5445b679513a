import { z } from 'zod';
import { defineQuirk } from '../quirk.ts';

export const eventsNeverDelivered = defineQuirk({
  id: 'events-never-delivered',
  title: 'Events that never arrive',
  wire: 'Subscriptions (pull point and push) are accepted, renewed and answered normally, but no notification ever reaches them: PullMessages always comes back empty at its timeout and no Notify is posted.',
  reports: [],
  schema: z.object({}).strict(),
  hooks: ['eventMessages'],
  create: () => ({ eventMessages: () => [] }),
});
