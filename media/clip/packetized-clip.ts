/**
 * The contract between media/ and the RTSP server: a clip generated once, parsed into access
 * units and packetised into RTP payloads once, then shared by every camera and session.
 * A session only writes RTP headers (sequence number, timestamp, SSRC) in front of these payloads.
 */
export type VideoCodec = 'h264' | 'h265';

export interface ClipSpec {
  codec: VideoCodec;
  width: number;
  height: number;
  fps: number;
  bitrateKbps: number;
  gopFrames: number;
  h264Profile: 'baseline' | 'main' | 'high';
  bFrames: boolean;
  /** Text burned into the picture (with a running timecode); '' for none. */
  label: string;
  /** Clip length in whole GOPs' worth of seconds; streams loop it. */
  durationS: number;
}

export interface PacketizedFrame {
  /** Index in decode order. */
  index: number;
  /** Presentation time from clip start, 90 kHz ticks. */
  ptsTicks: number;
  /** Decode time from clip start, 90 kHz ticks (differs from pts with B-frames). */
  dtsTicks: number;
  keyframe: boolean;
  /** RTP payloads of this access unit, in order; the last one carries the marker bit. Never mutate. */
  payloads: readonly Buffer[];
  /** Sum of payload lengths. */
  bytes: number;
}

export interface PacketizedClip {
  spec: ClipSpec;
  /** RTP payload type and clock rate used in SDP. */
  payloadType: number;
  clockRate: 90_000;
  /** e.g. 'H264/90000' or 'H265/90000'. */
  rtpmap: string;
  /** The SDP a=fmtp parameters (packetization-mode, profile-level-id, sprop-...). */
  fmtp: string;
  /** Frames in decode order; a stream loops over them, adding durationTicks per loop. */
  frames: readonly PacketizedFrame[];
  /** Duration of one loop of the clip, 90 kHz ticks. */
  durationTicks: number;
  /** A JPEG of the clip's first frame (the camera's snapshot). */
  snapshotJpeg: Buffer;
}
