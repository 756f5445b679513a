import { z } from 'zod';
import { defineQuirk } from '../quirk.ts';

export const subscriptionSlots = defineQuirk({
  id: 'subscription-slots',
  title: 'Few event subscription slots',
  wire: 'The camera keeps only `max` subscriptions of each kind (default 2; pull points and push counted apart). When full, a new one is refused (whenFull: fault, ter:MaxPullPoints / SubscribeCreationFailedFault), ends the oldest (evict-oldest: its next PullMessages or Renew gets ResourceUnknown) or is accepted and never delivered to (silent-drop). A hub that leaks subscriptions loses events.',
  reports: [
    {
      repo: 'fwestenberg/reolink_dev',
      issue: 115,
      note: 'a Reolink NVR seemed to accept at most three subscriptions and then terminated the first (or all) of them',
    },
    {
      repo: 'home-assistant/core',
      issue: 83524,
      note: 'a new subscription was made on each failure and the old ones leaked on the camera; binary sensors stopped working',
    },
  ],
  schema: z
    .object({
      max: z.number().int().min(1).max(64).default(2),
      whenFull: z.enum(['fault', 'evict-oldest', 'silent-drop']).default('fault'),
    })
    .strict(),
  hooks: ['subscriptionSlots'],
  create: ({ max, whenFull }) => ({ subscriptionSlots: () => ({ max, whenFull }) }),
});
