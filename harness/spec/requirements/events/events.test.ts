import type { Observation } from '../../../../simulators/observations/observation.ts';
import { cameraState, fault, fleet, log, onvif, outage, s } from '../../fixtures/observation-fixtures.ts';
import { runCases } from '../../fixtures/run-cases.ts';
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
