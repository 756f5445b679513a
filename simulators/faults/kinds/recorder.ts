import { z } from 'zod';
import type { Camera } from '../../camera/camera.ts';
import { defineFaultKind } from '../fault-kind.ts';

export const RECORDER_FAULT = 'recorder';

const schema = z
  .object({
    /**
     * power: a site recorder loses power: it records nothing and answers nothing (Bye); cleared, it boots.
     * disk-full: the store takes no new data; recordings already kept stay searchable and replayable.
     * corrupt-segment: what was recorded while the fault lasts is lost: a gap that search reports.
     * sd-removed: a camera's card is out: its recordings are unavailable and nothing is recorded until it is back.
     */
    mode: z.enum(['power', 'disk-full', 'corrupt-segment', 'sd-removed']),
  })
  .strict();
export type RecorderFaultMode = z.output<typeof schema>['mode'];

/** The recorder fault modes active on a device (a site recorder, or a camera for its edge storage). */
export function recorderFaultModes(device: Camera): Set<RecorderFaultMode> {
  const modes = new Set<RecorderFaultMode>();
  for (const f of device.faults) if (f.kind === RECORDER_FAULT) modes.add(f.params?.mode as RecorderFaultMode);
  return modes;
}

function heldDownByAnotherPowerFault(device: Camera, id: string): boolean {
  return device.faults.some(
    (f) =>
      f.id !== id &&
      ((f.kind === RECORDER_FAULT && f.params?.mode === 'power') ||
        (f.kind === 'outage' && f.params?.mode === 'power')),
  );
}

/**
 * A recorder's own failures. The recording model reads the active modes from the device's fault
 * list (disk-full, corrupt-segment, sd-removed); power acts on the recorder device itself.
 */
export const recorderFault = defineFaultKind({
  kind: RECORDER_FAULT,
  summary:
    "a recorder fails: a site recorder's power, a full disk, a corrupt segment, or a camera's SD card removed (params.mode)",
  schema,
  check(cfg, targets) {
    const issues = [];
    for (const c of targets.cameras) {
      if (c.device === 'recorder') {
        if (cfg.mode === 'sd-removed')
          issues.push({
            path: ['mode'],
            message: `'${c.id}' is a site recorder: sd-removed applies to a camera's edge storage; expected power, disk-full or corrupt-segment`,
          });
      } else if (c.edgeStorage !== true) {
        issues.push({
          path: ['mode'],
          message: `camera '${c.id}' has no edge storage; target a site recorder by id or a camera whose model declares edgeStorage`,
        });
      } else if (cfg.mode === 'power') {
        issues.push({
          path: ['mode'],
          message: `'${c.id}' is a camera: its edge storage loses power with it (fault outage, mode: power); expected disk-full, corrupt-segment or sd-removed`,
        });
      }
    }
    return issues;
  },
  create(cfg, ctx) {
    if (cfg.mode !== 'power') return { close: () => undefined };
    const cause = `fault ${ctx.id}: recorder power lost`;
    return {
      start: () => ctx.cameras.forEach((c) => c.powerOff(cause)),
      close: () => {
        for (const c of ctx.cameras)
          if (!heldDownByAnotherPowerFault(c, ctx.id))
            c.boot(ctx.clock, `fault ${ctx.id} cleared: recorder power restored`);
      },
    };
  },
});
