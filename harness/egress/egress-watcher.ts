import type { Clock, TimerHandle } from '../../simulators/clock/clock.ts';
import type { ObservationLog } from '../../simulators/observations/observation-log.ts';
import { EgressAdmission } from './egress-admission.ts';
import { EgressCameraReader, egressReaders } from './egress-camera-reader.ts';
import type { EgressProtocol, ReadEgress } from './egress-reader.ts';
import { EgressReaderPool } from './egress-reader-pool.ts';
import type { EgressCounts } from './egress-tally.ts';

/** Enough to open a thousand restreams in seconds without swamping a hub's RTSP or HTTP front. */
const defaultMaxOpening = 64;

export interface EgressWatcherOptions {
  hub: string;
  log: ObservationLog;
  clock: Clock;
  protocol: EgressProtocol;
  /** How often each watched camera's counts become one hub.egress observation (run clock). */
  intervalMs?: number;
  /** Pause before reading a restream again after it ended or failed (real time). */
  retryMs?: number;
  /**
   * Worker threads reading the restreams (the cameras spread over them); 0 (the default) reads
   * on this thread. Workers pay off from a few hundred cameras on.
   */
  workers?: number;
  /** Restreams each thread opens at once (the rest wait their turn); default 64. */
  maxOpening?: number;
  /** The reader to use instead of the protocol's own, on this thread (tests). */
  read?: ReadEgress;
  /** With workers: a module exporting `readEgress` (and optionally `now`) the workers use instead (tests). */
  readModule?: string;
}

/**
 * Reads each provisioned camera's restream from the hub with camlab's own reader, and records
 * one hub.egress observation per watched camera per interval, with zero frames when nothing
 * arrived: a restream that stops, or never exists, is seen as such. A failing restream is read
 * again after `retryMs`, and its failure is logged once (hub.log) until it reads again. With
 * `workers` the readers run in an EgressReaderPool and the observations are the same.
 */
export class EgressWatcher {
  private readonly readers = new Map<string, EgressCameraReader>();
  /** The worker threads reading, when `workers` asked for them. */
  readonly pool: EgressReaderPool | undefined;
  private readonly timer: TimerHandle;
  private readonly read: ReadEgress;
  private readonly retryMs: number;
  private readonly admission: EgressAdmission;
  /** Records of the pool not yet made (each waits for the workers' answer). */
  private inFlight = new Set<Promise<void>>();
  private closing: Promise<void> | undefined;

  constructor(private readonly options: EgressWatcherOptions) {
    this.read = options.read ?? egressReaders[options.protocol];
    this.retryMs = options.retryMs ?? 500;
    this.admission = new EgressAdmission(options.maxOpening ?? defaultMaxOpening);
    if ((options.workers ?? 0) > 0)
      this.pool = new EgressReaderPool({
        protocol: options.protocol,
        workers: options.workers!,
        retryMs: this.retryMs,
        maxOpening: this.admission.maxOpening,
        clockOffsetMs: () => options.clock.now() - Date.now(),
        onProblem: (message) => this.hubLog('warn', message),
        ...(options.readModule !== undefined ? { readModule: options.readModule } : {}),
      });
    this.timer = options.clock.setInterval(() => this.flush(), options.intervalMs ?? 1_000);
  }

  watch(cameraId: string, url: string): void {
    if (this.closing !== undefined) return;
    if (this.pool !== undefined) {
      this.pool.watch(cameraId, url);
      return;
    }
    if (this.readers.has(cameraId)) return;
    this.readers.set(
      cameraId,
      new EgressCameraReader({
        cameraId,
        url,
        protocol: this.options.protocol,
        read: this.read,
        now: () => this.options.clock.now(),
        retryMs: this.retryMs,
        onProblem: (message) => this.hubLog('warn', message),
        admission: this.admission,
      }),
    );
  }

  /** Records the camera's last (partial) interval and stops reading it. */
  unwatch(cameraId: string): void {
    if (this.pool !== undefined) {
      if (this.pool.has(cameraId)) this.recordLater(this.pool.unwatch([cameraId]));
      return;
    }
    const reader = this.readers.get(cameraId);
    if (reader === undefined) return;
    this.record(this.options.clock.now(), cameraId, reader.take());
    reader.stop();
    this.readers.delete(cameraId);
  }

  /** Settles once every observation due so far is recorded (with workers they come a message later). */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all(this.inFlight);
  }

  /**
   * Records the last interval and stops every reader (and worker); the observations are
   * recorded before this returns on this thread, before it settles with workers. Idempotent.
   */
  close(): Promise<void> {
    this.closing ??= this.doClose();
    return this.closing;
  }

  private async doClose(): Promise<void> {
    this.timer.cancel();
    if (this.pool === undefined) {
      for (const id of [...this.readers.keys()]) this.unwatch(id);
      return;
    }
    this.recordLater(this.pool.unwatch(this.pool.watched));
    await this.settled();
    await this.pool.close();
  }

  private flush(): void {
    if (this.pool !== undefined) {
      this.recordLater(this.pool.take());
      return;
    }
    const atMs = this.options.clock.now();
    for (const [id, reader] of this.readers) this.record(atMs, id, reader.take());
  }

  /** Records the pool's answer at the run time it was asked for. */
  private recordLater(answer: Promise<[string, EgressCounts][]>): void {
    const atMs = this.options.clock.now();
    const done = answer.then((rows) => {
      for (const [id, counts] of rows) this.record(atMs, id, counts);
    });
    this.inFlight.add(done);
    void done.finally(() => this.inFlight.delete(done));
  }

  private record(atMs: number, camera: string, counts: EgressCounts): void {
    this.options.log.record({ kind: 'hub.egress', atMs, hub: this.options.hub, camera, ...counts });
  }

  private hubLog(level: 'info' | 'warn', message: string): void {
    this.options.log.record({ kind: 'hub.log', atMs: this.options.clock.now(), hub: this.options.hub, level, message });
  }
}
