import { alarm, fault, fleet, log, onvif, outage, provisioned } from '../../fixtures/observation-fixtures.ts';
import { runCases } from '../../fixtures/run-cases.ts';
import { endsMotionAlarm } from './ends-motion-alarm.ts';
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

/** Motion in front of cam-1 from 20 s to 30 s. */
const motion = () => [provisioned('cam-1', 0), fault('m1', 'motion', ['cam-1'], 20, 30)];
const motionAlarm = (atS: number, state: 'raised' | 'cleared', camera = 'cam-1') => alarm(camera, atS, state, 'hub', 'motion', 'motion');

runCases(endsMotionAlarm, [
  { name: 'raised with the motion, ended with it', observations: log(motion(), motionAlarm(20.5, 'raised'), motionAlarm(30.4, 'cleared')), verdict: 'PASS', message: '1 motion alarm' },
  { name: 'ended by the hub when the camera never said so', observations: log(motion(), motionAlarm(20.5, 'raised'), motionAlarm(40, 'cleared')), params: { clearWithinMs: 15_000 }, verdict: 'PASS' },
  { name: 'stuck on to the end of the run', observations: log(motion(), motionAlarm(20.5, 'raised')), verdict: 'FAIL', message: 'stayed on' },
  { name: 'ended long after the motion', observations: log(motion(), motionAlarm(20.5, 'raised'), motionAlarm(100, 'cleared')), verdict: 'FAIL' },
  { name: 'ended later than a tightened bound', observations: log(motion(), motionAlarm(20.5, 'raised'), motionAlarm(50, 'cleared')), params: { clearWithinMs: 10_000 }, verdict: 'FAIL' },
  { name: 'an offline alarm is not a motion alarm', observations: log(motion(), alarm('cam-1', 21, 'raised')), verdict: 'NOT EXERCISED', message: 'no motion alarm' },
  { name: 'another camera’s stuck motion alarm is not this motion’s', observations: log(motion(), motionAlarm(21, 'raised', 'cam-2')), verdict: 'NOT EXERCISED' },
  { name: 'the run ending right after the motion is not exercised', observations: log(motion(), motionAlarm(20.5, 'raised')), run: fleet(undefined, ['hub'], 40), verdict: 'NOT EXERCISED', message: 'too soon' },
  { name: 'no motion is not exercised', observations: log(provisioned('cam-1', 0), motionAlarm(20.5, 'raised')), verdict: 'NOT EXERCISED', message: 'no motion' },
]);
