import { z } from 'zod';
import { defineQuirk } from '../quirk.ts';

export const rebootOnRequestFlood = defineQuirk({
  id: 'reboot-on-request-flood',
  title: 'Reboots when hit with too many requests per second',
  wire: 'When more than maxPerSecond ONVIF requests arrive within one second, the request that crosses the line is never answered and the camera reboots (listeners close, Bye, Hello after the boot time), as firmware with a watchdog on its web server does.',
  reports: [
    {
      repo: 'BigTonyTones/Tonys-Onvf-RTSP-Server',
      issue: 34,
      note: "a Tapo camera's ONVIF daemon stopped answering under the proxy's request rate until the camera was rebooted",
    },
    { repo: 'rroller/dahua', issue: 603, note: "a reconnect login burst exceeded the camera's maximum connections" },
  ],
  schema: z.object({ maxPerSecond: z.number().int().min(1).max(10_000).default(10) }).strict(),
  hooks: ['onvifRequest'],
  create: ({ maxPerSecond }) => {
    let windowStartMs = -Infinity;
    let count = 0;
    return {
      onvifRequest(req) {
        if (req.nowMs - windowStartMs >= 1_000) {
          windowStartMs = req.nowMs;
          count = 0;
        }
        count++;
        if (count <= maxPerSecond) return undefined;
        windowStartMs = -Infinity;
        return { type: 'reboot' };
      },
    };
  },
});
