import type { Clock } from '../../../simulators/clock/clock.ts';
import type { InventoryCamera } from '../../../simulators/fleet/inventory.ts';
import { CameraPuller, type Knock, type PullProcess, type PullSpawner } from './camera-puller.ts';
import { digestStreamUri } from './digest-stream-uri.ts';
import { ffmpegPull } from './ffmpeg-pull.ts';
import { passwordTextStreamUri } from './password-text-stream-uri.ts';
import type { PullPolicy } from './pull-policy.ts';
import { tcpKnock } from './tcp-knock.ts';

export interface MiniHubOptions {
  policy: PullPolicy;
  clock: Clock;
  onAlarm(camera: string, state: 'raised' | 'cleared'): void;
  /** How pulls run; a real ffmpeg unless a test passes a fake. */
  spawn?: PullSpawner;
  knock?: Knock;
  /** How the stream URI is found; ONVIF (as the policy says) unless a test passes a fake. */
  resolveUri?(camera: InventoryCamera): Promise<string>;
  onvifTimeoutMs?: number;
}

function withCredentials(url: string, user: string, password: string): string {
  const u = new URL(url);
  u.username = encodeURIComponent(user);
  u.password = encodeURIComponent(password);
  return u.toString();
}

/**
 * A small monitoring hub: asks each camera for its stream URI over ONVIF, keeps one ffmpeg
 * pulling it, raises an offline alarm when frames stop, and releases cameras when told. The
 * policy decides how well it does each of those, so the faulty variants break one thing each.
 */
export class MiniHub {
  private readonly pullers = new Map<string, CameraPuller>();
  /** Second pulls of the same stream (a double-pull hub's detect pull): no alarms of their own. */
  private readonly extraPullers = new Map<string, CameraPuller>();
  private readonly live = new Set<PullProcess>();
  private readonly spawn: PullSpawner;
  private drained: (() => void) | undefined;
  private closing: Promise<void> | undefined;

  constructor(private readonly opts: MiniHubOptions) {
    const inner = opts.spawn ?? ffmpegPull;
    // Every pull is tracked so close() can wait for the last ffmpeg to exit.
    this.spawn = (url, events) => {
      const proc = inner(url, {
        frames: events.frames,
        exit: () => {
          this.live.delete(proc);
          if (this.live.size === 0) this.drained?.();
          events.exit();
        },
      });
      this.live.add(proc);
      return proc;
    };
  }

  get cameras(): string[] {
    return [...this.pullers.keys()];
  }

  puller(camera: string): CameraPuller | undefined {
    return this.pullers.get(camera);
  }

  async add(camera: InventoryCamera): Promise<void> {
    if (this.closing !== undefined || this.pullers.has(camera.id)) return;
    const uri = await (this.opts.resolveUri ?? ((c) => this.resolveUri(c)))(camera);
    if (this.closing !== undefined || this.pullers.has(camera.id)) return;
    const url = withCredentials(uri, camera.username, camera.password);
    this.pullers.set(camera.id, new CameraPuller(url, this.spawn, this.opts.clock, this.opts.policy, (state) => this.opts.onAlarm(camera.id, state), this.opts.knock ?? tcpKnock));
    if (this.opts.policy.pullsPerStream === 2) this.extraPullers.set(camera.id, new CameraPuller(url, this.spawn, this.opts.clock, this.opts.policy, () => undefined, this.opts.knock ?? tcpKnock));
  }

  /** Lets go of a camera, unless the policy is never to. Returns whether it did. */
  release(cameraId: string): boolean {
    if (!this.opts.policy.honourRelease) return false;
    this.pullers.get(cameraId)?.stop();
    this.extraPullers.get(cameraId)?.stop();
    this.extraPullers.delete(cameraId);
    return this.pullers.delete(cameraId);
  }

  /** Stops every pull and waits (up to `deadlineMs`) for the processes to exit. Idempotent. */
  close(deadlineMs = 5_000): Promise<void> {
    this.closing ??= (async () => {
      for (const p of [...this.pullers.values(), ...this.extraPullers.values()]) p.stop();
      this.pullers.clear();
      this.extraPullers.clear();
      if (this.live.size === 0) return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, deadlineMs);
        this.drained = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    })();
    return this.closing;
  }

  private async resolveUri(camera: InventoryCamera): Promise<string> {
    const timeoutMs = this.opts.onvifTimeoutMs ?? 10_000;
    try {
      if (this.opts.policy.onvifAuth === 'password-text') return (await passwordTextStreamUri(camera.onvif, camera.username, camera.password, timeoutMs)) ?? camera.rtsp.main;
      return await digestStreamUri(camera.onvif, camera.username, camera.password, timeoutMs);
    } catch {
      // A hub with an inventory falls back to the URL it was given.
      return camera.rtsp.main;
    }
  }
}
