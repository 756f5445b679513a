import { z } from 'zod';
import type { CameraPowerState } from '../../observations/observation.ts';
import { defineQuirk } from '../quirk.ts';

export const clockResetOnBoot = defineQuirk({
  id: 'clock-reset-on-boot',
  title: 'Clock reset after a reboot',
  wire: 'After each reboot (or power outage) the device clock starts again from `to` (default 2000-01-01T00:00:00Z), as cameras without a backup battery do before NTP runs: GetSystemDateAndTime reads years off and WS-UsernameToken Created times from true time fall outside the freshness window until the hub resyncs or sets the time.',
  reports: [
    {
      repo: 'home-assistant/core',
      issue: 121952,
      note: 'after a camera reboot its clock reset (half a year off) and the integration could no longer authenticate; it asked for reconfiguration',
    },
  ],
  schema: z.object({ to: z.iso.datetime({ offset: true }).default('2000-01-01T00:00:00Z') }).strict(),
  hooks: ['clockOffsetMs'],
  create: ({ to }, { camera }) => {
    const toMs = Date.parse(to);
    let offsetMs = 0;
    let resetPending = false;
    const onPower = (state: CameraPowerState): void => {
      if (state !== 'up') resetPending = true;
    };
    camera.on('power', onPower);
    return {
      // The clock restarts at the first read after the boot (the camera has no clock of its own to read the boot time from).
      clockOffsetMs(nowMs) {
        if (resetPending) {
          resetPending = false;
          offsetMs = toMs - nowMs;
        }
        return offsetMs;
      },
      close: () => camera.off('power', onPower),
    };
  },
});
