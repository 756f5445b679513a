import type { SeiStamp } from '../../../media/sei/sei-stamp.ts';
import type { Clock, TimerHandle } from '../../../simulators/clock/clock.ts';
import type { ObservationLog } from '../../../simulators/observations/observation-log.ts';
import { EgressTally } from '../../egress/egress-tally.ts';

export interface EgressRecorderOptions {
  hub: string;
  log: ObservationLog;
  clock: Clock;
  /** How often counters become one hub.egress observation per camera. */
  intervalMs?: number;
}

/**
 * What the mini hub's restream of each camera carries, under the egress contract
 * (HubEgressObservation): from watch() to unwatch() one observation per camera per interval,
 * zero-frame intervals included, counted by the same EgressTally as camlab's restream readers
 * (the mini hub hands over each picture's stamp in process, so there is no restream to read).
 */
export class EgressRecorder {
  private readonly tallies = new Map<string, EgressTally>();
  private readonly flushTimer: TimerHandle;
  private closed = false;

  constructor(private readonly options: EgressRecorderOptions) {
    this.flushTimer = options.clock.setInterval(() => this.flush(), options.intervalMs ?? 1_000);
  }

  watch(camera: string): void {
    if (this.closed || this.tallies.has(camera)) return;
    this.tallies.set(camera, new EgressTally(camera, () => this.options.clock.now()));
  }

  unwatch(camera: string): void {
    const tally = this.tallies.get(camera);
    if (tally === undefined) return;
    this.record(tally);
    this.tallies.delete(camera);
  }

  /** One picture of `camera`'s restream, with the stamp it carried. */
  frame(camera: string, stamp: SeiStamp | undefined): void {
    this.tallies.get(camera)?.onStamp(stamp);
  }

  /** Records the last interval of every camera and stops. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.flush();
    this.flushTimer.cancel();
    this.tallies.clear();
  }

  private flush(): void {
    for (const tally of this.tallies.values()) this.record(tally);
  }

  private record(tally: EgressTally): void {
    this.options.log.record({
      kind: 'hub.egress',
      atMs: this.options.clock.now(),
      hub: this.options.hub,
      camera: tally.cameraId,
      ...tally.take(),
    });
  }
}
