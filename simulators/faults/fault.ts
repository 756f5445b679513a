import type { RtspTransport } from '../observations/observation.ts';

/**
 * A fault is a small processor on a camera's device paths, like a Toxiproxy toxic. The camera's
 * servers consult the active faults of their camera at four points; a fault implements only the
 * hooks it needs. State kinds of fault (power, reboot, readdress, credentials) act on the Camera
 * itself when applied and undo that when cleared.
 *
 * Hooks run on hot paths: no allocation per call beyond the returned primitive, no logging.
 */
export type DeviceService = 'rtsp' | 'onvif' | 'snapshot' | 'discovery';

/** What happens to a new TCP connection: accept, refuse (RST at once), or hang (accept, never answer). */
export type ConnectionVerdict = 'accept' | 'reset' | 'hang';

/** Returned by onFrame: send now, drop the frame (counted), or hold it this many ms first. */
export const FRAME_SEND = 0;
export const FRAME_DROP = -1;

export type SoapAction =
  | { type: 'fault'; httpStatus: number; code: string; subcode: string; reason: string }
  | { type: 'delay'; delayMs: number };

export interface FaultHooks {
  onConnection?(service: DeviceService, nowMs: number): ConnectionVerdict;
  /**
   * One media frame of `frameBytes` about to go to a session of this camera over `transport`.
   * Returns FRAME_SEND, FRAME_DROP, or a positive delay in ms (latency, bandwidth shaping).
   */
  onFrame?(sessionKey: string, frameBytes: number, transport: RtspTransport, nowMs: number): number;
  /** An ONVIF operation about to be served; undefined lets it through. */
  onSoapRequest?(service: string, operation: string, nowMs: number): SoapAction | undefined;
  /** Whether the camera answers discovery while this fault is active. */
  discoverable?(): boolean;
  /** Milliseconds this fault adds to the device clock (clock-drift); summed by Camera.clockOffsetMs. */
  clockOffsetMs?(nowMs: number): number;
  /** How long a digest nonce stays fresh while this fault is active (stale-nonce); the shortest wins. */
  nonceLifetimeMs?(): number;
}

export interface ActiveFault extends FaultHooks {
  readonly id: string;
  readonly kind: string;
  /** The validated parameters, for listings (GET /api/cameras/:id) and for faults that must see each other. */
  readonly params?: Readonly<Record<string, unknown>>;
  close(): void;
}
