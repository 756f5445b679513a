import type { Evidence, Requirement } from '../../requirement.ts';
import { hubOfUser, userOfHub } from '../../evidence/hub-users.ts';
import { hubsMonitoring } from '../../evidence/assignments.ts';
import { personalityCoverage } from '../../evidence/personalities.ts';
import { failed, formatMs, notExercised, passed } from '../../evidence/outcomes.ts';

const ok2xx = (status: number) => status >= 200 && status < 300;
/** Either way of subscribing counts as subscribed; only a pull point is judged for pulling. */
const subscribeOperations = new Set(['CreatePullPointSubscription', 'Subscribe']);

export const pullPointEvents: Requirement<{ minDevices: number; firstPullWithinMs: number }> = {
  id: 'HUB-EVT-01',
  area: 'EVENTS',
  title: 'Receives camera events through a pull point',
  rationale:
    'Motion and tamper events must reach the control room; the hub subscribes with CreatePullPointSubscription and pulls messages, over the distinct camera models of the fleet. A hub that takes alarms and never subscribes to a camera that raised events has missed them.',
  level: 'SHOULD',
  side: 'hub',
  params: {
    minDevices: {
      default: 3,
      unit: 'count',
      stricter: 'higher',
      description: 'distinct camera models with a working pull point for a PASS',
    },
    firstPullWithinMs: {
      default: 10_000,
      unit: 'ms',
      stricter: 'lower',
      description: 'from CreatePullPointSubscription to the first PullMessages',
    },
  },
  // 'alarms': a hub whose alarms camlab cannot see has not declared that it takes camera events.
  needs: { observations: ['onvif.request', 'device.event'], capabilities: ['alarms'] },
  traces: [
    {
      source: 'ONVIF Client Test Specification (core)',
      feature: 'Pull Point (EventHandling_PullPoint)',
      testCase: 'EVENTHANDLING-1',
    },
  ],
  check({ observations, params, run }) {
    const users = new Set(run.hubs.map((h) => userOfHub(run, h)));
    const ok: Evidence[] = [];
    const misses: Evidence[] = [];
    const seen = new Set<string>();
    const subscribed = new Set<string>();
    for (const o of observations) {
      if (
        o.kind !== 'onvif.request' ||
        !subscribeOperations.has(o.operation) ||
        !ok2xx(o.httpStatus) ||
        o.user === undefined ||
        !users.has(o.user)
      )
        continue;
      const key = `${o.user}\n${o.camera}`;
      subscribed.add(key);
      if (
        o.operation !== 'CreatePullPointSubscription' ||
        seen.has(key) ||
        run.endMs - o.atMs < params.firstPullWithinMs
      )
        continue;
      seen.add(key);
      const hub = hubOfUser(run, o.user);
      const pull = observations.find(
        (p) =>
          p.kind === 'onvif.request' &&
          p.camera === o.camera &&
          p.user === o.user &&
          p.operation === 'PullMessages' &&
          p.atMs >= o.atMs,
      );
      const delay = pull === undefined ? undefined : pull.atMs - o.atMs;
      const e = { camera: o.camera, ...(hub === undefined ? {} : { hub }), atMs: o.atMs };
      if (delay === undefined || delay > params.firstPullWithinMs)
        misses.push({
          ...e,
          text:
            delay === undefined
              ? 'subscribed but never pulled messages'
              : `first PullMessages ${formatMs(delay)} after subscribing`,
        });
      else ok.push({ ...e, text: `subscribed, first PullMessages ${formatMs(delay)} later` });
    }
    // A camera raised events while a hub was meant to monitor it, and that hub never subscribed to it.
    const unheard = new Set<string>();
    for (const o of observations) {
      if (o.kind !== 'device.event' || !o.state) continue;
      for (const hub of hubsMonitoring(observations, run, o.camera, o.atMs)) {
        const key = `${userOfHub(run, hub)}\n${o.camera}`;
        if (subscribed.has(key) || unheard.has(key)) continue;
        unheard.add(key);
        misses.push({
          camera: o.camera,
          hub,
          atMs: o.atMs,
          text: `raised ${o.topic} while the hub monitored it; the hub never subscribed to its events`,
        });
      }
    }
    if (seen.size === 0 && misses.length === 0)
      return notExercised('the hub created no pull-point subscription, and no camera it monitored raised an event');
    const measurement = {
      name: 'cameras without a pull point pulled in time',
      value: misses.length,
      unit: 'count' as const,
      threshold: 0,
      op: '<=' as const,
    };
    if (misses.length > 0)
      return failed(
        `${misses.length} camera(s) without a pull point pulled within ${formatMs(params.firstPullWithinMs)}`,
        measurement,
        [...misses, ...ok],
      );
    const coverage = personalityCoverage(
      run,
      ok.map((e) => e.camera!),
      params.minDevices,
    );
    if (!coverage.enoughInFleet)
      return notExercised(
        `ONVIF asks for ${params.minDevices} distinct device personalities; the fleet has ${coverage.inFleet}`,
      );
    if (coverage.covered.length < params.minDevices)
      return notExercised(
        `pull points used on ${coverage.covered.length} personalities (${coverage.covered.join(', ')}); ${params.minDevices} needed`,
      );
    return passed(`pull points working on ${ok.length} cameras over ${coverage.covered.join(', ')}`, measurement, ok);
  },
};
