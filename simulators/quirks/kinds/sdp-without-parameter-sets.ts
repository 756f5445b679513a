import { z } from 'zod';
import { defineQuirk } from '../quirk.ts';

export const sdpWithoutParameterSets = defineQuirk({
  id: 'sdp-without-parameter-sets',
  title: 'Parameter sets only in-band, none in the SDP',
  wire: "DESCRIBE's SDP has no sprop-parameter-sets (H.264) or sprop-vps/sps/pps (H.265) in its a=fmtp line; the SPS and PPS come only in the stream, ahead of each key frame. A client that builds its decoder or recorder from the SDP alone has nothing to build it from.",
  reports: [
    {
      repo: 'bluenviron/gortsplib',
      issue: 88,
      note: 'a Hikvision SDP without sprop-parameter-sets: "sprop-parameter-sets is missing"',
    },
    { repo: 'bluenviron/mediamtx', issue: 787, note: 'H264 track is not valid: sprop-parameter-sets is missing' },
    { repo: 'kerberos-io/agent', issue: 105, note: 'rtsp: missing h264 sps or pps with an empty sprop-parameter-sets' },
  ],
  schema: z.object({}).strict(),
  hooks: ['stream'],
  create: () => ({
    stream(s) {
      s.sdpParameterSets = false;
    },
  }),
});
