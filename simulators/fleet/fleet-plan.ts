import type { CameraUser } from '../camera/camera.ts';
import { AddressBlock } from './address-block.ts';
import { recorderAddress, resolveModel, siteCameraCount, siteCameraIds, type FleetDefinition } from './fleet-schema.ts';

export type AddressMode = 'per-camera' | 'port-per-camera';

export interface PlanOptions {
  addressMode: AddressMode;
  /** per-camera: the port every camera's RTSP listens on (554 when the process may bind it). */
  rtspPort: number;
  /** per-camera: the port every camera's ONVIF listens on (80 when the process may bind it). */
  onvifPort: number;
  /** port-per-camera: the one address all cameras share. */
  bindAddress: string;
  /** port-per-camera: camera i gets RTSP basePort + 2i and ONVIF basePort + 2i + 1 (0: any free ports, for tests). */
  basePort: number;
  shard: { index: number; count: number };
  extraUsers: readonly CameraUser[];
}

export interface PlannedCamera {
  /** Position in the whole fleet, 0-based. */
  index: number;
  id: string;
  name: string;
  site: string;
  siteIndex: number;
  modelId: string;
  ptz: boolean;
  address: string;
  rtspPort: number;
  onvifPort: number;
  shard: number;
}

/** A site recorder: its own address (per-camera mode) or ports after the cameras' (port-per-camera). */
export interface PlannedRecorder {
  id: string;
  name: string;
  site: string;
  address: string;
  rtspPort: number;
  onvifPort: number;
  /** The cameras it records, by id. */
  channels: string[];
  users: CameraUser[];
  /** Served with its first channel, so the recorder sees its cameras' state in process. */
  shard: number;
}

export interface FleetPlan {
  cameras: PlannedCamera[];
  users: CameraUser[];
  recorders: PlannedRecorder[];
}

/** The shard serving fleet position `index`: contiguous slices, sizes differing by at most one. */
export function shardOf(index: number, total: number, shardCount: number): number {
  return Math.min(shardCount - 1, Math.floor((index * shardCount) / total));
}

/**
 * Every camera of the fleet with its id, site, model, address and ports, and the shard that
 * serves it — pure, so two machines running `--shard 0/2` and `--shard 1/2` agree on the split
 * and an inventory can be merged.
 */
export function planFleet(def: FleetDefinition, opts: PlanOptions): FleetPlan {
  const total = def.sites.reduce((n, s) => n + siteCameraCount(s), 0);
  const cameras: PlannedCamera[] = [];
  const portLimit = opts.basePort + 2 * (total + def.recorders.length);
  if (opts.addressMode === 'port-per-camera' && portLimit > 65_536) {
    throw new RangeError(
      `port-per-camera mode needs ports ${opts.basePort}..${portLimit - 1}; lower --base-port or serve fewer cameras`,
    );
  }
  for (const site of def.sites) {
    const block = AddressBlock.of(site.addressBlock);
    const width = Math.max(3, String(siteCameraCount(site)).length);
    let siteIndex = 0;
    for (const group of site.cameras) {
      const model = resolveModel(def, group.model);
      for (let k = 0; k < group.count; k++) {
        const index = cameras.length;
        const number = String(siteIndex + 1).padStart(width, '0');
        const perCamera = opts.addressMode === 'per-camera';
        cameras.push({
          index,
          id: `${site.name}-${number}`,
          name: `${site.name} ${number} (${model.manufacturer} ${model.model})`,
          site: site.name,
          siteIndex,
          modelId: model.id,
          ptz: model.ptz !== undefined,
          address: perCamera ? block.host(siteIndex) : opts.bindAddress,
          rtspPort: perCamera ? opts.rtspPort : opts.basePort === 0 ? 0 : opts.basePort + 2 * index,
          onvifPort: perCamera ? opts.onvifPort : opts.basePort === 0 ? 0 : opts.basePort + 2 * index + 1,
          shard: shardOf(index, total, opts.shard.count),
        });
        siteIndex++;
      }
    }
  }
  const users = [
    ...def.users.map((u) => ({ username: u.username, password: u.password, role: u.role })),
    ...opts.extraUsers,
  ];
  const shardOfCamera = new Map(cameras.map((c) => [c.id, c.shard]));
  const recorders = def.recorders.map((r, k): PlannedRecorder => {
    const site = def.sites.find((s) => s.name === r.site)!;
    const channels = r.channels ?? siteCameraIds(site);
    const perCamera = opts.addressMode === 'per-camera';
    const index = total + k;
    return {
      id: r.id,
      name: `${r.id} (site recorder, ${channels.length} channels)`,
      site: r.site,
      address: perCamera ? recorderAddress(def, r.id)! : opts.bindAddress,
      rtspPort: perCamera ? opts.rtspPort : opts.basePort === 0 ? 0 : opts.basePort + 2 * index,
      onvifPort: perCamera ? opts.onvifPort : opts.basePort === 0 ? 0 : opts.basePort + 2 * index + 1,
      channels,
      users:
        r.users === undefined
          ? users
          : [...r.users.map((u) => ({ username: u.username, password: u.password, role: u.role })), ...opts.extraUsers],
      shard: shardOfCamera.get(channels[0]!) ?? 0,
    };
  });
  return { cameras, users, recorders };
}
