import { z } from 'zod';
import { defineFaultKind } from '../fault-kind.ts';

/** As SystemReboot does: down at once, back after the model's boot time. Clearing changes nothing. */
export const rebootFault = defineFaultKind({
  kind: 'reboot',
  summary: 'power-cycle the camera as SystemReboot does (down, booting, up after boot time)',
  schema: z.object({}).strict(),
  create(_cfg, ctx) {
    return {
      start: () => {
        // A camera held off by a power outage has nothing to reboot.
        for (const c of ctx.cameras) if (c.power !== 'down') c.reboot(ctx.clock, `fault ${ctx.id}: reboot`);
      },
      close: () => undefined,
    };
  },
});
