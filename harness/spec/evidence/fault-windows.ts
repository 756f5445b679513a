import type { Observation } from '../../../simulators/observations/observation.ts';
import {
  bandwidthFaultKinds,
  credentialFaultKinds,
  lossFaultKinds,
  rebootFaultKinds,
  uriChangeFaultKinds,
} from './fault-kinds.ts';
import { memoByObservations } from './memo.ts';

/** How a camera is cut off during an outage: the scenario's `mode`. */
export type OutageMode = 'power' | 'network' | 'stream-freeze' | 'onvif-down';

/** One injected fault, from its 'fault.applied' to its 'fault.cleared' (or the run's end). */
export interface FaultWindow {
  faultId: string;
  fault: string;
  /** Set for outages: which part of the camera went away. */
  mode?: OutageMode;
  cameras: readonly string[];
  params: Readonly<Record<string, unknown>>;
  fromMs: number;
  /** Undefined while still active at the end of the run. */
  toMs?: number;
}

const outageModes: readonly OutageMode[] = ['power', 'network', 'stream-freeze', 'onvif-down'];

/** Fault kinds that are outages in their own name (a fault library may register them so). */
const outageKindAliases: Record<string, OutageMode> = {
  power: 'power',
  'power-off': 'power',
  network: 'network',
  'network-down': 'network',
  'stream-freeze': 'stream-freeze',
  freeze: 'stream-freeze',
  'onvif-down': 'onvif-down',
};

function outageModeOf(fault: string, params: Readonly<Record<string, unknown>>): OutageMode | undefined {
  if (fault === 'outage') {
    const mode = params['mode'];
    return typeof mode === 'string' && (outageModes as readonly string[]).includes(mode)
      ? (mode as OutageMode)
      : 'power';
  }
  return outageKindAliases[fault];
}

/** Every fault window of the run in the order applied. */
export const faultWindows = memoByObservations((observations): FaultWindow[] => {
  const open = new Map<string, FaultWindow>();
  const windows: FaultWindow[] = [];
  for (const o of observations) {
    if (o.kind === 'fault.applied') {
      const mode = outageModeOf(o.fault, o.params);
      const w: FaultWindow = {
        faultId: o.faultId,
        fault: o.fault,
        cameras: o.cameras,
        params: o.params,
        fromMs: o.atMs,
        ...(mode ? { mode } : {}),
      };
      open.set(o.faultId, w);
      windows.push(w);
    } else if (o.kind === 'fault.cleared') {
      const w = open.get(o.faultId);
      if (w !== undefined) {
        w.toMs = o.atMs;
        open.delete(o.faultId);
      }
    }
  }
  return windows;
});

/** Outage windows whose mode is one of `modes`. */
export function outageWindows(observations: readonly Observation[], modes: readonly OutageMode[]): FaultWindow[] {
  return faultWindows(observations).filter((w) => w.mode !== undefined && modes.includes(w.mode));
}

/** Windows of the named fault kinds (e.g. 'bandwidth', 'loss', 'reboot'). */
export function windowsOfKind(observations: readonly Observation[], kinds: readonly string[]): FaultWindow[] {
  return faultWindows(observations).filter((w) => kinds.includes(w.fault));
}

/** Each windows array's windows by camera, built on the first question about it. */
const byCamera = new WeakMap<readonly FaultWindow[], Map<string, FaultWindow[]>>();

function windowsOfCamera(windows: readonly FaultWindow[], camera: string): readonly FaultWindow[] {
  let map = byCamera.get(windows);
  if (map === undefined) {
    map = new Map();
    for (const w of windows)
      for (const c of new Set(w.cameras)) {
        const list = map.get(c);
        if (list === undefined) map.set(c, [w]);
        else list.push(w);
      }
    byCamera.set(windows, map);
  }
  return map.get(camera) ?? [];
}

/**
 * Whether any of `windows` covers `camera` somewhere in [fromMs, toMs]. Checks ask this per
 * counter sample (a sample a second per session), so only the camera's own windows are looked at:
 * over all of them, judging would grow with the run's length squared.
 */
export function inAnyWindow(
  windows: readonly FaultWindow[],
  camera: string,
  fromMs: number,
  toMs: number,
  endMs: number,
): boolean {
  return windowsOfCamera(windows, camera).some((w) => w.fromMs <= toMs && (w.toMs ?? endMs) >= fromMs);
}

const streamDisruptingKinds: readonly string[] = [
  ...rebootFaultKinds,
  ...uriChangeFaultKinds,
  ...credentialFaultKinds,
  ...bandwidthFaultKinds,
  ...lossFaultKinds,
];

/**
 * Faults that can legitimately cost a hub its camera's frames: outages that cut power, network
 * or the stream, reboots, a new address or URI, changed credentials, caps and loss. Latency,
 * jitter, SOAP faults, device events, motion, tamper or clock drift never excuse a camera going
 * unwatched.
 */
export function disruptsStream(w: FaultWindow): boolean {
  if (w.mode !== undefined) return w.mode !== 'onvif-down';
  return streamDisruptingKinds.includes(w.fault);
}

/**
 * Faults that can keep a hub's requests from reaching the camera's RTSP service: as disruptsStream,
 * less a stream freeze (the camera stops sending media but still answers GET_PARAMETER and OPTIONS,
 * so a hub can keep its session alive through it: ONVIF Streaming, "Timeout and keep-alive handling").
 */
export function cutsControlPath(w: FaultWindow): boolean {
  return disruptsStream(w) && w.mode !== 'stream-freeze';
}

/** Timed quirks that take a camera's picture away while its stream flows on (a hung encoder, a stream back with audio alone). */
export const pictureLosingQuirks: readonly string[] = ['frozen-picture', 'audio-only-after-reconnect'];

/** A timed quirk whose camera streams on with its picture lost. */
export function losesPicture(w: FaultWindow): boolean {
  return w.fault === 'quirk' && pictureLosingQuirks.includes(String(w.params['quirk']));
}

/**
 * As disruptsStream, plus the camera's ONVIF service going down (a hub watching it over ONVIF may
 * call it offline) and a frozen picture (a hub comparing images rightly calls the picture lost).
 */
export function disruptsCamera(w: FaultWindow): boolean {
  return w.mode !== undefined || disruptsStream(w) || losesPicture(w);
}
