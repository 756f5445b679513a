import { describe, expect, it } from 'vitest';
import { Camera } from '../../camera/camera.ts';
import { findBuiltinModel } from '../../camera/camera-model.ts';
import { VirtualClock } from '../../clock/virtual-clock.ts';
import { HttpError } from '../../api/http-error.ts';
import { ObservationLog } from '../../observations/observation-log.ts';
import { builtinFaultKinds } from '../builtin-fault-kinds.ts';
import { FaultController } from '../fault-controller.ts';
import type { FaultSite } from '../fault-kind.ts';
import { FaultRunner } from '../fault-runner.ts';

function setup() {
  const clock = new VirtualClock(1_000_000);
  const sites = new Map<string, FaultSite>([
    ['north', { name: 'north', addressBlock: '127.77.9.0/24', cameraCount: 2 }],
  ]);
  const cameras = ['legacy-bullet', 'fixed-1080p'].map(
    (m, i) =>
      new Camera({
        id: `cam-${i + 1}`,
        name: `cam-${i + 1}`,
        site: 'north',
        model: findBuiltinModel(m)!,
        network: { address: `127.77.9.${i + 1}`, rtspPort: 554, onvifPort: 80 },
        users: [],
      }),
  );
  const refs = cameras.map((c, i) => ({ id: c.id, site: 'north', model: c.model.id, siteIndex: i }));
  const registry = builtinFaultKinds();
  const runner = new FaultRunner({
    registry,
    clock,
    camera: (id) => cameras.find((c) => c.id === id),
    siteIndexOf: (c) => cameras.indexOf(c),
    sites: () => sites,
  });
  const faults = new FaultController({
    registry,
    executor: runner,
    clock,
    log: new ObservationLog(),
    seed: 1,
    cameras: () => refs,
    sites: () => sites,
  });
  return { clock, cameras, faults };
}

describe('the quirk fault kind: a quirk switched on for a while', () => {
  it('adds the quirk to each target camera beside its model quirks, and takes only its own away when `for` runs out', async () => {
    const { clock, cameras, faults } = setup();
    await faults.apply({
      kind: 'quirk',
      target: { site: 'north' },
      params: { quirk: 'clock-skew', offset: '-1h' },
      for: '10s',
    });
    expect(cameras[0]!.clockOffsetMs(0)).toBe(90_000 - 3_600_000);
    expect(cameras[1]!.quirks.active).toEqual([
      expect.objectContaining({ id: 'clock-skew', params: { offset: -3_600_000 } }),
    ]);
    await clock.advance(10_000);
    expect(cameras[0]!.clockOffsetMs(0)).toBe(90_000);
    expect(cameras[1]!.quirks.active).toEqual([]);
  });

  const refused: { name: string; params: Record<string, unknown>; path: string; message: RegExp }[] = [
    {
      name: 'an unknown quirk',
      params: { quirk: 'teleport' },
      path: 'params.quirk',
      message: /unknown quirk 'teleport'; expected one of/,
    },
    {
      name: "a quirk's bad parameter",
      params: { quirk: 'clock-skew', offset: 'soon' },
      path: 'params.offset',
      message: /expected a duration/,
    },
    {
      name: "a parameter the quirk doesn't take",
      params: { quirk: 'clock-skew', colour: 'red' },
      path: 'params.colour',
      message: /unknown parameter 'colour' of quirk 'clock-skew'; expected offset/,
    },
    {
      name: 'a quirk read from the model only',
      params: { quirk: 'stream-uri-query' },
      path: 'params.quirk',
      message: /model or personality/,
    },
  ];
  it.each(refused)('refuses $name with a 400 naming the field', async ({ params, path, message }) => {
    const { cameras, faults } = setup();
    let err: unknown;
    await faults.apply({ kind: 'quirk', target: { site: 'north' }, params }).catch((e: unknown) => (err = e));
    expect(err).toBeInstanceOf(HttpError);
    const issue = (err as HttpError).issues.find((i) => i.path === path);
    expect(issue?.message).toMatch(message);
    expect(cameras[1]!.quirks.active).toEqual([]);
  });
});
