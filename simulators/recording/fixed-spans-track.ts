import type { StreamProfileSpec } from '../camera/camera-model.ts';
import type { RecordedSpan, RecordedTrack } from './recorded-track.ts';

const TEST_PROFILE: StreamProfileSpec = {
  name: 'main',
  codec: 'h264',
  width: 1920,
  height: 1080,
  fps: 25,
  bitrateKbps: 4000,
  gopFrames: 50,
  h264Profile: 'main',
  bFrames: false,
};

/**
 * A RecordedTrack over a fixed list of spans, for tests and benches of search and replay that
 * need no time model: the recording model's tracks answer the same contract from what happened.
 */
export class FixedSpansTrack implements RecordedTrack {
  constructor(
    readonly recordingToken: string,
    readonly trackToken: string,
    readonly cameraId: string,
    private readonly kept: readonly RecordedSpan[],
    readonly profile: StreamProfileSpec = TEST_PROFILE,
  ) {}

  spans(fromMs: number, toMs: number): RecordedSpan[] {
    const out: RecordedSpan[] = [];
    for (const s of this.kept) {
      if (s.endMs <= fromMs || s.startMs >= toMs) continue;
      out.push({ startMs: Math.max(s.startMs, fromMs), endMs: Math.min(s.endMs, toMs) });
    }
    return out;
  }
}
