import { z } from 'zod';
import { defineQuirk } from '../quirk.ts';

export const rtpFromBoot = defineQuirk({
  id: 'rtp-from-boot',
  title: 'RTP time and sequence numbers restart at zero after a reboot',
  wire: "RTP timestamps count from the camera's boot and sequence numbers start at 0 on every session, instead of random starts (RFC 3550 §5.1): after a reboot (a weekly maintenance reboot, a power cut) the stream's time falls back by the whole uptime. A hub that carries its recording timeline across the reconnect gets time going backwards.",
  reports: [
    {
      repo: 'AlexxIT/go2rtc',
      issue: 1943,
      note: 'Tapo cameras reset their RTP timestamps to 0 after a reconnect: "non monotonically increasing dts to muxer", frames skipped',
    },
    {
      repo: 'blakeblackshear/frigate',
      issue: 3688,
      note: 'recording stops after a camera reset, with Non-monotonous DTS errors',
    },
  ],
  schema: z.object({}).strict(),
  hooks: ['stream'],
  create: () => ({
    stream(s) {
      s.rtpFromBoot = true;
    },
  }),
});
