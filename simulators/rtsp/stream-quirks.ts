/**
 * How one camera's RTSP/RTP side misbehaves right now: the settings the RTSP server obeys, resolved
 * from the camera model's quirks and the quirks switched on for a while by a scenario. Plain data,
 * read on the hot path as fields (never computed per frame).
 */
export interface StreamQuirks {
  /** Sessions the camera serves at once; a SETUP beyond it is answered 453 Not Enough Bandwidth. */
  maxSessions: number | undefined;
  /** DESCRIBEs answered with `failDescribeStatus` after each boot, before the camera answers them. */
  failDescribes: number;
  failDescribeStatus: number;
  /** The SDP carries the parameter sets (sprop-parameter-sets, sprop-vps/sps/pps). */
  sdpParameterSets: boolean;
  /** Key frames carry their parameter sets in-band (SPS/PPS NAL units before the slices). */
  inBandParameterSets: boolean;
  /** RTCP sender reports are sent (RFC 3550 §6.4.1); without them a client cannot map RTP time to wall time. */
  senderReports: boolean;
  /** After PLAY the first key frame comes this late; until then the session sends P-frames a decoder cannot use. */
  firstKeyframeDelayMs: number;
  /** RTP time starts this close below 2^32 that it wraps this long after SETUP (undefined: a random start). */
  rtpWrapAfterMs: number | undefined;
  /** RTP time and sequence numbers count from the camera's boot (both start near 0 after every reboot), not from random. */
  rtpFromBoot: boolean;
  /** Every frame repeats one picture while RTP keeps flowing. */
  frozenPicture: boolean;
  /** Every Nth frame's slice data is damaged (0: none). */
  damageEveryFrames: number;
  /** corrupt: bytes of slice data overwritten; truncate: the frame's last fragments never sent. */
  damageMode: 'corrupt' | 'truncate';
  /** DESCRIBE gives an SDP with one PCMU audio track and no video; sessions set up meanwhile send G.711 silence. */
  audioOnly: boolean;
}

export const noStreamQuirks: Readonly<StreamQuirks> = Object.freeze({
  maxSessions: undefined,
  failDescribes: 0,
  failDescribeStatus: 503,
  sdpParameterSets: true,
  inBandParameterSets: true,
  senderReports: true,
  firstKeyframeDelayMs: 0,
  rtpWrapAfterMs: undefined,
  rtpFromBoot: false,
  frozenPicture: false,
  damageEveryFrames: 0,
  damageMode: 'corrupt',
  audioOnly: false,
});

/** A jump of a live stream's RTP clock and sequence numbers (an encoder restart, a clock step). */
export interface RtpDiscontinuity {
  /** Added to the RTP time (90 kHz ticks), modulo 2^32; negative goes back. */
  timestampJumpTicks: number;
  /** Added to the sequence number, modulo 2^16. */
  sequenceJump: number;
}
