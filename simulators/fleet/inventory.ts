/**
 * The inventory is what `camlab sim` and `camlab run --inventory` write once every listener is
 * up: everything a hub, a script or a person needs to provision the cameras.
 */
export interface InventoryCamera {
  id: string;
  name: string;
  site: string;
  model: string;
  manufacturer: string;
  address: string;
  rtspPort: number;
  onvifPort: number;
  rtsp: { main: string; sub: string };
  onvif: string;
  snapshot: string;
  ptz: boolean;
  username: string;
  password: string;
  shard: number;
}

/** A site recorder (NVR): a device of its own that a hub provisions to fetch recordings (Profile G). */
export interface InventoryRecorder {
  id: string;
  site: string;
  address: string;
  rtspPort: number;
  onvifPort: number;
  onvif: string;
  /** The cameras it records. */
  channels: string[];
  username: string;
  password: string;
  shard: number;
}

export interface InventorySite {
  name: string;
  addressBlock: string;
  controlRoom?: string;
  bandwidthKbps?: number;
  cameras: number;
  /** The control API serving this site's cameras, where each site has its own (kernel mode). */
  api?: string;
}

export interface Inventory {
  generatedAt: string;
  /** Base URL of the control API, when one runs. */
  api?: string;
  shard?: { index: number; count: number };
  sites: InventorySite[];
  cameras: InventoryCamera[];
  /** Site recorders this shard serves (absent when the fleet has none). */
  recorders?: InventoryRecorder[];
}
