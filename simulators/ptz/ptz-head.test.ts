import { describe, expect, it } from 'vitest';
import { ptzSpecSchema } from '../camera/camera-model.ts';
import { PtzHead } from './ptz-head.ts';

const spec = ptzSpecSchema.parse({ panSpeedPerS: 1, tiltSpeedPerS: 0.5, zoomSpeedPerS: 0.25, maxPresets: 2 });

describe('PtzHead', () => {
  it('moves each axis at its own speed and rests at the target', () => {
    const head = new PtzHead(spec, 0);
    head.moveTo({ pan: 0.5, tilt: 0.5, zoom: 0.5 }, {}, 0);
    expect(head.snapshot(250)).toEqual({ pan: 0.25, tilt: 0.125, zoom: 0.0625 });
    expect(head.axisMoving('pan', 400)).toBe(true);
    expect(head.axisMoving('pan', 500)).toBe(false);
    expect(head.moving(1999)).toBe(true);
    expect(head.moving(2000)).toBe(false);
    expect(head.snapshot(5000)).toEqual({ pan: 0.5, tilt: 0.5, zoom: 0.5 });
  });

  it('scales by the requested speed and clamps targets to the limits', () => {
    const head = new PtzHead(spec, 0);
    head.moveTo({ pan: 3, zoom: -1 }, { panTilt: 0.5 }, 0);
    expect(head.snapshot(1000).pan).toBeCloseTo(0.5);
    expect(head.snapshot(10_000)).toEqual({ pan: 1, tilt: 0, zoom: 0 });
  });

  it('relative moves add to where the head is now, mid-move included', () => {
    const head = new PtzHead(spec, 0);
    head.moveTo({ pan: 1 }, {}, 0);
    head.moveBy({ pan: -0.5 }, {}, 500);
    expect(head.snapshot(10_000).pan).toBeCloseTo(0);
  });

  it('continuous moves stop at the timeout, at a limit, or on Stop', () => {
    const head = new PtzHead(spec, 0);
    head.moveContinuously({ pan: 0.5 }, 1000, 0);
    expect(head.snapshot(2000).pan).toBeCloseTo(0.5);
    expect(head.moving(1500)).toBe(false);
    head.moveContinuously({ pan: 1 }, 60_000, 2000);
    expect(head.snapshot(60_000).pan).toBe(1);
    expect(head.moving(2600)).toBe(false);
    head.moveContinuously({ tilt: -1 }, 60_000, 3000);
    head.stop(true, false, 3500);
    expect(head.snapshot(9000).tilt).toBeCloseTo(-0.25);
    expect(head.moving(3500)).toBe(false);
  });

  it('keeps presets up to the model maximum and a settable home', () => {
    const head = new PtzHead(spec, 0);
    head.moveTo({ pan: 0.2 }, {}, 0);
    const a = head.setPreset('a', undefined, 1000)!;
    expect(a.position.pan).toBeCloseTo(0.2);
    expect(head.setPreset('b', undefined, 1000)).toBeDefined();
    expect(head.setPreset('c', undefined, 1000)).toBeUndefined();
    expect(head.setPreset(undefined, a.token, 1000)?.name).toBe('a');
    expect(head.removePreset(a.token)).toBe(true);
    expect(head.presets().map((p) => p.name)).toEqual(['b']);
    head.setHome(1000);
    expect(head.homePosition.pan).toBeCloseTo(0.2);
  });

  it('position() reuses one object (no allocation per frame)', () => {
    const head = new PtzHead(spec, 0);
    expect(head.position(0)).toBe(head.position(10));
  });
});
