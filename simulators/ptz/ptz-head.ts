import type { PtzPosition, PtzPositionSource } from '../camera/camera.ts';
import type { PtzSpec } from '../camera/camera-model.ts';

/** ONVIF generic spaces: pan and tilt in [-1, 1], zoom in [0, 1]. */
export const PTZ_LIMITS = { pan: [-1, 1], tilt: [-1, 1], zoom: [0, 1] } as const;
export type PtzAxis = keyof typeof PTZ_LIMITS;
const AXES: readonly PtzAxis[] = ['pan', 'tilt', 'zoom'];

/** One axis moves linearly from `from` at `ratePerMs` between startMs and endMs, then rests. */
interface AxisMotion {
  from: number;
  startMs: number;
  ratePerMs: number;
  endMs: number;
}

export interface PtzPreset {
  token: string;
  name: string;
  position: PtzPosition;
}

/** Speed factors in (0, 1] per axis group; a missing one means full speed. */
export interface PtzSpeedFactor {
  panTilt?: number;
  zoom?: number;
}

function clamp(axis: PtzAxis, v: number): number {
  const [lo, hi] = PTZ_LIMITS[axis];
  return v < lo ? lo : v > hi ? hi : v;
}

/**
 * The motion model of a PTZ head: each axis moves at the model's speed toward a target (absolute,
 * relative, preset, home) or at a velocity until a timeout, a stop or a limit. Pure: every call
 * takes the time, so the PTZ service drives it from the injected Clock and tests from a VirtualClock.
 */
export class PtzHead implements PtzPositionSource {
  private readonly axes: Record<PtzAxis, AxisMotion>;
  private presetMap: Map<string, PtzPreset> | undefined;
  private nextPresetId = 1;
  private home: PtzPosition;
  /** Reused by position() so the per-frame SEI stamp allocates nothing; valid until the next call. */
  private readonly scratch: PtzPosition = { pan: 0, tilt: 0, zoom: 0 };

  constructor(
    readonly spec: PtzSpec,
    nowMs: number,
  ) {
    this.home = { ...spec.homePosition };
    this.axes = {
      pan: { from: clamp('pan', this.home.pan), startMs: nowMs, ratePerMs: 0, endMs: nowMs },
      tilt: { from: clamp('tilt', this.home.tilt), startMs: nowMs, ratePerMs: 0, endMs: nowMs },
      zoom: { from: clamp('zoom', this.home.zoom), startMs: nowMs, ratePerMs: 0, endMs: nowMs },
    };
  }

  private axisAt(axis: PtzAxis, nowMs: number): number {
    const m = this.axes[axis];
    const t = (nowMs < m.endMs ? nowMs : m.endMs) - m.startMs;
    return t <= 0 ? m.from : clamp(axis, m.from + m.ratePerMs * t);
  }

  private speedOf(axis: PtzAxis): number {
    return axis === 'pan'
      ? this.spec.panSpeedPerS
      : axis === 'tilt'
        ? this.spec.tiltSpeedPerS
        : this.spec.zoomSpeedPerS;
  }

  /** The head's position now. The returned object is reused by the next call: copy it to keep it. */
  position(nowMs: number): PtzPosition {
    this.scratch.pan = this.axisAt('pan', nowMs);
    this.scratch.tilt = this.axisAt('tilt', nowMs);
    this.scratch.zoom = this.axisAt('zoom', nowMs);
    return this.scratch;
  }

  snapshot(nowMs: number): PtzPosition {
    return { pan: this.axisAt('pan', nowMs), tilt: this.axisAt('tilt', nowMs), zoom: this.axisAt('zoom', nowMs) };
  }

  axisMoving(axis: PtzAxis, nowMs: number): boolean {
    const m = this.axes[axis];
    return m.ratePerMs !== 0 && nowMs < m.endMs;
  }

  moving(nowMs: number): boolean {
    return AXES.some((a) => this.axisMoving(a, nowMs));
  }

  /** Moves each given axis to its target (clamped to the limits) at the model speed times the factor. */
  moveTo(target: Partial<PtzPosition>, speed: PtzSpeedFactor, nowMs: number): void {
    for (const axis of AXES) {
      const goal = target[axis];
      if (goal === undefined || !Number.isFinite(goal)) continue;
      const from = this.axisAt(axis, nowMs);
      const to = clamp(axis, goal);
      const factor = factorOf(axis === 'zoom' ? speed.zoom : speed.panTilt);
      const ratePerMs = (this.speedOf(axis) * factor) / 1000;
      const durationMs = Math.abs(to - from) / ratePerMs;
      this.axes[axis] = {
        from,
        startMs: nowMs,
        ratePerMs: to >= from ? ratePerMs : -ratePerMs,
        endMs: nowMs + durationMs,
      };
      if (durationMs === 0) this.axes[axis].ratePerMs = 0;
    }
  }

  moveBy(delta: Partial<PtzPosition>, speed: PtzSpeedFactor, nowMs: number): void {
    const target: Partial<PtzPosition> = {};
    for (const axis of AXES) {
      const d = delta[axis];
      if (d !== undefined && Number.isFinite(d)) target[axis] = this.axisAt(axis, nowMs) + d;
    }
    this.moveTo(target, speed, nowMs);
  }

  /** Velocities in [-1, 1] of full speed; each moving axis stops at its limit or after timeoutMs. */
  moveContinuously(velocity: Partial<PtzPosition>, timeoutMs: number, nowMs: number): void {
    for (const axis of AXES) {
      const v = velocity[axis];
      if (v === undefined || !Number.isFinite(v)) continue;
      const from = this.axisAt(axis, nowMs);
      const ratePerMs = (this.speedOf(axis) * Math.max(-1, Math.min(1, v))) / 1000;
      if (ratePerMs === 0) {
        this.axes[axis] = { from, startMs: nowMs, ratePerMs: 0, endMs: nowMs };
        continue;
      }
      const [lo, hi] = PTZ_LIMITS[axis];
      const toLimitMs = ((ratePerMs > 0 ? hi : lo) - from) / ratePerMs;
      this.axes[axis] = { from, startMs: nowMs, ratePerMs, endMs: nowMs + Math.min(timeoutMs, toLimitMs) };
    }
  }

  stop(panTilt: boolean, zoom: boolean, nowMs: number): void {
    const which: PtzAxis[] = [...(panTilt ? (['pan', 'tilt'] as const) : []), ...(zoom ? (['zoom'] as const) : [])];
    for (const axis of which)
      this.axes[axis] = { from: this.axisAt(axis, nowMs), startMs: nowMs, ratePerMs: 0, endMs: nowMs };
  }

  get homePosition(): PtzPosition {
    return this.home;
  }

  setHome(nowMs: number): void {
    this.home = this.snapshot(nowMs);
  }

  presets(): PtzPreset[] {
    return [...(this.presetMap?.values() ?? [])];
  }

  preset(token: string): PtzPreset | undefined {
    return this.presetMap?.get(token);
  }

  /** Stores the current position; returns the token, or undefined when the preset table is full. */
  setPreset(name: string | undefined, token: string | undefined, nowMs: number): PtzPreset | undefined {
    this.presetMap ??= new Map();
    const existing = token === undefined ? undefined : this.presetMap.get(token);
    if (existing === undefined && this.presetMap.size >= this.spec.maxPresets) return undefined;
    const t = token ?? existing?.token ?? `Preset_${this.nextPresetId++}`;
    const preset: PtzPreset = { token: t, name: name ?? existing?.name ?? t, position: this.snapshot(nowMs) };
    this.presetMap.set(t, preset);
    return preset;
  }

  removePreset(token: string): boolean {
    return this.presetMap?.delete(token) ?? false;
  }
}

function factorOf(f: number | undefined): number {
  if (f === undefined || !Number.isFinite(f) || f <= 0) return 1;
  return Math.min(1, f);
}
