import { z } from 'zod';
import { durationMsSchema } from '../quantities.ts';
import { defineQuirk } from '../quirk.ts';

export const slowFirstKeyframe = defineQuirk({
  id: 'slow-first-keyframe',
  title: 'Slow first key frame (a long GOP at start)',
  wire: 'After PLAY the session sends P-frames at once but its first key frame (with SPS/PPS) only `delay` later, as a camera with a long or dynamic GOP does; until then a decoder has nothing to start from and a prober sees no picture size.',
  reports: [
    {
      repo: 'AlexxIT/go2rtc',
      issue: 1162,
      note: 'streams time out in Home Assistant until the key frame interval is lowered',
    },
    {
      repo: 'AxisCommunications/acap-rs',
      issue: 246,
      note: 'dynamic GOP: only P-frames for more than 5 s after subscribing',
    },
  ],
  schema: z.object({ delay: durationMsSchema.default(8_000) }).strict(),
  hooks: ['stream'],
  create: ({ delay }) => ({
    stream(s) {
      s.firstKeyframeDelayMs = delay;
    },
  }),
});
