import { setTimeout as delay } from 'node:timers/promises';
import type { EgressAdmission } from './egress-admission.ts';
import type { EgressProtocol, FrameSink, ReadEgress } from './egress-reader.ts';
import { EgressTally, type EgressCounts } from './egress-tally.ts';
import { readFlvEgress } from './flv-egress-reader.ts';
import { readHlsEgress } from './hls-egress-reader.ts';
import { readRtspEgress } from './rtsp-egress-reader.ts';

export const egressReaders: Record<EgressProtocol, ReadEgress> = {
  rtsp: readRtspEgress,
  'http-flv': readFlvEgress,
  hls: readHlsEgress,
};

export interface EgressCameraReaderOptions {
  cameraId: string;
  url: string;
  protocol: EgressProtocol;
  read: ReadEgress;
  /** The tally's clock: latency is now() minus the stamp's send time. */
  now: () => number;
  /** Pause before reading the restream again after it ended or failed (real time). */
  retryMs: number;
  /** A new kind of failure, worded for hub.log (a restream that stays down is told once). */
  onProblem: (message: string) => void;
  /** The thread's bound on restreams opening at once. */
  admission: EgressAdmission;
}

/**
 * One watched camera: its tally and its reader in a retry loop. The same on the main thread
 * (EgressWatcher without workers) and in an egress worker, so both count alike.
 */
export class EgressCameraReader {
  readonly tally: EgressTally;
  private readonly abort = new AbortController();
  /** The last failure told, so a restream that stays down is told once, not per retry. */
  private failing: string | undefined;
  /** Settles when the loop has ended (after stop(), once the reader let go of its connection). */
  readonly done: Promise<void>;

  constructor(private readonly options: EgressCameraReaderOptions) {
    this.tally = new EgressTally(options.cameraId, options.now);
    this.done = this.loop();
  }

  /** This interval's counts; frames arriving again means the next failure is told again. */
  take(): EgressCounts {
    const counts = this.tally.take();
    if (counts.frames > 0) this.failing = undefined;
    return counts;
  }

  stop(): void {
    this.abort.abort();
  }

  private async loop(): Promise<void> {
    const { signal } = this.abort;
    const { url, protocol, cameraId, read } = this.options;
    const tally = this.tally;
    while (!signal.aborted) {
      const { admission } = this.options;
      const release = admission.tryAcquire() ?? (await admission.acquire(signal));
      if (release === undefined) return;
      let opened = false;
      const onFrame: FrameSink = (codec, nals) => {
        if (!opened) {
          opened = true;
          release();
        }
        tally.onFrame(codec, nals);
      };
      let problem: string;
      try {
        await read(url, onFrame, signal);
        problem = 'the restream ended';
      } catch (err) {
        problem = (err as Error).message;
      } finally {
        release();
      }
      if (signal.aborted) return;
      if (this.failing !== problem)
        this.options.onProblem(`egress of ${cameraId} (${protocol} ${url}): ${problem}; reading again`);
      this.failing = problem;
      await delay(this.options.retryMs, undefined, { signal }).catch(() => undefined);
    }
  }
}
