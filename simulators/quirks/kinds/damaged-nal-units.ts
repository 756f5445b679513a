import { z } from 'zod';
import { defineQuirk } from '../quirk.ts';

export const damagedNalUnits = defineQuirk({
  id: 'damaged-nal-units',
  title: 'Damaged NAL units (grey, smeared frames)',
  wire: "Every `every`th P-frame reaches the client damaged: `corrupt` garbles 64 bytes of slice data in the second half of its RTP packets; `truncate` sends only the first half of its packets, the last of them marked as the frame's end. Sequence numbers stay contiguous, so nothing looks lost at the RTP level; decoders conceal errors (grey or smeared blocks) until the next key frame.",
  reports: [
    {
      repo: 'blakeblackshear/frigate',
      issue: 9325,
      note: 'error while decoding MB, corrupt decoded frame, no frames received',
    },
    { repo: 'AlexxIT/go2rtc', issue: 83, note: 'Reolink: bad image in the browser and VLC, corrupt decoded frames' },
  ],
  schema: z
    .object({
      every: z.number().int().min(1).max(10_000).default(25),
      mode: z.enum(['corrupt', 'truncate']).default('corrupt'),
    })
    .strict(),
  hooks: ['stream'],
  create: ({ every, mode }) => ({
    stream(s) {
      s.damageEveryFrames = every;
      s.damageMode = mode;
    },
  }),
});
