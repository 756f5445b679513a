import { setTimeout as delay } from 'node:timers/promises';
import { FlvDemuxer, type FlvVideoTag } from '../../../media/flv/flv-demuxer.ts';
import { decodeSeiNal, type SeiStamp } from '../../../media/sei/sei-stamp.ts';
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
  unstampedFrames: number;
  latencyMs: number[];
  /** Stamps already counted (`camera\u0000counter`), oldest first, so a repeated frame counts once. */
  seen: Set<string>;
}

/** Frames remembered per camera to tell a repeat from a new frame: a minute at 25 fps and more. */
const SEEN_FRAMES = 2_048;

const H264_SEI = 6;
const H265_PREFIX_SEI = 39;

/**
 * Reads a hub's HTTP-FLV restream of each camera, as a control-room viewer would, and traces
 * every frame back through the cameras' SEI stamps: unique frames per interval (by SEI frame
 * counter, not FLV tags), end-to-end latency (the reader's clock minus the stamp's send time),
 * frames that name another camera, and pictures without a stamp. Every interval of every
 * watched camera becomes one 'hub.egress' observation, zero frames included (the contract in
 * observation.ts): a restream that stops or never comes shows as zeros.
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
    const reader: EgressReader = {
      cameraId,
      url,
      abort: new AbortController(),
      frames: 0,
      foreignFrames: 0,
      unstampedFrames: 0,
      latencyMs: [],
      seen: new Set(),
    };
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
      const stamp = stampOf(tag);
      if (stamp === undefined) {
        reader.unstampedFrames++;
        continue;
      }
      const key = `${stamp.cameraId}\u0000${stamp.frame}`;
      if (reader.seen.has(key)) continue;
      reader.seen.add(key);
      if (reader.seen.size > SEEN_FRAMES) reader.seen.delete(reader.seen.values().next().value!);
      if (stamp.cameraId === reader.cameraId) {
        reader.frames++;
        reader.latencyMs.push(nowMs - stamp.sendTimeMs);
      } else {
        reader.foreignFrames++;
      }
    }
  }

  private flush(): void {
    for (const reader of this.readers.values()) this.flushReader(reader);
  }

  private flushReader(reader: EgressReader): void {
    this.options.log.record({
      kind: 'hub.egress',
      atMs: this.options.clock.now(),
      hub: this.options.hub,
      camera: reader.cameraId,
      frames: reader.frames,
      latencyMs: reader.latencyMs,
      foreignFrames: reader.foreignFrames,
      unstampedFrames: reader.unstampedFrames,
    });
    reader.frames = 0;
    reader.foreignFrames = 0;
    reader.unstampedFrames = 0;
    reader.latencyMs = [];
  }
}

/** The camlab stamp of a video tag's access unit, if it carries one. */
function stampOf(tag: Extract<FlvVideoTag, { kind: 'nal-units' }>): SeiStamp | undefined {
  for (const nal of tag.nals) {
    const isSei = tag.codec === 'h264' ? (nal[0]! & 0x1f) === H264_SEI : ((nal[0]! >> 1) & 0x3f) === H265_PREFIX_SEI;
    if (!isSei) continue;
    try {
      const stamp = decodeSeiNal(tag.codec, nal);
      if (stamp !== undefined) return stamp;
    } catch {
      // A malformed SEI is not a camlab stamp; another SEI of the same frame may be.
    }
  }
  return undefined;
}
