import type { SeiStamp } from '../../../media/sei/sei-stamp.ts';
import type { Clock, TimerHandle } from '../../../simulators/clock/clock.ts';
import type { ObservationLog } from '../../../simulators/observations/observation-log.ts';

export interface EgressRecorderOptions {
  hub: string;
  log: ObservationLog;
  clock: Clock;
  /** How often counters become one hub.egress observation per camera. */
  intervalMs?: number;
}

/** Frame counters remembered per camera so a repeated frame counts once across intervals too. */
const rememberedCounters = 4_096;

interface CameraEgress {
  own: Set<number>;
  foreign: Set<string>;
  unstamped: number;
  latencyMs: number[];
  /** Recent counters of this camera's own frames, oldest first. */
  recent: Set<number>;
}

/**
 * Reads what a hub's restream of each camera carries and keeps the egress contract
 * (HubEgressObservation): from watch() to unwatch() one observation per camera per interval,
 * zero-frame intervals included; frames counted by unique SEI frame counters of that camera;
 * pictures without a stamp and frames naming another camera counted apart.
 */
export class EgressRecorder {
  private readonly cameras = new Map<string, CameraEgress>();
  private readonly flushTimer: TimerHandle;
  private closed = false;

  constructor(private readonly options: EgressRecorderOptions) {
    this.flushTimer = options.clock.setInterval(() => this.flush(), options.intervalMs ?? 1_000);
  }

  watch(camera: string): void {
    if (this.closed || this.cameras.has(camera)) return;
    this.cameras.set(camera, { own: new Set(), foreign: new Set(), unstamped: 0, latencyMs: [], recent: new Set() });
  }

  unwatch(camera: string): void {
    const egress = this.cameras.get(camera);
    if (egress === undefined) return;
    this.record(camera, egress);
    this.cameras.delete(camera);
  }

  /** One picture of `camera`'s restream, with the stamp it carried. */
  frame(camera: string, stamp: SeiStamp | undefined): void {
    const egress = this.cameras.get(camera);
    if (egress === undefined) return;
    if (stamp === undefined) {
      egress.unstamped++;
      return;
    }
    if (stamp.cameraId !== camera) {
      egress.foreign.add(`${stamp.cameraId}\n${stamp.frame}`);
      return;
    }
    if (egress.recent.has(stamp.frame)) return;
    egress.recent.add(stamp.frame);
    if (egress.recent.size > rememberedCounters) egress.recent.delete(egress.recent.values().next().value!);
    egress.own.add(stamp.frame);
    egress.latencyMs.push(this.options.clock.now() - stamp.sendTimeMs);
  }

  /** Records the last interval of every camera and stops. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.flush();
    this.flushTimer.cancel();
    this.cameras.clear();
  }

  private flush(): void {
    for (const [camera, egress] of this.cameras) this.record(camera, egress);
  }

  private record(camera: string, egress: CameraEgress): void {
    this.options.log.record({
      kind: 'hub.egress',
      atMs: this.options.clock.now(),
      hub: this.options.hub,
      camera,
      frames: egress.own.size,
      latencyMs: egress.latencyMs,
      foreignFrames: egress.foreign.size,
      unstampedFrames: egress.unstamped,
    });
    egress.own = new Set();
    egress.foreign = new Set();
    egress.unstamped = 0;
    egress.latencyMs = [];
  }
}
