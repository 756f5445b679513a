import { z } from 'zod';
import { defineQuirk } from '../quirk.ts';

export const frozenPicture = defineQuirk({
  id: 'frozen-picture',
  title: 'Frozen picture: RTP flows, every frame repeats',
  wire: 'Every frame slot carries the same picture (one key frame, again and again) while RTP timestamps, sequence numbers, sender reports and the SEI stamp keep running: a hung encoder behind a live RTSP server. Frame counters and bitrates look healthy; only the picture is stuck. Switched off, the stream goes on from a key frame.',
  reports: [
    {
      repo: 'roleoroleo/yi-hack-Allwinner-v2',
      issue: 61,
      note: 'the streamed picture freezes after a while; only restarting the player brings it back',
    },
    { repo: 'bluecherrydvr/unity', issue: 124, note: 'a VMS client asks to indicate when the image is stale' },
  ],
  schema: z.object({}).strict(),
  hooks: ['stream'],
  create: () => ({
    stream(s) {
      s.frozenPicture = true;
    },
  }),
});
