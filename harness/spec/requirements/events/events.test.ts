import { fleet, log, onvif, outage } from '../../fixtures/observation-fixtures.ts';
import { runCases } from '../../fixtures/run-cases.ts';
import { keepsSubscriptionsAlive } from './keeps-subscriptions-alive.ts';
import { pullPointEvents } from './pull-point-events.ts';

const subscribe = (c: string, at: number) => [onvif(c, at, 'CreatePullPointSubscription', 'digest', 200, 'hub', 'events'), onvif(c, at + 1, 'PullMessages', 'digest', 200, 'hub', 'events')];
const pulls = (c: string, fromS: number, toS: number, everyS: number) => Array.from({ length: Math.floor((toS - fromS) / everyS) + 1 }, (_, i) => onvif(c, fromS + i * everyS, 'PullMessages', 'digest', 200, 'hub', 'events'));

runCases(pullPointEvents, [
  { name: 'pull points on three personalities', observations: log(['cam-1', 'cam-2', 'cam-3'].map((c) => subscribe(c, 2))), verdict: 'PASS' },
  { name: 'subscribed but never pulled', observations: log(subscribe('cam-1', 2), subscribe('cam-2', 2), onvif('cam-3', 2, 'CreatePullPointSubscription', 'digest', 200, 'hub', 'events')), verdict: 'FAIL' },
  { name: 'no subscription', observations: [], verdict: 'NOT EXERCISED' },
]);

const short = fleet(undefined, ['hub'], 120);
runCases(keepsSubscriptionsAlive, [
  { name: 'pulls every 10 s', observations: log(subscribe('cam-1', 2), pulls('cam-1', 3, 120, 10)), run: short, verdict: 'PASS' },
  { name: 'stops pulling after 30 s', observations: log(subscribe('cam-1', 2), pulls('cam-1', 3, 30, 10)), run: short, verdict: 'FAIL' },
  { name: 'a gap inside an outage is excused', observations: log(subscribe('cam-1', 2), pulls('cam-1', 3, 30, 10), outage('o', 'network', ['cam-1'], 31, 100), pulls('cam-1', 100, 120, 10)), run: short, verdict: 'PASS' },
  { name: 'no subscription', observations: [], verdict: 'NOT EXERCISED' },
]);
