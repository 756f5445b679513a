import { z } from 'zod';
import { durationMsSchema } from '../quantities.ts';
import { defineQuirk } from '../quirk.ts';

export const rtpTimestampWrap = defineQuirk({
  id: 'rtp-timestamp-wrap',
  title: 'RTP time wraps past 2^32 soon after a session starts',
  wire: 'Each new session starts its RTP timestamp just below 2^32 so that it wraps to 0 `after` its SETUP: what every 90 kHz stream does after 13 h 15 min, brought forward. Frames stay one frame duration apart modulo 2^32.',
  reports: [
    {
      repo: 'bluenviron/mediamtx',
      issue: 622,
      note: "an RTP time near the wrap triggers ffmpeg's 13h14m DTS rollover",
    },
    {
      repo: 'OvenMediaLabs/OvenMediaEngine',
      issue: 1388,
      note: 'when the RTP timestamp rolls over the PTS jumps by 13.25 h and the HLS chunklist is corrupted (AXIS, Digital Watchdog, Hanwha cameras)',
    },
  ],
  schema: z.object({ after: durationMsSchema.default(30_000) }).strict(),
  hooks: ['stream'],
  create: ({ after }) => ({
    stream(s) {
      s.rtpWrapAfterMs = after;
    },
  }),
});
