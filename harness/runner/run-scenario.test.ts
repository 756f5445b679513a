import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../simulators/clock/virtual-clock.ts';
import type { HubAdapter } from '../hubs/hub-adapter.ts';
import { plan } from '../plan/plan.ts';
import type { RequirementVerdict } from '../../reports/run-result.ts';
import { fixtureContext, fixtureRequirements } from '../scenario/scenario-context.fixture.ts';
import { scenarioSchema } from '../scenario/scenario-schema.ts';
import { FakeFleet, FakeHub, drive } from './run-fakes.fixture.ts';
import { runScenario, type Evaluate, type RunInput, type RunScenarioDeps } from './run-scenario.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'camlab-run-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const layout = fixtureContext.layoutOf({
  sites: [{ name: 'mk', cameras: { count: 3, model: 'fixed-1080p', ptz: 1 } }],
});

function loadedOf(input: Record<string, unknown>): RunInput<unknown> {
  const scenario = scenarioSchema.parse({ name: 'run', fleet: 'f', hub: 'fake', seed: 5, ...input });
  return {
    file: join(dir, 'run.yaml'),
    source: 'name: run\n',
    fleet: {},
    plan: plan(scenario, fixtureContext.spec, layout),
  };
}

function verdict(
  id: string,
  v: RequirementVerdict['verdict'],
  level: RequirementVerdict['level'] = 'MUST',
): RequirementVerdict {
  return { id, title: id, area: 'RESILIENCE', level, verdict: v, message: v, params: {}, evidence: [], traces: [] };
}

interface Harness {
  clock: VirtualClock;
  fleets: FakeFleet[];
  hubs: FakeHub[];
  evaluated: Parameters<Evaluate>[0][];
  deps: RunScenarioDeps<unknown>;
}

function harness(
  verdicts: RequirementVerdict[],
  makeHub: () => FakeHub = () => new FakeHub(['provision', 'alarms']),
): Harness {
  const clock = new VirtualClock(1_700_000_000_000);
  const h: Harness = {
    clock,
    fleets: [],
    hubs: [],
    evaluated: [],
    deps: undefined as unknown as RunScenarioDeps<unknown>,
  };
  h.deps = {
    clock,
    camlabVersion: '0.0.0-test',
    requirements: fixtureRequirements,
    evaluate: (input) => {
      h.evaluated.push(input);
      return verdicts;
    },
    startFleet: ({ plan: p }) => {
      const fleet = new FakeFleet(p, clock);
      h.fleets.push(fleet);
      return Promise.resolve(fleet);
    },
    createHub: () => {
      const hub = makeHub();
      h.hubs.push(hub);
      return Promise.resolve(hub as HubAdapter);
    },
    workDir: dir,
  };
  return h;
}

describe('runScenario', () => {
  const waiveRes02 = {
    file: 'profile.yaml',
    sha256: 'b'.repeat(64),
    profile: { name: 'tender', waivers: { 'HUB-RES-02': 'no alarms in this tender' }, procurement: {}, tighten: {} },
  };
  const cases: {
    name: string;
    verdicts: RequirementVerdict[];
    profile?: typeof waiveRes02;
    outcome: string;
    mustFailed: number;
  }[] = [
    {
      name: 'every MUST passed',
      verdicts: [verdict('HUB-RES-01', 'PASS'), verdict('HUB-RES-02', 'PASS')],
      outcome: 'PASS',
      mustFailed: 0,
    },
    {
      name: 'a MUST is not applicable',
      verdicts: [verdict('HUB-RES-01', 'PASS'), verdict('HUB-RES-02', 'NOT APPLICABLE')],
      outcome: 'INCONCLUSIVE',
      mustFailed: 0,
    },
    {
      name: 'the profile waives it',
      verdicts: [verdict('HUB-RES-01', 'PASS'), verdict('HUB-RES-02', 'NOT APPLICABLE')],
      profile: waiveRes02,
      outcome: 'PASS (1 waived)',
      mustFailed: 0,
    },
    {
      name: 'a SHOULD failed',
      verdicts: [verdict('HUB-RES-01', 'PASS'), verdict('HUB-STR-03', 'FAIL', 'SHOULD')],
      outcome: 'PASS',
      mustFailed: 0,
    },
    {
      name: 'a MUST failed',
      verdicts: [verdict('HUB-RES-01', 'FAIL'), verdict('HUB-RES-02', 'PASS')],
      outcome: 'FAIL',
      mustFailed: 1,
    },
    {
      name: 'a MUST was never exercised',
      verdicts: [verdict('HUB-RES-01', 'PASS'), verdict('HUB-RES-02', 'NOT EXERCISED')],
      outcome: 'INCONCLUSIVE',
      mustFailed: 0,
    },
  ];
  it.each(cases)('reads $outcome when $name', async ({ verdicts, profile, outcome: text, mustFailed }) => {
    const h = harness(verdicts);
    const outcome = await drive(
      h.clock,
      runScenario(
        {
          loaded: { ...loadedOf({ duration: '1m' }), ...(profile !== undefined ? { profile } : {}) },
          signal: new AbortController().signal,
        },
        h.deps,
      ),
    );
    expect(outcome.ending).toBe('finished');
    expect(outcome.result.outcome.text).toBe(text);
    expect(outcome.result.profile?.sha256).toBe(profile?.sha256);
    expect(outcome.result.status).toBe('complete');
    expect(outcome.result.summary.mustFailed).toBe(mustFailed);
  });

  it('judges the planned checks with tightened parameters, the hubs users and the capabilities every hub has', async () => {
    const h = harness([]);
    const loaded = loadedOf({ duration: '1m', expect: [{ id: 'HUB-RES-02', reconnect_within: '5s' }] });
    const { result } = await drive(
      h.clock,
      runScenario({ loaded: loaded, signal: new AbortController().signal }, h.deps),
    );
    const input = h.evaluated[0]!;
    expect(input.selected).toEqual(['HUB-RES-02']);
    expect(input.overrides).toEqual({ 'HUB-RES-02': { reconnectWithinMs: 5_000 } });
    expect(input.run.hubUsers).toEqual({ hub: 'camlab-hub' });
    expect([...input.capabilities].sort()).toEqual(['alarms', 'provision']);
    // The timeline (from the provisioning at its start) lasts the scenario's minute.
    expect(input.run.endMs - result.timeline[0]!.atMs).toBe(60_000);
    expect(result.hubs).toEqual([
      {
        instance: 'hub',
        adapter: 'fake',
        identity: { name: 'fake hub', version: '1.0' },
        capabilities: ['provision', 'alarms'],
      },
    ]);
    expect(result.sessions).toHaveLength(3);
    expect(result.sessions.every((s) => s.user === 'camlab-hub' && s.endMs === undefined)).toBe(true);
    expect(h.fleets[0]!.closed).toBe(1);
    expect(h.hubs[0]!.closed).toBe(1);
  });

  it('never judges on truncated evidence: a log that dropped observations makes the run INCOMPLETE, with the count', async () => {
    const h = harness([verdict('HUB-RES-01', 'PASS')]);
    h.deps = {
      ...h.deps,
      startFleet: ({ plan: p }) => {
        // A bound far below what a minute of three cameras records, as 2,000,000 is below eight hours of 2,000.
        const fleet = new FakeFleet(p, h.clock, 4);
        h.fleets.push(fleet);
        return Promise.resolve(fleet);
      },
    };
    const { result, ending } = await drive(
      h.clock,
      runScenario({ loaded: loadedOf({ duration: '1m' }), signal: new AbortController().signal }, h.deps),
    );
    expect(ending).toBe('finished');
    const dropped = h.fleets[0]!.log.droppedTotal;
    expect(dropped).toBeGreaterThan(0);
    expect(result.observationsDropped).toBe(dropped);
    expect(result.outcome.verdict).toBe('INCOMPLETE');
  });

  it('writes the inventory with the hub users before the timeline starts', async () => {
    const h = harness([]);
    const file = join(dir, 'inventory.json');
    await drive(
      h.clock,
      runScenario(
        { loaded: loadedOf({ duration: '10s' }), signal: new AbortController().signal, inventoryFile: file },
        h.deps,
      ),
    );
    const inventory = JSON.parse(await readFile(file, 'utf8')) as {
      cameras: { id: string; username: string }[];
      hubs: Record<string, { username: string }>;
    };
    expect(inventory.cameras.map((c) => `${c.id}:${c.username}`)).toEqual([
      'mk-001:camlab-hub',
      'mk-002:camlab-hub',
      'mk-003:camlab-hub',
    ]);
    expect(Object.keys(inventory.hubs)).toEqual(['hub']);
  });

  it('on Ctrl-C writes a partial result, stops fleet and hub, and exits 130', async () => {
    const h = harness([verdict('HUB-RES-01', 'PASS')]);
    const controller = new AbortController();
    const loaded = loadedOf({
      duration: '5m',
      timeline: [
        { at: '15s', mark: 'a' },
        { at: '2m', mark: 'b' },
      ],
    });
    const onEvent = (e: { label: string }): void => {
      if (e.label === 'a') controller.abort('Ctrl-C');
    };
    const outcome = await drive(h.clock, runScenario({ loaded: loaded, signal: controller.signal, onEvent }, h.deps));
    expect(outcome.ending).toBe('interrupted');
    expect(outcome.result.status).toBe('partial');
    expect(outcome.result.partialReason).toBe('interrupted: Ctrl-C');
    expect(outcome.result.timeline.map((e) => e.label)).toEqual(['provision mk on hub', 'a']);
    expect(outcome.result.endMs).toBe(outcome.result.timeline[1]!.atMs);
    expect([h.fleets[0]!.closed, h.hubs[0]!.closed]).toEqual([1, 1]);
  });

  it('on a crashed hub writes a partial result and exits 3', async () => {
    const h = harness([verdict('HUB-RES-01', 'PASS')]);
    const loaded = loadedOf({ duration: '5m', timeline: [{ at: '20s', mark: 'crash here' }] });
    const onEvent = (e: { label: string }): void => {
      if (e.label === 'crash here') h.hubs[0]!.ctx!.crashed!(new Error('exited with code 1'));
    };
    const outcome = await drive(
      h.clock,
      runScenario({ loaded: loaded, signal: new AbortController().signal, onEvent }, h.deps),
    );
    expect(outcome.ending).toBe('infrastructure');
    expect(outcome.result.status).toBe('partial');
    expect(outcome.result.partialReason).toBe("hub 'hub' crashed: exited with code 1");
    expect(h.fleets[0]!.closed).toBe(1);
  });

  it('when part of the fleet is lost mid-run (a shard) stops, and the run is INCOMPLETE even with every verdict PASS, exit 3', async () => {
    const h = harness([verdict('HUB-RES-01', 'PASS')]);
    const lost = new AbortController();
    h.deps = {
      ...h.deps,
      startFleet: ({ plan: p }) => {
        const fleet = Object.assign(new FakeFleet(p, h.clock), { lost: lost.signal });
        h.fleets.push(fleet);
        return Promise.resolve(fleet);
      },
    };
    const loaded = loadedOf({
      duration: '5m',
      timeline: [
        { at: '20s', mark: 'shard goes' },
        { at: '2m', mark: 'never played' },
      ],
    });
    const onEvent = (e: { label: string }): void => {
      if (e.label === 'shard goes') lost.abort(new Error('lost a shard mid-run: shard http://s2:8080 is unreachable'));
    };
    const outcome = await drive(
      h.clock,
      runScenario({ loaded: loaded, signal: new AbortController().signal, onEvent }, h.deps),
    );
    expect(outcome.ending).toBe('infrastructure');
    expect(outcome.result.partialReason).toBe('lost a shard mid-run: shard http://s2:8080 is unreachable');
    expect(outcome.result.outcome.verdict).toBe('INCOMPLETE');
    expect(outcome.result.timeline.map((e) => e.label)).toEqual(['provision mk on hub', 'shard goes']);
    expect([h.fleets[0]!.closed, h.hubs[0]!.closed]).toEqual([1, 1]);
  });

  it('when the hub cannot start still closes the fleet and reports why', async () => {
    const h = harness([]);
    h.deps.createHub = () => Promise.reject(new Error('node-media-server not ready within 20000 ms'));
    const outcome = await drive(
      h.clock,
      runScenario({ loaded: loadedOf({ duration: '1m' }), signal: new AbortController().signal }, h.deps),
    );
    expect(outcome.ending).toBe('infrastructure');
    expect(outcome.result.partialReason).toBe('node-media-server not ready within 20000 ms');
    expect(outcome.result.hubs[0]!.capabilities).toEqual([]);
    expect(h.evaluated[0]!.capabilities.size).toBe(0);
    expect(h.fleets[0]!.closed).toBe(1);
  });
});

describe('runScenario with a hub that hangs', () => {
  it('stops on Ctrl-C even while provisioning never returns', async () => {
    const h = harness([]);
    const controller = new AbortController();
    let provisioning = false;
    class HangingHub extends FakeHub {
      override provision(): Promise<void> {
        provisioning = true;
        // Ctrl-C a little later, while this call still has not returned.
        this.ctx!.clock.setTimeout(() => controller.abort('Ctrl-C'), 5_000);
        return new Promise(() => undefined);
      }
    }
    h.deps.createHub = () => {
      const hub = new HangingHub(['provision']);
      h.hubs.push(hub);
      return Promise.resolve(hub);
    };
    const outcome = await drive(
      h.clock,
      runScenario({ loaded: loadedOf({ duration: '1m' }), signal: controller.signal }, h.deps),
    );
    expect(provisioning).toBe(true);
    expect(outcome.ending).toBe('interrupted');
    expect(outcome.result.status).toBe('partial');
    expect(outcome.result.timeline).toEqual([]);
    expect([h.fleets[0]!.closed, h.hubs[0]!.closed]).toEqual([1, 1]);
  });
});
