import { z } from 'zod';
import { defineQuirk } from '../quirk.ts';

export const noUnicastProbeReply = defineQuirk({
  id: 'no-unicast-probe-reply',
  title: 'No answer to a unicast Probe',
  wire: 'A Probe sent straight to the camera (its own address, port 3702) gets no reply; only multicast Probes are answered. A hub that checks a known camera by a directed Probe thinks it gone.',
  reports: [
    {
      repo: 'edgexfoundry/device-onvif-camera',
      issue: 134,
      note: '"netscan" discovery sends a directed Probe to each address:3702; a Hikvision camera gave "No Response" and was never found',
    },
  ],
  schema: z.object({}).strict(),
  hooks: ['discoveryReply'],
  create: () => ({
    discoveryReply(reply) {
      if (reply.directed) reply.delaysMs = [];
    },
  }),
});
