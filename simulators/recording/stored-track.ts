import type { StreamProfileSpec } from '../camera/camera-model.ts';
import type { Clock } from '../clock/clock.ts';
import type { RecordedSpan, RecordedTrack } from './recorded-track.ts';
import type { RecordingStore, StoreTrack } from './recording-store.ts';
import { SpanTimeline } from './span-timeline.ts';

/** The recording token of a camera's recording on any device: one recording per camera. */
export function recordingTokenOf(cameraId: string): string {
  return `rec-${cameraId}`;
}

/** Each recording holds one video track. */
export const VIDEO_TRACK_TOKEN = 'video';

/** One camera's track on one device's store: what the store kept of it, read through the store's rules. */
export class StoredTrack implements RecordedTrack, StoreTrack {
  readonly recordingToken: string;
  readonly trackToken = VIDEO_TRACK_TOKEN;
  readonly timeline = new SpanTimeline();
  readonly bytesPerMs: number;

  constructor(
    readonly cameraId: string,
    readonly profile: StreamProfileSpec,
    private readonly store: RecordingStore,
    private readonly clock: Clock,
    /** False while the medium is out of reach (an SD card removed): a client reads nothing then. */
    private readonly readable: () => boolean = () => true,
  ) {
    this.recordingToken = recordingTokenOf(cameraId);
    // kbit/s = 1000 bit per 1000 ms, so bytes per ms = kbps / 8.
    this.bytesPerMs = profile.bitrateKbps / 8;
    store.add(this);
  }

  get recording(): boolean {
    return this.timeline.recording;
  }

  /** Keeps from nowMs on (the store applies its rules first, so overwriting stays exact). */
  begin(nowMs: number): void {
    this.store.enforce(nowMs);
    this.timeline.begin(nowMs);
  }

  end(nowMs: number): void {
    this.store.enforce(nowMs);
    this.timeline.end(nowMs);
  }

  /** What a client can read now: the spans kept, or none while the medium is out. */
  spans(fromMs: number, toMs: number): RecordedSpan[] {
    return this.readable() ? this.keptSpans(fromMs, toMs) : [];
  }

  /** The spans on the medium, readable or not (the run's record of what the device holds). */
  keptSpans(fromMs: number, toMs: number): RecordedSpan[] {
    const nowMs = this.clock.now();
    this.store.enforce(nowMs);
    return this.timeline.spans(fromMs, toMs, nowMs);
  }
}
