import { describe, expect, it } from 'vitest';
import { SelectorError, selectCameras, selectorSchema, type PlannedCamera } from './selector.ts';

const cameras: PlannedCamera[] = [
  ...Array.from({ length: 20 }, (_, i) => ({ id: `slough-${i}`, site: 'slough', model: 'fixed-1080p', ptz: false })),
  ...Array.from({ length: 4 }, (_, i) => ({
    id: `mk-${i}`,
    site: 'mk',
    model: i < 2 ? 'ptz-dome' : 'fixed-1080p',
    ptz: i < 2,
  })),
];
const sel = (input: unknown) => selectorSchema.parse(input);

describe('selectCameras', () => {
  it('selects a site, a model, both, the fleet and named cameras', () => {
    expect(selectCameras(sel({ site: 'mk' }), cameras, 1, 'a')).toEqual(['mk-0', 'mk-1', 'mk-2', 'mk-3']);
    expect(selectCameras(sel({ model: 'ptz-dome' }), cameras, 1, 'a')).toEqual(['mk-0', 'mk-1']);
    expect(selectCameras(sel({ site: 'mk', model: 'fixed-1080p' }), cameras, 1, 'a')).toEqual(['mk-2', 'mk-3']);
    expect(selectCameras(sel({ fleet: true }), cameras, 1, 'a')).toHaveLength(24);
    expect(selectCameras(sel({ cameras: ['mk-1', 'slough-3'] }), cameras, 1, 'a')).toEqual(['mk-1', 'slough-3']);
  });

  it('picks a seeded share: the same seed and salt give the same cameras, others differ', () => {
    const quarter = sel({ site: 'slough', share: '25%' });
    const a = selectCameras(quarter, cameras, 7, 'timeline:0:0');
    expect(a).toHaveLength(5);
    expect(selectCameras(quarter, cameras, 7, 'timeline:0:0')).toEqual(a);
    const others = [8, 9, 10, 11].map((seed) => selectCameras(quarter, cameras, seed, 'timeline:0:0').join());
    expect(others.some((o) => o !== a.join())).toBe(true);
    expect(selectCameras(quarter, cameras, 7, 'timeline:1:0').join()).not.toBe(a.join());
  });

  it('selects at least one camera for a tiny share', () => {
    expect(selectCameras(sel({ site: 'mk', share: '1%' }), cameras, 1, 'x')).toHaveLength(1);
  });

  it('names what exists when a site, model or camera is unknown', () => {
    expect(() => selectCameras(sel({ site: 'oxford' }), cameras, 1, 'x')).toThrow(
      new SelectorError("unknown site 'oxford'; expected one of 'slough', 'mk'", 'site'),
    );
    expect(() => selectCameras(sel({ model: 'nope' }), cameras, 1, 'x')).toThrow(
      /no camera of model 'nope'; the fleet has 'fixed-1080p', 'ptz-dome'/,
    );
    expect(() => selectCameras(sel({ camera: 'cam-9' }), cameras, 1, 'x')).toThrow(
      /unknown camera 'cam-9'; the fleet has 'slough-0', 'slough-1'/,
    );
  });

  it('refuses empty and contradictory selectors', () => {
    expect(selectorSchema.safeParse({}).error?.issues[0]?.message).toMatch(
      /expected one of camera, cameras, site, model or fleet/,
    );
    expect(selectorSchema.safeParse({ camera: 'a', site: 'b' }).success).toBe(false);
    expect(selectorSchema.safeParse({ camera: 'a', share: '10%' }).success).toBe(false);
    expect(selectorSchema.safeParse({ fleet: true, site: 'b' }).success).toBe(false);
    expect(selectorSchema.safeParse({ site: 'b', colour: 'red' }).success).toBe(false);
  });
});
