import type { StreamProfileSpec } from '../camera/camera-model.ts';

/**
 * What a recorder kept of one camera stream: the contract between the recording model (which
 * decides what was kept), Profile G search (which reports it) and RTSP replay (which plays it).
 * Times are ms on the run's clock, the clock of SEI sendTimeMs, so a replayed frame is stamped
 * with the instant it was captured.
 */
export interface RecordedSpan {
  /** First instant kept, inclusive. */
  startMs: number;
  /** End of the span, exclusive. */
  endMs: number;
}

export interface RecordedTrack {
  /** ONVIF RecordingToken of the recording this track belongs to. */
  readonly recordingToken: string;
  /** ONVIF TrackToken of the video track. */
  readonly trackToken: string;
  /** The camera whose stream was recorded: the SEI camera id of replayed frames. */
  readonly cameraId: string;
  /** The camera model's stream profile that was recorded: the clip replay plays. */
  readonly profile: StreamProfileSpec;
  /** The spans kept now (after retention, overwrite, corruption), in time order, clipped to [fromMs, toMs). */
  spans(fromMs: number, toMs: number): RecordedSpan[];
}

/** The recordings a device can replay, by token: a camera's edge storage, or a site recorder's. */
export interface RecordingLibrary {
  track(recordingToken: string): RecordedTrack | undefined;
}

/** Where the replay of a recording lives on its device's RTSP server (GetReplayUri answers it). */
export function replayPath(recordingToken: string): string {
  return `/replay/${encodeURIComponent(recordingToken)}`;
}
