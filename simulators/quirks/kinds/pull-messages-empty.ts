import { z } from 'zod';
import { defineQuirk } from '../quirk.ts';

export const pullMessagesEmpty = defineQuirk({
  id: 'pull-messages-empty',
  title: 'Events that never arrive',
  wire: 'CreatePullPointSubscription succeeds and PullMessages answers 200 on time, but never with a NotificationMessage: not the initial property states, not motion.',
  reports: [],
  schema: z.object({}).strict(),
  hooks: ['onvifResponse'],
  create: () => ({
    onvifResponse(answer) {
      if (answer.operation !== 'PullMessages' || answer.fault !== undefined) return;
      answer.body = answer.body.replace(/<(\w+:)?NotificationMessage\b[\s\S]*?<\/\1NotificationMessage>/g, '');
    },
  }),
});
