import type { Observation } from '../../../../simulators/observations/observation.ts';
import {
  alarm,
  cameraState,
  fault,
  fleet,
  log,
  onvif,
  outage,
  provisioned,
  s,
} from '../../fixtures/observation-fixtures.ts';
import { runCases } from '../../fixtures/run-cases.ts';
import { endsMotionAlarm } from './ends-motion-alarm.ts';
import { keepsSubscriptionsAlive } from './keeps-subscriptions-alive.ts';
import { pullPointEvents } from './pull-point-events.ts';
import { resubscribesAfterReboot } from './resubscribes-after-reboot.ts';

const subscribe = (c: string, at: number) => [
  onvif(c, at, 'CreatePullPointSubscription', 'digest', 200, 'hub', 'events'),
  onvif(c, at + 1, 'PullMessages', 'digest', 200, 'hub', 'events'),
];
const pulls = (c: string, fromS: number, toS: number, everyS: number, status = 200) =>
  Array.from({ length: Math.floor((toS - fromS) / everyS) + 1 }, (_, i) =>
    onvif(c, fromS + i * everyS, 'PullMessages', 'digest', status, 'hub', 'events'),
  );
const motion = (camera: string, atS: number): Observation => ({
  kind: 'device.event',
  atMs: s(atS),
  camera,
  topic: 'tns1:VideoSource/MotionAlarm',
  state: true,
});

runCases(pullPointEvents, [
  {
    name: 'pull points on three personalities',
    observations: log(['cam-1', 'cam-2', 'cam-3'].map((c) => subscribe(c, 2))),
    verdict: 'PASS',
  },
  {
    name: 'subscribed but never pulled',
    observations: log(
      subscribe('cam-1', 2),
      subscribe('cam-2', 2),
      onvif('cam-3', 2, 'CreatePullPointSubscription', 'digest', 200, 'hub', 'events'),
    ),
    verdict: 'FAIL',
  },
  {
    name: 'never subscribed while a camera it monitored raised motion',
    observations: log(motion('cam-1', 20)),
    verdict: 'FAIL',
    message: '1 camera(s)',
  },
  {
    name: 'pull points everywhere, motion raised on one',
    observations: log(
      ['cam-1', 'cam-2', 'cam-3'].map((c) => subscribe(c, 2)),
      motion('cam-1', 20),
    ),
    verdict: 'PASS',
  },
  {
    name: 'two subscribed, the third raised motion unheard',
    observations: log(
      ['cam-1', 'cam-2'].map((c) => subscribe(c, 2)),
      motion('cam-3', 20),
    ),
    verdict: 'FAIL',
  },
  { name: 'no subscription and no event', observations: [], verdict: 'NOT EXERCISED' },
]);

const short = fleet(undefined, ['hub'], 120);
runCases(keepsSubscriptionsAlive, [
  {
    name: 'pulls every 10 s',
    observations: log(subscribe('cam-1', 2), pulls('cam-1', 3, 120, 10)),
    run: short,
    verdict: 'PASS',
  },
  {
    name: 'stops pulling after 30 s',
    observations: log(subscribe('cam-1', 2), pulls('cam-1', 3, 30, 10)),
    run: short,
    verdict: 'FAIL',
  },
  {
    name: 'pulls refused (the subscription is gone) keep nothing alive',
    observations: log(subscribe('cam-1', 2), pulls('cam-1', 3, 30, 10), pulls('cam-1', 40, 120, 10, 400)),
    run: short,
    verdict: 'FAIL',
  },
  {
    name: 'a gap inside an outage is excused',
    observations: log(
      subscribe('cam-1', 2),
      pulls('cam-1', 3, 30, 10),
      outage('o', 'network', ['cam-1'], 31, 100),
      pulls('cam-1', 100, 120, 10),
    ),
    run: short,
    verdict: 'PASS',
  },
  { name: 'no subscription', observations: [], verdict: 'NOT EXERCISED' },
]);

/** cam-1 reboots at 30 s and serves again at 35 s. */
const reboot = [
  fault('r', 'reboot', ['cam-1'], 30, undefined),
  cameraState('cam-1', 30, 'down'),
  cameraState('cam-1', 30, 'booting'),
  cameraState('cam-1', 35, 'up'),
];
runCases(resubscribesAfterReboot, [
  {
    name: 'subscribes again 6 s after the camera is back',
    observations: log(subscribe('cam-1', 2), reboot, pulls('cam-1', 31, 33, 2, 400), subscribe('cam-1', 41)),
    run: short,
    verdict: 'PASS',
  },
  {
    name: 'keeps pulling the dead address',
    observations: log(subscribe('cam-1', 2), reboot, pulls('cam-1', 31, 120, 4, 400)),
    run: short,
    verdict: 'FAIL',
    message: '1 subscription(s)',
  },
  {
    name: 'subscribes again, but 60 s late',
    observations: log(subscribe('cam-1', 2), reboot, subscribe('cam-1', 95)),
    run: short,
    verdict: 'FAIL',
  },
  {
    name: 'a power outage ends subscriptions too',
    observations: log(
      subscribe('cam-1', 2),
      outage('p', 'power', ['cam-1'], 30, 40),
      cameraState('cam-1', 30, 'down'),
      cameraState('cam-1', 40, 'booting'),
      cameraState('cam-1', 44, 'up'),
      pulls('cam-1', 45, 120, 4, 400),
    ),
    run: short,
    verdict: 'FAIL',
  },
  {
    name: 'a network outage is not a reboot',
    observations: log(subscribe('cam-1', 2), outage('n', 'network', ['cam-1'], 30, 40)),
    run: short,
    verdict: 'NOT EXERCISED',
  },
  {
    name: 'never subscribed before the reboot (HUB-EVT-01 judges that)',
    observations: log(reboot),
    run: short,
    verdict: 'NOT EXERCISED',
  },
  {
    name: 'back with too little of the run left',
    observations: log(
      subscribe('cam-1', 2),
      fault('r', 'reboot', ['cam-1'], 100, undefined),
      cameraState('cam-1', 100, 'down'),
      cameraState('cam-1', 105, 'up'),
    ),
    run: short,
    verdict: 'NOT EXERCISED',
  },
]);

/** Motion in front of cam-1 from 20 s to 30 s. */
const motionFault = () => [provisioned('cam-1', 0), fault('m1', 'motion', ['cam-1'], 20, 30)];
const motionAlarm = (atS: number, state: 'raised' | 'cleared', camera = 'cam-1') =>
  alarm(camera, atS, state, 'hub', 'motion', 'motion');

runCases(endsMotionAlarm, [
  {
    name: 'raised with the motion, ended with it',
    observations: log(motionFault(), motionAlarm(20.5, 'raised'), motionAlarm(30.4, 'cleared')),
    verdict: 'PASS',
    message: '1 motion alarm',
  },
  {
    name: 'ended by the hub when the camera never said so',
    observations: log(motionFault(), motionAlarm(20.5, 'raised'), motionAlarm(40, 'cleared')),
    params: { clearWithinMs: 15_000 },
    verdict: 'PASS',
  },
  {
    name: 'stuck on to the end of the run',
    observations: log(motionFault(), motionAlarm(20.5, 'raised')),
    verdict: 'FAIL',
    message: 'stayed on',
  },
  {
    name: 'ended long after the motion',
    observations: log(motionFault(), motionAlarm(20.5, 'raised'), motionAlarm(100, 'cleared')),
    verdict: 'FAIL',
  },
  {
    name: 'ended later than a tightened bound',
    observations: log(motionFault(), motionAlarm(20.5, 'raised'), motionAlarm(50, 'cleared')),
    params: { clearWithinMs: 10_000 },
    verdict: 'FAIL',
  },
  {
    name: 'an offline alarm is not a motion alarm',
    observations: log(motionFault(), alarm('cam-1', 21, 'raised')),
    verdict: 'NOT EXERCISED',
    message: 'no motion alarm',
  },
  {
    name: 'another camera’s stuck motion alarm is not this motion’s',
    observations: log(motionFault(), motionAlarm(21, 'raised', 'cam-2')),
    verdict: 'NOT EXERCISED',
  },
  {
    name: 'the run ending right after the motion is not exercised',
    observations: log(motionFault(), motionAlarm(20.5, 'raised')),
    run: fleet(undefined, ['hub'], 40),
    verdict: 'NOT EXERCISED',
    message: 'too soon',
  },
  {
    name: 'no motion is not exercised',
    observations: log(provisioned('cam-1', 0), motionAlarm(20.5, 'raised')),
    verdict: 'NOT EXERCISED',
    message: 'no motion',
  },
]);
