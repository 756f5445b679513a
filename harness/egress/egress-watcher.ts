import { setTimeout as delay } from 'node:timers/promises';
import type { Clock, TimerHandle } from '../../simulators/clock/clock.ts';
import type { ObservationLog } from '../../simulators/observations/observation-log.ts';
import type { EgressProtocol, ReadEgress } from './egress-reader.ts';
import { EgressTally } from './egress-tally.ts';
import { readFlvEgress } from './flv-egress-reader.ts';
import { readHlsEgress } from './hls-egress-reader.ts';
import { readRtspEgress } from './rtsp-egress-reader.ts';

const egressReaders: Record<EgressProtocol, ReadEgress> = {
  rtsp: readRtspEgress,
  'http-flv': readFlvEgress,
  hls: readHlsEgress,
};

export interface EgressWatcherOptions {
  hub: string;
  log: ObservationLog;
  clock: Clock;
  protocol: EgressProtocol;
  /** How often each watched camera's counts become one hub.egress observation (run clock). */
  intervalMs?: number;
  /** Pause before reading a restream again after it ended or failed (real time). */
  retryMs?: number;
  /** The reader to use instead of the protocol's own (tests). */
  read?: ReadEgress;
}

interface Watch {
  url: string;
  tally: EgressTally;
  abort: AbortController;
  /** The last failure logged, so a restream that stays down is logged once, not per retry. */
  failing: string | undefined;
}

/**
 * Reads each provisioned camera's restream from the hub with camlab's own reader, and records
 * one hub.egress observation per watched camera per interval, with zero frames when nothing
 * arrived: a restream that stops, or never exists, is seen as such. A failing restream is read
 * again after `retryMs`, and its failure is logged once (hub.log) until it reads again.
 */
export class EgressWatcher {
  private readonly watches = new Map<string, Watch>();
  private readonly timer: TimerHandle;
  private readonly read: ReadEgress;
  private closed = false;

  constructor(private readonly options: EgressWatcherOptions) {
    this.read = options.read ?? egressReaders[options.protocol];
    this.timer = options.clock.setInterval(() => this.flush(), options.intervalMs ?? 1_000);
  }

  watch(cameraId: string, url: string): void {
    if (this.closed || this.watches.has(cameraId)) return;
    const watch: Watch = {
      url,
      tally: new EgressTally(cameraId, () => this.options.clock.now()),
      abort: new AbortController(),
      failing: undefined,
    };
    this.watches.set(cameraId, watch);
    void this.readLoop(watch);
  }

  /** Records the camera's last (partial) interval and stops reading it. */
  unwatch(cameraId: string): void {
    const watch = this.watches.get(cameraId);
    if (watch === undefined) return;
    this.record(watch);
    watch.abort.abort();
    this.watches.delete(cameraId);
  }

  /** Records the last interval and stops every reader. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.timer.cancel();
    for (const id of [...this.watches.keys()]) this.unwatch(id);
  }

  private async readLoop(watch: Watch): Promise<void> {
    const { signal } = watch.abort;
    const onFrame = watch.tally.onFrame.bind(watch.tally);
    while (!signal.aborted) {
      let problem: string;
      try {
        await this.read(watch.url, onFrame, signal);
        problem = 'the restream ended';
      } catch (err) {
        problem = (err as Error).message;
      }
      if (signal.aborted) return;
      if (watch.failing !== problem)
        this.hubLog(
          'warn',
          `egress of ${watch.tally.cameraId} (${this.options.protocol} ${watch.url}): ${problem}; reading again`,
        );
      watch.failing = problem;
      await delay(this.options.retryMs ?? 500, undefined, { signal }).catch(() => undefined);
    }
  }

  private flush(): void {
    for (const watch of this.watches.values()) this.record(watch);
  }

  private record(watch: Watch): void {
    const counts = watch.tally.take();
    if (counts.frames > 0) watch.failing = undefined;
    this.options.log.record({
      kind: 'hub.egress',
      atMs: this.options.clock.now(),
      hub: this.options.hub,
      camera: watch.tally.cameraId,
      ...counts,
    });
  }

  private hubLog(level: 'info' | 'warn', message: string): void {
    this.options.log.record({ kind: 'hub.log', atMs: this.options.clock.now(), hub: this.options.hub, level, message });
  }
}
