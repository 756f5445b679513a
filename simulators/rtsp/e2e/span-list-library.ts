import type { StreamProfileSpec } from '../../camera/camera-model.ts';
import type { RecordedSpan, RecordedTrack, RecordingLibrary } from '../../recording/recorded-track.ts';

export interface ListedRecording {
  recordingToken: string;
  cameraId: string;
  profile: StreamProfileSpec;
  /** Spans in time order; an open span (endMs Infinity) is still recording: it ends at `now`. */
  spans: RecordedSpan[];
}

/**
 * A RecordingLibrary over fixed lists of spans, for replay tests and the bench (the recording
 * model's own library is rec-model's). An open span grows with `now`, as a recording in progress.
 */
export class SpanListLibrary implements RecordingLibrary {
  private readonly tracks = new Map<string, RecordedTrack>();

  constructor(
    recordings: readonly ListedRecording[],
    private readonly now: () => number = Date.now,
  ) {
    for (const r of recordings) {
      const spansOf = (fromMs: number, toMs: number): RecordedSpan[] => {
        const end = Math.min(toMs, this.now());
        const out: RecordedSpan[] = [];
        for (const s of r.spans) {
          const startMs = Math.max(s.startMs, fromMs);
          const endMs = Math.min(s.endMs, end);
          if (endMs > startMs) out.push({ startMs, endMs });
        }
        return out;
      };
      this.tracks.set(r.recordingToken, {
        recordingToken: r.recordingToken,
        trackToken: 'VIDEO001',
        cameraId: r.cameraId,
        profile: r.profile,
        spans: spansOf,
      });
    }
  }

  track(recordingToken: string): RecordedTrack | undefined {
    return this.tracks.get(recordingToken);
  }
}
