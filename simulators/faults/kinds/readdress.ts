import { z } from 'zod';
import type { Camera, CameraNetwork } from '../../camera/camera.ts';
import { AddressBlock } from '../../fleet/address-block.ts';
import { defineFaultKind, type FaultParamIssue } from '../fault-kind.ts';

const schema = z
  .object({
    /** The new network, e.g. 127.22.0.0/24: each camera keeps its position in its site. */
    addressBlock: z.string().superRefine((text, ctx) => {
      const b = AddressBlock.parse(text);
      if (typeof b === 'string') ctx.addIssue({ code: 'custom', message: b });
    }),
  })
  .strict();

/**
 * A camera or a site moves to new addresses (a new network at another control room): the old
 * address says Bye, the new one Hello, listeners move. Clearing moves it back. The building
 * block of a site handover.
 */
export const readdressFault = defineFaultKind({
  kind: 'readdress',
  summary: 'cameras move to a new address block (Bye from the old, Hello from the new); clearing moves them back',
  schema,
  check(cfg, targets) {
    const block = AddressBlock.of(cfg.addressBlock);
    const largest = Math.max(...targets.cameras.map((c) => c.siteIndex));
    const issues: FaultParamIssue[] = [];
    if (largest >= block.hostCount)
      issues.push({
        path: ['addressBlock'],
        message: `${cfg.addressBlock} holds ${block.hostCount} addresses but a target is camera ${largest + 1} of its site; use a larger block`,
      });
    return issues;
  },
  create(cfg, ctx) {
    const block = AddressBlock.of(cfg.addressBlock);
    const previous = new Map<Camera, CameraNetwork>();
    return {
      start: () => {
        for (const camera of ctx.cameras) {
          previous.set(camera, camera.network);
          camera.readdress({ ...camera.network, address: block.host(ctx.siteIndexOf(camera)) });
        }
      },
      close: () => {
        for (const [camera, network] of previous) camera.readdress(network);
        previous.clear();
      },
    };
  },
});
