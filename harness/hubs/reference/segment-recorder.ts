import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Clock, TimerHandle } from '../../../simulators/clock/clock.ts';
import type { ObservationLog } from '../../../simulators/observations/observation-log.ts';
import { captureRunsOf } from '../capture-runs.ts';
import type { ReadFrame } from './annexb-frame-reader.ts';
import { RecordingTimeline } from './recording-timeline.ts';
import { SegmentFile } from './segment-file.ts';

/** Pictures further apart than this end one recording segment and start the next. */
const segmentGapMs = 2_000;

interface Segment {
  name: string;
  startMs: number;
  endMs: number;
  file: SegmentFile | undefined;
  /** Where a live segment places its pictures, from the stream's timestamps (none for a backfill). */
  timeline: RecordingTimeline | undefined;
}

/** A picture the hub stores, with the time it files it under. */
export interface StoredPicture {
  frame: ReadFrame;
  hubTimeMs: number;
}

/**
 * The mini hub's recorder: it keeps each camera's pictures as they arrive, in segments that end
 * where pictures stopped for `segmentGapMs`, and stops recording a camera `recordForMs` after its
 * first picture (a disk that fills). Each segment is a file under `dir` (segment-file.ts); when
 * it ends the recorder records hub.recording (the span the hub files it under, with a live
 * segment's timeline sampled: it places pictures from the stream's timestamps, `timestamps` says
 * how it treats them) and hub.recording.frames, read back from the file: what the segment holds,
 * by SEI capture time.
 */
export class SegmentRecorder {
  private readonly open = new Map<string, Segment>();
  private readonly firstFrameMs = new Map<string, number>();
  private readonly counters = new Map<string, number>();
  private readonly finishing = new Set<Promise<void>>();
  private readonly made: Promise<unknown>;
  /** The latest packet time of each camera's stream, until a segment opens to take it. */
  private readonly pendingStreamMs = new Map<string, number>();
  /** Segments whose pictures stopped are finished as the run goes, not only at the end. */
  private readonly ticker: TimerHandle;

  constructor(
    private readonly hub: string,
    private readonly log: ObservationLog,
    private readonly clock: Clock,
    private readonly recordForMs: number,
    private readonly dir: string,
    private readonly timestamps: 'stream' | 'rebased' = 'rebased',
  ) {
    this.made = mkdir(dir, { recursive: true }).catch((err: unknown) => {
      log.record({
        kind: 'hub.log',
        atMs: clock.now(),
        hub,
        level: 'warn',
        message: `no recordings folder ${dir}: ${(err as Error).message}`,
      });
    });
    this.ticker = clock.setInterval(() => {
      const now = clock.now();
      for (const [camera, segment] of this.open) {
        if (now - segment.endMs > segmentGapMs) this.end(camera);
        else void this.made.then(() => segment.file?.flush()).catch(() => undefined);
      }
    }, segmentGapMs);
  }

  /** A packet of `camera`'s stream carried stream time `ms` (from its RTP timestamps). */
  mediaTime(camera: string, ms: number): void {
    const segment = this.open.get(camera);
    if (segment?.timeline === undefined) this.pendingStreamMs.set(camera, ms);
    else segment.timeline.packet(ms, this.clock.now());
  }

  frame(camera: string, frame: ReadFrame): void {
    const now = this.clock.now();
    const first = this.firstFrameMs.get(camera) ?? now;
    this.firstFrameMs.set(camera, first);
    if (now - first > this.recordForMs) return this.end(camera);
    let segment = this.open.get(camera);
    if (segment === undefined || now - segment.endMs > segmentGapMs) {
      this.end(camera);
      segment = {
        name: this.nextName(camera, 'live'),
        startMs: now,
        endMs: now,
        file: undefined,
        timeline: new RecordingTimeline(this.timestamps, now),
      };
      const pending = this.pendingStreamMs.get(camera);
      if (pending !== undefined) segment.timeline?.packet(pending, now);
      this.pendingStreamMs.delete(camera);
      this.open.set(camera, segment);
    }
    segment.endMs = now;
    segment.timeline?.picture(now);
    segment.file ??=
      frame.sei === undefined ? undefined : new SegmentFile(join(this.dir, segment.name), frame.sei.codec);
    segment.file?.picture(frame, now);
  }

  /**
   * A whole segment at once: pictures the hub fetched (a backfill), filed under the times it
   * gives them. `startMs`/`endMs` are the span it lists the segment under.
   */
  store(camera: string, pictures: readonly StoredPicture[], startMs: number, endMs: number): Promise<void> {
    const codec = pictures.find((p) => p.frame.sei !== undefined)?.frame.sei?.codec;
    const name = this.nextName(camera, 'backfill');
    const file = codec === undefined ? undefined : new SegmentFile(join(this.dir, name), codec);
    for (const p of pictures) file?.picture(p.frame, p.hubTimeMs);
    return this.finish(camera, { name, startMs, endMs, file, timeline: undefined });
  }

  /** Ends the camera's open segment, if any. */
  end(camera: string): void {
    const segment = this.open.get(camera);
    if (segment === undefined) return;
    this.open.delete(camera);
    void this.finish(camera, segment);
  }

  /** Ends every open segment, waits for every file to be read back, and stops. Idempotent. */
  async close(): Promise<void> {
    this.ticker.cancel();
    for (const camera of [...this.open.keys()]) this.end(camera);
    await Promise.allSettled([...this.finishing]);
  }

  private nextName(camera: string, kind: string): string {
    const n = (this.counters.get(camera) ?? 0) + 1;
    this.counters.set(camera, n);
    return `${camera}-${String(n).padStart(4, '0')}-${kind}`;
  }

  private finish(camera: string, segment: Segment): Promise<void> {
    const samples = segment.timeline?.samples ?? [];
    if (segment.endMs > segment.startMs)
      this.log.record({
        kind: 'hub.recording',
        atMs: this.clock.now(),
        hub: this.hub,
        camera,
        startMs: segment.startMs,
        endMs: segment.endMs,
        ...(samples.length > 0 ? { timeline: samples } : {}),
      });
    const done = (async () => {
      await this.made;
      const pictures = segment.file === undefined ? [] : await segment.file.read();
      const coverage = captureRunsOf(camera, pictures);
      this.log.record({
        kind: 'hub.recording.frames',
        atMs: this.clock.now(),
        hub: this.hub,
        camera,
        recording: segment.name,
        startMs: segment.startMs,
        endMs: segment.endMs,
        ...coverage,
      });
    })().catch((err: unknown) => {
      this.log.record({
        kind: 'hub.log',
        atMs: this.clock.now(),
        hub: this.hub,
        level: 'warn',
        message: `recording ${segment.name} of ${camera} could not be read back: ${(err as Error).message}`,
      });
    });
    this.finishing.add(done);
    void done.finally(() => this.finishing.delete(done));
    return done;
  }
}
