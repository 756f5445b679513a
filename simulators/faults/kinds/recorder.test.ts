import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../clock/virtual-clock.ts';
import { ObservationLog } from '../../observations/observation-log.ts';
import { HttpError } from '../../api/http-error.ts';
import { builtinFaultKinds } from '../builtin-fault-kinds.ts';
import { FaultController, type FaultCameraRef } from '../fault-controller.ts';
import type { FaultExecutor, ResolvedFault } from '../fault-request.ts';

/** The recorder fault as the fleet's fault book validates and resolves it (no devices needed). */
function book() {
  const refs: FaultCameraRef[] = [
    { id: 'north-001', site: 'north', model: 'fixed-1080p', siteIndex: 0 },
    { id: 'north-002', site: 'north', model: 'sd-bullet', siteIndex: 1, edgeStorage: true },
    { id: 'north-nvr', site: 'north', model: 'camlab-nvr', siteIndex: 2, device: 'recorder' },
  ];
  const applied: ResolvedFault[] = [];
  const executor: FaultExecutor = { apply: async (f) => void applied.push(f), clear: async () => undefined };
  const faults = new FaultController({
    registry: builtinFaultKinds(),
    executor,
    clock: new VirtualClock(0),
    log: new ObservationLog(),
    seed: 1,
    cameras: () => refs,
    sites: () => new Map(),
  });
  return { faults, applied };
}

async function issuesOf(p: Promise<unknown>): Promise<{ path: string; message: string }[]> {
  try {
    await p;
  } catch (err) {
    if (err instanceof HttpError) return err.issues ?? [];
    throw err;
  }
  throw new Error('expected a 400');
}

describe('recorder fault: targets and modes', () => {
  it('a site recorder is targeted by its id only; site, model and fleet select cameras', async () => {
    const { faults, applied } = book();
    await faults.apply({ kind: 'recorder', target: { camera: 'north-nvr' }, params: { mode: 'power' } });
    await faults.apply({ kind: 'outage', target: { site: 'north' }, params: { mode: 'network' } });
    await faults.apply({ kind: 'reboot', target: { fleet: true } });
    expect(applied.map((f) => f.cameras)).toEqual([
      ['north-nvr'],
      ['north-001', 'north-002'],
      ['north-001', 'north-002'],
    ]);
  });

  const refused = [
    {
      name: 'sd-removed on a site recorder',
      target: 'north-nvr',
      mode: 'sd-removed',
      message: /site recorder: sd-removed applies to a camera's edge storage/,
    },
    {
      name: 'power on an edge card',
      target: 'north-002',
      mode: 'power',
      message: /loses power with it \(fault outage, mode: power\)/,
    },
    {
      name: 'any mode on a camera without a card',
      target: 'north-001',
      mode: 'disk-full',
      message: /has no edge storage/,
    },
  ];
  for (const c of refused) {
    it(`refuses ${c.name}, naming params.mode`, async () => {
      const { faults, applied } = book();
      const issues = await issuesOf(
        faults.apply({ kind: 'recorder', target: { camera: c.target }, params: { mode: c.mode } }),
      );
      expect(issues).toEqual([{ path: 'params.mode', message: expect.stringMatching(c.message) }]);
      expect(applied).toEqual([]);
    });
  }

  it('an unknown mode is a schema issue at params.mode', async () => {
    const issues = await issuesOf(
      book().faults.apply({ kind: 'recorder', target: { camera: 'north-nvr' }, params: { mode: 'flood' } }),
    );
    expect(issues.map((i) => i.path)).toEqual(['params.mode']);
  });
});
