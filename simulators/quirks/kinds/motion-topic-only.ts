import { z } from 'zod';
import { defineQuirk } from '../quirk.ts';

/** The two motion topics an emulated camera can publish, by the name the quirk takes. */
const TOPICS = {
  'motion-alarm': 'tns1:VideoSource/MotionAlarm',
  'cell-motion-detector': 'tns1:RuleEngine/CellMotionDetector/Motion',
} as const;

export const motionTopicOnly = defineQuirk({
  id: 'motion-topic-only',
  title: 'Motion on one topic only',
  wire: "Motion is published on one topic only: tns1:VideoSource/MotionAlarm (State) or tns1:RuleEngine/CellMotionDetector/Motion (IsMotion), as vendors' firmware differs; a hub that listens to the other one never sees motion.",
  reports: [
    {
      repo: 'home-assistant/core',
      issue: 37545,
      note: 'a Dahua NVR sent motion only as tns1:VideoSource/MotionAlarm; the integration showed nothing',
    },
    {
      repo: 'home-assistant/core',
      issue: 94417,
      note: 'of the two ONVIF motion sensors (cell motion detection, motion alarm) neither reacted on a Xiongmai camera',
    },
  ],
  schema: z
    .object({ topic: z.enum(['motion-alarm', 'cell-motion-detector']).default('cell-motion-detector') })
    .strict(),
  hooks: ['eventMessages'],
  create: ({ topic }) => {
    const kept = TOPICS[topic];
    const dropped = new Set<string>(Object.values(TOPICS).filter((t) => t !== kept));
    return { eventMessages: (messages) => messages.filter((m) => !dropped.has(m.topic)) };
  },
});
