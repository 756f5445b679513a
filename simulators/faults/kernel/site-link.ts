import { dropCommands, rateCommand } from './kernel-commands.ts';
import { runKernelCommand } from './run-kernel-command.ts';

/**
 * A site's uplink device, shaped in the kernel: a `tbf` rate cap on what leaves it and an
 * nftables random drop of what the cameras (`cameraBlock`) send through it. `netns` names the
 * namespace holding the device; without it the device is in this process's own namespace (a
 * site shard shaping its own uplink from inside).
 */
export class SiteLink {
  private rateKbps: number | null = null;
  private dropRatio: number | null = null;

  constructor(
    readonly device: string,
    readonly netns?: string,
    readonly cameraBlock?: string,
  ) {}

  /** Caps the uplink at rateKbps (replacing any cap); null lifts it. */
  async setRate(rateKbps: number | null): Promise<void> {
    if (rateKbps === null && this.rateKbps === null) return;
    await runKernelCommand(rateCommand(this.netns, this.device, rateKbps));
    this.rateKbps = rateKbps;
  }

  /** Drops this share of the uplink's packets at random (replacing any ratio); null stops dropping. */
  async setDrop(ratio: number | null): Promise<void> {
    if (ratio === null && this.dropRatio === null) return;
    for (const argv of dropCommands(this.netns, this.device, ratio, this.cameraBlock)) await runKernelCommand(argv);
    this.dropRatio = ratio;
  }
}
