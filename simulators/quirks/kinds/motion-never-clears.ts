import { z } from 'zod';
import { defineQuirk } from '../quirk.ts';
import { motionState } from './motion-topics.ts';

export const motionNeverClears = defineQuirk({
  id: 'motion-never-clears',
  title: 'IsMotion=false never sent (motion stuck on)',
  wire: 'Motion start is notified (MotionAlarm State=true, CellMotionDetector IsMotion=true) but its end never is: the Changed messages with false are dropped. A hub that waits for false keeps the alarm on forever.',
  reports: [
    {
      repo: 'home-assistant/core',
      issue: 146500,
      note: 'the motion sensor stayed "detected"; the camera does not send the follow-up "off" event',
    },
    { repo: 'fwestenberg/reolink_dev', issue: 265, note: 'the vendor confirmed its ONVIF did not send "motion clear"' },
  ],
  schema: z.object({}).strict(),
  hooks: ['eventMessages'],
  create: () => ({
    eventMessages: (messages) => messages.filter((m) => !(m.operation === 'Changed' && motionState(m) === 'false')),
  }),
});
