import type { Evidence, Requirement } from '../../requirement.ts';
import { hubsMonitoring } from '../../evidence/assignments.ts';
import { cameraOutages } from '../../evidence/camera-outages.ts';
import { faultWindows } from '../../evidence/fault-windows.ts';
import { userOfHub } from '../../evidence/hub-users.ts';
import { failed, formatMs, notExercised, passed } from '../../evidence/outcomes.ts';

const ok2xx = (status: number) => status >= 200 && status < 300;
const subscribeOperations = new Set(['CreatePullPointSubscription', 'Subscribe']);

export const resubscribesAfterReboot: Requirement<{ resubscribeWithinMs: number }> = {
  id: 'HUB-EVT-04',
  area: 'EVENTS',
  title: 'Subscribes to events again after a camera reboot',
  rationale:
    'A reboot or a power cut ends every subscription a camera holds: its old pull point answers ResourceUnknown (or a bare 404) for good. A hub that keeps pulling the dead address, or only renews it, hears no motion or tamper event from that camera again until someone restarts the hub.',
  level: 'SHOULD',
  side: 'hub',
  params: {
    resubscribeWithinMs: {
      default: 30_000,
      unit: 'ms',
      stricter: 'lower',
      description: "from the camera serving again to the hub's next accepted CreatePullPointSubscription or Subscribe",
    },
  },
  needs: { observations: ['onvif.request', 'fault.applied', 'camera.state'], capabilities: ['alarms'] },
  traces: [
    {
      source: 'home-assistant/core pull request 37711',
      feature:
        'Allow the ONVIF PullPoint subscription to be restarted when the camera reboots (events stopped after every camera reboot until then)',
    },
    {
      source: 'koush/scrypted issue 319',
      feature: 'ONVIF event subscription drops out; motion events stop until the plugin is reloaded',
    },
    {
      source: 'ZoneMinder/zoneminder issue 4099',
      feature: 'stops listening to ONVIF events when a camera becomes unavailable and reappears',
    },
  ],
  check({ observations, params, run }) {
    const subscriptions = new Map<string, number[]>();
    for (const o of observations) {
      if (
        o.kind !== 'onvif.request' ||
        !subscribeOperations.has(o.operation) ||
        !ok2xx(o.httpStatus) ||
        o.user === undefined
      )
        continue;
      const key = `${o.user}\n${o.camera}`;
      const list = subscriptions.get(key);
      if (list === undefined) subscriptions.set(key, [o.atMs]);
      else list.push(o.atMs);
    }
    const ok: Evidence[] = [];
    const misses: Evidence[] = [];
    let worst = 0;
    let tooLate = 0;
    const downs = cameraOutages(observations, faultWindows(observations), run.endMs).filter(
      (c) => c.window.fault === 'reboot' || c.window.mode === 'power',
    );
    for (const down of downs) {
      const back = down.returnMs;
      if (back === undefined) continue;
      for (const hub of hubsMonitoring(observations, run, down.camera, back)) {
        const times = subscriptions.get(`${userOfHub(run, hub)}\n${down.camera}`) ?? [];
        // Only a hub that held a subscription when the camera went down had one to lose.
        if (!times.some((t) => t < down.fromMs)) continue;
        const again = times.find((t) => t >= down.fromMs);
        if (again === undefined && run.endMs - back < params.resubscribeWithinMs) {
          tooLate++;
          continue;
        }
        const delay = again === undefined ? run.endMs - back : Math.max(0, again - back);
        worst = Math.max(worst, delay);
        const e = { camera: down.camera, hub, fromMs: back, ...(again === undefined ? {} : { atMs: again }) };
        if (again === undefined || delay > params.resubscribeWithinMs)
          misses.push({
            ...e,
            text:
              again === undefined
                ? `never subscribed again after the camera came back (${formatMs(delay)} to the end of the run)`
                : `subscribed again ${formatMs(delay)} after the camera came back`,
          });
        else ok.push({ ...e, text: `subscribed again ${formatMs(delay)} after the camera came back` });
      }
    }
    if (ok.length + misses.length === 0) {
      return notExercised(
        tooLate > 0
          ? `a camera came back with less than ${formatMs(params.resubscribeWithinMs)} of the run left`
          : 'no camera the hub held an event subscription to rebooted or lost power (and came back) during the run',
      );
    }
    const measurement = {
      name: 'worst time to subscribe again after a camera came back',
      value: worst,
      unit: 'ms' as const,
      threshold: params.resubscribeWithinMs,
      op: '<=' as const,
    };
    if (misses.length > 0)
      return failed(
        `${misses.length} subscription(s) not renewed by a new subscription within ${formatMs(params.resubscribeWithinMs)} of the camera coming back`,
        measurement,
        [...misses, ...ok],
      );
    return passed(
      `subscribed again to ${ok.length} camera(s) within ${formatMs(params.resubscribeWithinMs)} of their return`,
      measurement,
      ok,
    );
  },
};
