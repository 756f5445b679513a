import type { Evidence, Requirement } from '../../requirement.ts';
import { hubOfUser, userOfHub } from '../../evidence/hub-users.ts';
import { hubsMonitoring } from '../../evidence/assignments.ts';
import { faultWindows, inAnyWindow } from '../../evidence/fault-windows.ts';
import { failed, formatMs, notExercised, passed } from '../../evidence/outcomes.ts';

const keepAliveOperations = new Set(['PullMessages', 'Renew']);
/** A keep-alive the camera refused (the subscription is gone) keeps nothing alive. */
const ok2xx = (status: number) => status >= 200 && status < 300;

export const keepsSubscriptionsAlive: Requirement<{ maxKeepAliveGapMs: number }> = {
  id: 'HUB-EVT-02',
  area: 'EVENTS',
  title: 'Keeps event subscriptions alive',
  rationale:
    'A pull point expires at its termination time unless renewed or pulled; a lapsed subscription silently loses alarms.',
  level: 'SHOULD',
  side: 'hub',
  params: {
    maxKeepAliveGapMs: {
      default: 60_000,
      unit: 'ms',
      stricter: 'lower',
      description: 'longest time between answered PullMessages/Renew of a subscription (its termination time)',
    },
  },
  needs: { observations: ['onvif.request'], capabilities: [] },
  traces: [
    {
      source: 'ONVIF Client Test Specification (core)',
      feature: 'Renew (KeepAliveForPullPointEventHandling_Renew)',
      testCase: 'KEEPALIVEFORPULLPOINTEVENTHANDLING-1',
    },
    {
      source: 'ONVIF Client Test Specification (core)',
      feature: 'Pull Messages as Keep Alive (KeepAliveForPullPointEventHandling_PullMessagesAsKeepAlive)',
      testCase: 'KEEPALIVEFORPULLPOINTEVENTHANDLING-2',
    },
  ],
  check({ observations, params, run }) {
    const users = new Set(run.hubs.map((h) => userOfHub(run, h)));
    const faults = faultWindows(observations);
    const times = new Map<string, number[]>();
    for (const o of observations) {
      if (o.kind !== 'onvif.request' || o.user === undefined || !users.has(o.user) || !ok2xx(o.httpStatus)) continue;
      const key = `${o.user}\n${o.camera}`;
      const list = times.get(key);
      if (o.operation === 'CreatePullPointSubscription' && list === undefined) times.set(key, [o.atMs]);
      else if (
        list !== undefined &&
        (keepAliveOperations.has(o.operation) || o.operation === 'CreatePullPointSubscription')
      )
        list.push(o.atMs);
    }
    if (times.size === 0) return notExercised('the hub created no pull-point subscription');
    const ok: Evidence[] = [];
    const misses: Evidence[] = [];
    let worst = 0;
    for (const [key, list] of times) {
      const [user, camera] = key.split('\n') as [string, string];
      const hub = hubOfUser(run, user)!;
      let longest = 0;
      let longestFrom = list[0]!;
      const points = [...list];
      // The gap to the end of the run counts only while the hub was still meant to watch the camera.
      if (hubsMonitoring(observations, run, camera, run.endMs - 1).includes(hub)) points.push(run.endMs);
      for (let i = 1; i < points.length; i++) {
        const gap = points[i]! - points[i - 1]!;
        if (gap > longest && !inAnyWindow(faults, camera, points[i - 1]!, points[i]!, run.endMs)) {
          longest = gap;
          longestFrom = points[i - 1]!;
        }
      }
      worst = Math.max(worst, longest);
      const e = {
        camera,
        hub,
        fromMs: longestFrom,
        toMs: longestFrom + longest,
        text: `longest time without PullMessages/Renew: ${formatMs(longest)}`,
      };
      (longest > params.maxKeepAliveGapMs ? misses : ok).push(e);
    }
    const measurement = {
      name: 'longest subscription keep-alive gap',
      value: worst,
      unit: 'ms' as const,
      threshold: params.maxKeepAliveGapMs,
      op: '<=' as const,
    };
    if (misses.length > 0)
      return failed(`${misses.length} subscription(s) went ${formatMs(worst)} without a keep-alive`, measurement, [
        ...misses,
        ...ok,
      ]);
    return passed(`${ok.length} subscription(s) kept alive`, measurement, ok);
  },
};
