/** Named size limits of the RTSP wire parser (gortsplib pkg/base/header.go does the same). */
export interface RtspLimits {
  /** Request line plus all header lines, including CRLFs. */
  maxHeaderBytes: number;
  maxHeaderCount: number;
  maxLineBytes: number;
  maxBodyBytes: number;
}

export const defaultRtspLimits: RtspLimits = {
  maxHeaderBytes: 8192,
  maxHeaderCount: 64,
  maxLineBytes: 4096,
  maxBodyBytes: 65_536,
};
