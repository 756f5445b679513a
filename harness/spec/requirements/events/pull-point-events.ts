import type { Evidence, Requirement } from '../../requirement.ts';
import { userOfHub } from '../../evidence/hub-users.ts';
import { personalityCoverage } from '../../evidence/personalities.ts';
import { failed, formatMs, notExercised, passed } from '../../evidence/outcomes.ts';

const ok2xx = (status: number) => status >= 200 && status < 300;

export const pullPointEvents: Requirement<{ minDevices: number; firstPullWithinMs: number }> = {
  id: 'HUB-EVT-01',
  area: 'EVENTS',
  title: 'Receives camera events through a pull point',
  rationale: 'Motion and tamper events must reach the control room; the hub subscribes with CreatePullPointSubscription and pulls messages, over the distinct camera models of the fleet.',
  level: 'SHOULD',
  side: 'hub',
  params: {
    minDevices: { default: 3, unit: 'count', stricter: 'higher', description: 'distinct camera models with a working pull point for a PASS' },
    firstPullWithinMs: { default: 10_000, unit: 'ms', stricter: 'lower', description: 'from CreatePullPointSubscription to the first PullMessages' },
  },
  needs: { observations: ['onvif.request'], capabilities: [] },
  traces: [{ source: 'ONVIF Client Test Specification (core)', feature: 'Pull Point (EventHandling_PullPoint)', testCase: 'EVENTHANDLING-1' }],
  check({ observations, params, run }) {
    const users = new Set(run.hubs.map((h) => userOfHub(run, h)));
    const ok: Evidence[] = [];
    const misses: Evidence[] = [];
    const seen = new Set<string>();
    for (const o of observations) {
      if (o.kind !== 'onvif.request' || o.operation !== 'CreatePullPointSubscription' || !ok2xx(o.httpStatus) || o.user === undefined || !users.has(o.user)) continue;
      const key = `${o.user}\n${o.camera}`;
      if (seen.has(key) || run.endMs - o.atMs < params.firstPullWithinMs) continue;
      seen.add(key);
      const pull = observations.find((p) => p.kind === 'onvif.request' && p.camera === o.camera && p.user === o.user && p.operation === 'PullMessages' && p.atMs >= o.atMs);
      const delay = pull === undefined ? undefined : pull.atMs - o.atMs;
      if (delay === undefined || delay > params.firstPullWithinMs) misses.push({ camera: o.camera, atMs: o.atMs, text: delay === undefined ? 'subscribed but never pulled messages' : `first PullMessages ${formatMs(delay)} after subscribing` });
      else ok.push({ camera: o.camera, atMs: o.atMs, text: `subscribed, first PullMessages ${formatMs(delay)} later` });
    }
    if (seen.size === 0) return notExercised('the hub created no pull-point subscription');
    const measurement = { name: 'subscriptions never pulled in time', value: misses.length, unit: 'count' as const, threshold: 0, op: '<=' as const };
    if (misses.length > 0) return failed(`${misses.length} subscription(s) not pulled within ${formatMs(params.firstPullWithinMs)}`, measurement, [...misses, ...ok]);
    const coverage = personalityCoverage(run, ok.map((e) => e.camera!), params.minDevices);
    if (!coverage.enoughInFleet) return notExercised(`ONVIF asks for ${params.minDevices} distinct device personalities; the fleet has ${coverage.inFleet}`);
    if (coverage.covered.length < params.minDevices) return notExercised(`pull points used on ${coverage.covered.length} personalities (${coverage.covered.join(', ')}); ${params.minDevices} needed`);
    return passed(`pull points working on ${ok.length} cameras over ${coverage.covered.join(', ')}`, measurement, ok);
  },
};
