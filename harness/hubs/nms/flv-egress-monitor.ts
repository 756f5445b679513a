import { setTimeout as delay } from 'node:timers/promises';
import { FlvDemuxer, type FlvVideoTag } from '../../../media/flv/flv-demuxer.ts';
import { decodeSeiNal } from '../../../media/sei/sei-stamp.ts';
import type { Clock, TimerHandle } from '../../../simulators/clock/clock.ts';
import type { ObservationLog } from '../../../simulators/observations/observation-log.ts';

export interface FlvEgressMonitorOptions {
  hub: string;
  log: ObservationLog;
  clock: Clock;
  /** Pause before reading a restream again after it ended or refused (real time). */
  retryMs?: number;
  /** How often counters become one hub.egress observation per camera. */
  intervalMs?: number;
}

interface EgressReader {
  cameraId: string;
  url: string;
  abort: AbortController;
  frames: number;
  foreignFrames: number;
  latencyMs: number[];
}

const H264_SEI = 6;
const H265_PREFIX_SEI = 39;

/**
 * Reads a hub's HTTP-FLV restream of each camera, as a control-room viewer would, and traces
 * every frame back through the cameras' SEI stamps: frames per interval, end-to-end latency
 * (the reader's clock minus the stamp's send time), and frames that name another camera.
 * Each interval with frames becomes one 'hub.egress' observation per camera.
 */
export class FlvEgressMonitor {
  private readonly readers = new Map<string, EgressReader>();
  private readonly flushTimer: TimerHandle;
  private closed = false;

  constructor(private readonly options: FlvEgressMonitorOptions) {
    this.flushTimer = options.clock.setInterval(() => this.flush(), options.intervalMs ?? 1_000);
  }

  watch(cameraId: string, url: string): void {
    if (this.closed || this.readers.has(cameraId)) return;
    const reader: EgressReader = { cameraId, url, abort: new AbortController(), frames: 0, foreignFrames: 0, latencyMs: [] };
    this.readers.set(cameraId, reader);
    void this.readLoop(reader);
  }

  unwatch(cameraId: string): void {
    const reader = this.readers.get(cameraId);
    if (reader === undefined) return;
    this.flushReader(reader);
    reader.abort.abort();
    this.readers.delete(cameraId);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.flush();
    this.flushTimer.cancel();
    for (const reader of this.readers.values()) reader.abort.abort();
    this.readers.clear();
  }

  private async readLoop(reader: EgressReader): Promise<void> {
    const { signal } = reader.abort;
    while (!signal.aborted) {
      try {
        // NMS holds a request for a stream not yet publishing open until it publishes.
        const res = await fetch(reader.url, { signal });
        if (res.ok && res.body !== null) {
          const demuxer = new FlvDemuxer();
          for await (const chunk of res.body) this.onTags(reader, demuxer.push(Buffer.from(chunk)));
        } else {
          await res.body?.cancel();
        }
      } catch {
        // Refused, reset, aborted or a malformed stream: the restream is not there; try again.
      }
      if (signal.aborted) return;
      await delay(this.options.retryMs ?? 500, undefined, { signal }).catch(() => undefined);
    }
  }

  private onTags(reader: EgressReader, tags: FlvVideoTag[]): void {
    if (tags.length === 0) return;
    const nowMs = this.options.clock.now();
    for (let t = 0; t < tags.length; t++) {
      const tag = tags[t]!;
      if (tag.kind !== 'nal-units') continue;
      reader.frames++;
      const nals = tag.nals;
      for (let n = 0; n < nals.length; n++) {
        const nal = nals[n]!;
        const isSei = tag.codec === 'h264' ? (nal[0]! & 0x1f) === H264_SEI : ((nal[0]! >> 1) & 0x3f) === H265_PREFIX_SEI;
        if (!isSei) continue;
        let stamp;
        try {
          stamp = decodeSeiNal(tag.codec, nal);
        } catch {
          continue; // a malformed SEI is not a camlab stamp
        }
        if (stamp === undefined) continue;
        if (stamp.cameraId === reader.cameraId) reader.latencyMs.push(nowMs - stamp.sendTimeMs);
        else reader.foreignFrames++;
        break;
      }
    }
  }

  private flush(): void {
    for (const reader of this.readers.values()) this.flushReader(reader);
  }

  private flushReader(reader: EgressReader): void {
    if (reader.frames === 0) return;
    this.options.log.record({
      kind: 'hub.egress',
      atMs: this.options.clock.now(),
      hub: this.options.hub,
      camera: reader.cameraId,
      frames: reader.frames,
      latencyMs: reader.latencyMs,
      foreignFrames: reader.foreignFrames,
    });
    reader.frames = 0;
    reader.foreignFrames = 0;
    reader.latencyMs = [];
  }
}
