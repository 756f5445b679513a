/** A parsed RTSP request. Header names are lower-cased; a repeated header keeps its first value. */
export interface RtspRequest {
  method: string;
  uri: string;
  version: string;
  headers: ReadonlyMap<string, string>;
  body: Buffer;
}

export interface RtspResponse {
  status: number;
  /** In wire order; names as they should appear. */
  headers: (readonly [string, string])[];
  body?: string;
}

/** A chunk of interleaved binary data on the RTSP connection ("$" channel length payload, RFC 2326 §10.12). */
export interface InterleavedFrame {
  channel: number;
  payload: Buffer;
}

export type RtspInbound =
  | { kind: 'request'; request: RtspRequest; consumedBytes: number }
  | { kind: 'interleaved'; frame: InterleavedFrame; consumedBytes: number };
