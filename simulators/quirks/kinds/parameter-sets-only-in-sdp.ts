import { z } from 'zod';
import { defineQuirk } from '../quirk.ts';

export const parameterSetsOnlyInSdp = defineQuirk({
  id: 'parameter-sets-only-in-sdp',
  title: 'Parameter sets only in the SDP, none in-band',
  wire: "Key frames are sent without their SPS and PPS (VPS, SPS, PPS for H.265) NAL units; they are only in the SDP's sprop parameters. A client that records or restreams the raw stream (segments, HLS, a second decoder) gets key frames it cannot decode.",
  reports: [
    {
      repo: 'bluenviron/mediamtx',
      issue: 5861,
      note: 'no in-band SPS/PPS in the H.264 bitstream breaks decoders that cannot bootstrap from the SDP',
    },
    {
      repo: 'ayufan/camera-streamer',
      issue: 48,
      note: 'recording with ffmpeg: "non-existing PPS 0 referenced", no frame',
    },
  ],
  schema: z.object({}).strict(),
  hooks: ['stream'],
  create: () => ({
    stream(s) {
      s.inBandParameterSets = false;
    },
  }),
});
