/** Named size limits of the HTTP/1.1 request parser (gortsplib pkg/base/header.go does the same for RTSP). */
export interface HttpLimits {
  /** Request line plus all header lines, including CRLFs (node:http's default is 16 KiB too). */
  maxHeaderBytes: number;
  maxHeaderCount: number;
  maxBodyBytes: number;
}

export const defaultHttpLimits: HttpLimits = {
  maxHeaderBytes: 16 * 1024,
  maxHeaderCount: 100,
  maxBodyBytes: 1024 * 1024,
};
