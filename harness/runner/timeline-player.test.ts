import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../simulators/clock/virtual-clock.ts';
import { plan } from '../plan/plan.ts';
import { fixtureContext } from '../scenario/scenario-context.fixture.ts';
import { scenarioSchema } from '../scenario/scenario-schema.ts';
import { FakeFleet, FakeHub, drive } from './run-fakes.fixture.ts';
import { playTimeline } from './timeline-player.ts';

const layout = fixtureContext.layoutOf({
  sites: [
    { name: 'mk', cameras: { count: 4, model: 'fixed-1080p', ptz: 1 } },
    { name: 'oxon', cameras: { count: 2, model: 'fixed-1080p', ptz: 0 } },
  ],
});
const planOf = (input: Record<string, unknown>) =>
  plan(scenarioSchema.parse({ name: 't', fleet: 'f', hub: 'fake', seed: 3, ...input }), fixtureContext.spec, layout);

async function play(
  p: ReturnType<typeof planOf>,
  hubs: Record<string, FakeHub>,
  signal = new AbortController().signal,
) {
  const clock = new VirtualClock(1_000_000);
  const fleet = new FakeFleet(p, clock);
  for (const [instance, hub] of Object.entries(hubs))
    await hub.open({ instance, log: fleet.log, clock, workDir: '/tmp', signal });
  const outcome = await drive(
    clock,
    playTimeline({ plan: p, clock, fleet, hubs: new Map(Object.entries(hubs)), signal }),
  );
  return { clock, fleet, outcome };
}

describe('playTimeline', () => {
  it('compresses scenario time by the speed: at 4x a fault at 40s lands 10s in, its clear 15s in', async () => {
    const p = planOf({
      speed: 4,
      duration: '2m',
      timeline: [{ at: '40s', fault: 'outage', mode: 'power', target: { site: 'mk' }, for: '20s' }],
    });
    const { fleet, outcome } = await play(p, { hub: new FakeHub(['provision']) });
    expect(fleet.calls).toEqual([
      '1010000 apply outage mk-001,mk-002,mk-003,mk-004 {"mode":"power"}',
      '1015000 clear fault-1',
    ]);
    expect(outcome.endMs - outcome.startMs).toBe(30_000);
    expect(outcome.stoppedBy).toBeUndefined();
  });

  it('plays the same cameras for the same seed', async () => {
    const timeline = [{ at: '10s', fault: 'outage', mode: 'network', target: { site: 'mk', share: '50%' }, for: '5s' }];
    const a = await play(planOf({ timeline }), { hub: new FakeHub(['provision']) });
    const b = await play(planOf({ timeline }), { hub: new FakeHub(['provision']) });
    expect(a.fleet.calls).toEqual(b.fleet.calls);
    expect(a.outcome.events.map((e) => e.label)).toEqual(b.outcome.events.map((e) => e.label));
  });

  it('provisions with the instance user, and a wait-for pauses scenario time until the hub streams', async () => {
    const hub = new FakeHub(['provision'], 7_000);
    const p = planOf({
      timeline: [{ 'wait-for': { condition: 'streaming', timeout: '1m' } }, { at: '10s', mark: 'soaked' }],
    });
    const { outcome } = await play(p, { hub });
    expect(hub.calls[0]).toMatch(/^1000000 provision mk-001@127\.14\.0\.1:camlab-hub,/);
    const byType = Object.fromEntries(outcome.events.map((e) => [e.type, e]));
    expect(byType['wait-for']!.label).toMatch(/met after 7000 ms/);
    // The mark at scenario 10s comes 7s later than it would have without the wait.
    expect(byType['mark']!.atMs - outcome.startMs).toBe(17_000);
  });

  it('records a wait-for that times out, naming the cameras that never streamed', async () => {
    const p = planOf({
      timeline: [{ 'wait-for': { condition: 'streaming', target: { site: 'oxon' }, timeout: '20s' } }],
    });
    const { outcome } = await play(p, { hub: new FakeHub(['provision'], null) });
    expect(outcome.events.find((e) => e.type === 'wait-for')!.label).toMatch(
      /timed out with 2 of 2 cameras not streaming \(oxon-001, oxon-002\)/,
    );
  });

  it('records PTZ and provisioning as not possible when the adapter lacks the capability', async () => {
    const hub = new FakeHub([]);
    const p = planOf({ timeline: [{ at: '5s', ptz: { kind: 'goto-preset', preset: 1 }, target: { site: 'mk' } }] });
    const { outcome } = await play(p, { hub });
    expect(outcome.events.map((e) => e.label)).toEqual([
      "provision mk, oxon on hub: not possible, adapter 'fake' has no 'provision' capability (provision from the inventory by hand)",
      "ptz goto-preset 1 on mk via hub: not possible, adapter 'fake' has no 'ptz' capability",
    ]);
    expect(hub.calls).toEqual([]);
  });

  it('sends PTZ to the PTZ cameras of a target through the hub', async () => {
    const hub = new FakeHub(['provision', 'ptz']);
    const { outcome } = await play(planOf({ timeline: [{ at: '5s', ptz: 'stop', target: { site: 'mk' } }] }), { hub });
    expect(hub.calls.filter((c) => c.includes('ptz'))).toEqual(['1005000 ptz mk-001 stop']);
    expect(outcome.events.at(-1)).toMatchObject({ type: 'ptz', site: 'mk', cameras: ['mk-001'] });
  });

  it('hands a site over: credentials and addresses change, the receiver provisions, the releaser lets go', async () => {
    const council = new FakeHub(['provision']);
    const police = new FakeHub(['provision']);
    const p = planOf({
      hub: undefined,
      hubs: { police: 'fake', council: 'fake' },
      timeline: [
        { at: '30s', handover: { site: 'oxon', from: 'council', to: 'police', readdress: true, credentials: true } },
      ],
    });
    const { fleet } = await play(p, { police, council });
    expect(fleet.calls).toEqual([
      `1030000 apply credentials oxon-001,oxon-002 {"username":"camlab-council","password":"${p.hubs[1]!.password}-handed-over"}`,
      '1030000 apply readdress oxon-001,oxon-002 {"addressBlock":"127.30.0.0/24"}',
    ]);
    expect(police.calls.at(-1)).toBe(
      '1030000 provision oxon-001@127.14.1.1:camlab-police,oxon-002@127.14.1.2:camlab-police',
    );
    expect(council.calls).toEqual([
      expect.stringMatching(/^1000000 provision oxon-001@127\.14\.0\.5/),
      '1030000 release oxon-001@127.14.0.5,oxon-002@127.14.0.6',
    ]);
  });

  it('stops between steps when aborted and says why', async () => {
    const controller = new AbortController();
    const clock = new VirtualClock(0);
    const p = planOf({
      timeline: [
        { at: '10s', mark: 'a' },
        { at: '50s', mark: 'b' },
      ],
    });
    const fleet = new FakeFleet(p, clock);
    const hub = new FakeHub(['provision']);
    await hub.open({ instance: 'hub', log: fleet.log, clock, workDir: '/tmp', signal: controller.signal });
    clock.setTimeout(() => controller.abort(new Error('Ctrl-C')), 20_000);
    const outcome = await drive(
      clock,
      playTimeline({ plan: p, clock, fleet, hubs: new Map([['hub', hub]]), signal: controller.signal }),
    );
    expect(outcome.events.map((e) => e.label)).toEqual(['provision mk, oxon on hub', 'a']);
    expect(outcome.stoppedBy).toBe('Ctrl-C');
    expect(outcome.endMs).toBe(20_000);
    expect(clock.pendingCount()).toBe(0);
  });
});
