/**
 * Where a camera is reached: its network identity and the parts of its model the URL builders
 * read. Kept apart from camera.ts and camera-model.ts so that the URL builders and the quirks,
 * which camera models validate, read a camera without importing the class or the model schema.
 */
export interface CameraNetwork {
  /** IPv4 address the camera's listeners bind (its own 127.x.y.z, or a shared one in port mode). */
  address: string;
  rtspPort: number;
  onvifPort: number;
}

/** What the URL builders read: a Camera, or a fleet's view of one served by a worker. */
export interface CameraAddressing {
  readonly model: {
    /** RTSP path template; {profile} is 'main' or 'sub', {channel} is 101 or 102. */
    readonly rtspPath: string;
    readonly snapshotPath: string;
    /** Quirk id -> parameters (stream-uri-query adds a query to stream URIs). */
    readonly quirks: Readonly<Record<string, unknown>>;
  };
  readonly network: CameraNetwork;
}
