import {
  cameraState,
  egress,
  fault,
  fleet,
  log,
  onvif,
  outage,
  provisioned,
  released,
  session,
} from '../../fixtures/observation-fixtures.ts';
import { runCases } from '../../fixtures/run-cases.ts';
import { egressLatency } from './egress-latency.ts';
import { keepsCamerasWatched } from './keeps-cameras-watched.ts';
import { keepsSessionsAlive } from './keeps-sessions-alive.ts';
import { noStreamMixups } from './no-stream-mixups.ts';
import { onvifMediaStreaming } from './onvif-media-streaming.ts';
import { pullsAllCameras } from './pulls-all-cameras.ts';
import { receivesFramesSent } from './receives-frames-sent.ts';

const cams = ['cam-1', 'cam-2', 'cam-3'];

runCases(pullsAllCameras, [
  {
    name: 'all pulled within the bound',
    observations: log(
      cams.map((c) => provisioned(c, 0)),
      cams.flatMap((c) => session({ camera: c, fromS: 3 })),
    ),
    verdict: 'PASS',
  },
  {
    name: 'one camera never pulled',
    observations: log(
      cams.map((c) => provisioned(c, 0)),
      session({ camera: 'cam-1', fromS: 3 }),
    ),
    verdict: 'FAIL',
    message: '2 of 3',
  },
  {
    name: 'pulled too late',
    observations: log(provisioned('cam-1', 0), session({ camera: 'cam-1', fromS: 25 })),
    verdict: 'FAIL',
  },
  {
    name: 'pulled the sub stream instead of main',
    observations: log(provisioned('cam-1', 0), session({ camera: 'cam-1', fromS: 2, profile: 'sub' })),
    verdict: 'FAIL',
  },
  {
    name: 'without provisioning records every camera is due from the start',
    observations: log(cams.flatMap((c) => session({ camera: c, fromS: 3 }))),
    verdict: 'PASS',
  },
  {
    name: 'a camera in an outage at provisioning is not judged',
    observations: log(provisioned('cam-1', 0), outage('o', 'power', ['cam-1'], 0, 60)),
    verdict: 'NOT EXERCISED',
  },
  {
    name: 'pulls once, then tears the session down',
    observations: log(provisioned('cam-1', 0), session({ camera: 'cam-1', fromS: 3, toS: 6 })),
    verdict: 'FAIL',
    message: 'not pulled',
  },
  {
    name: 'holds a session open but never reads it',
    observations: log(provisioned('cam-1', 0), session({ camera: 'cam-1', fromS: 3, wedged: [[3, 600]] })),
    verdict: 'FAIL',
  },
  {
    name: 'provisioned with the sub stream and pulls it',
    observations: log(
      provisioned('cam-1', 0, 'hub', 'sub'),
      session({ camera: 'cam-1', fromS: 3, profile: 'sub', kbps: 300 }),
    ),
    verdict: 'PASS',
  },
]);

/** cam-1 loses power 60..120 s and is up at 125 s. */
const powerCut = () => [
  outage('o1', 'power', ['cam-1'], 60, 120),
  cameraState('cam-1', 60, 'down'),
  cameraState('cam-1', 125, 'up'),
];

runCases(keepsCamerasWatched, [
  {
    name: 'every camera watched from provisioning to the end',
    observations: log(
      cams.map((c) => provisioned(c, 0)),
      cams.flatMap((c) => session({ camera: c, fromS: 3 })),
    ),
    verdict: 'PASS',
  },
  {
    name: 'pulls once, then lets the camera go',
    observations: log(
      cams.map((c) => provisioned(c, 0)),
      cams.flatMap((c) => session({ camera: c, fromS: 3, ...(c === 'cam-2' ? { toS: 20 } : {}) })),
    ),
    verdict: 'FAIL',
    message: '1 of 3',
  },
  {
    name: 'a wedged hub: session open, reader stopped',
    observations: log(provisioned('cam-1', 0), session({ camera: 'cam-1', fromS: 3, wedged: [[100, 600]] })),
    verdict: 'FAIL',
    message: 'unwatched',
  },
  {
    name: 'an outage and the time to recover from it are excluded',
    observations: log(
      provisioned('cam-1', 0),
      session({ camera: 'cam-1', fromS: 3, toS: 60, reason: 'camera-down' }),
      powerCut(),
      session({ camera: 'cam-1', fromS: 150 }),
    ),
    verdict: 'PASS',
  },
  {
    name: 'a fault that does not touch the stream excuses nothing',
    observations: log(
      provisioned('cam-1', 0),
      session({ camera: 'cam-1', fromS: 3, toS: 60, reason: 'client-closed' }),
      fault('m', 'motion', ['cam-1'], 60, 120),
      session({ camera: 'cam-1', fromS: 130 }),
    ),
    verdict: 'FAIL',
  },
  {
    name: 'released cameras need not be watched',
    observations: log(
      provisioned('cam-1', 0),
      session({ camera: 'cam-1', fromS: 3, toS: 100 }),
      released('cam-1', 100),
    ),
    verdict: 'PASS',
  },
  {
    name: 'too little time provisioned to tell',
    observations: log(provisioned('cam-1', 290)),
    verdict: 'NOT EXERCISED',
  },
]);

runCases(keepsSessionsAlive, [
  {
    name: 'a long session without timeout',
    observations: log(session({ camera: 'cam-1', fromS: 0, toS: 200 })),
    verdict: 'PASS',
  },
  {
    name: 'a session timed out by the camera',
    observations: log(session({ camera: 'cam-1', fromS: 0, toS: 60, reason: 'timeout' })),
    verdict: 'FAIL',
  },
  {
    name: "a timeout during a network outage is the outage's",
    observations: log(
      session({ camera: 'cam-1', fromS: 0, toS: 130, reason: 'timeout' }),
      outage('n', 'network', ['cam-1'], 60, 140),
    ),
    verdict: 'PASS',
  },
  {
    name: "a timeout during a stream freeze is the hub's: the camera still answered keep-alives",
    observations: log(
      session({ camera: 'cam-1', fromS: 0, toS: 130, reason: 'timeout' }),
      outage('f', 'stream-freeze', ['cam-1'], 60, 140),
    ),
    verdict: 'FAIL',
  },
  {
    name: "a timeout during added latency is the hub's",
    observations: log(
      session({ camera: 'cam-1', fromS: 0, toS: 130, reason: 'timeout' }),
      fault('l', 'latency', ['cam-1'], 60, 140),
    ),
    verdict: 'FAIL',
  },
  {
    name: 'short sessions never needed a keep-alive',
    observations: log(session({ camera: 'cam-1', fromS: 0, toS: 30 })),
    verdict: 'NOT EXERCISED',
  },
  {
    name: 'one timed-out session within a procurement allowance of one',
    observations: log(
      session({ camera: 'cam-1', fromS: 0, toS: 60, reason: 'timeout' }),
      session({ camera: 'cam-1', fromS: 61 }),
    ),
    params: { maxTimedOutSessions: 1 },
    verdict: 'PASS',
  },
]);

const one = fleet(['fixed-1080p']);
runCases(receivesFramesSent, [
  {
    name: 'egress matches what was sent over the whole run',
    observations: log(session({ camera: 'cam-1', fromS: 0 }), egress('cam-1', 1, 300, 25, 400)),
    run: one,
    verdict: 'PASS',
  },
  {
    name: 'half the frames lost in the hub',
    observations: log(session({ camera: 'cam-1', fromS: 0 }), egress('cam-1', 1, 300, 12, 400)),
    run: one,
    verdict: 'FAIL',
    message: 'fewer than',
  },
  {
    name: 'a restream that stops at minute one (zero intervals after)',
    observations: log(
      provisioned('cam-1', 0),
      session({ camera: 'cam-1', fromS: 2 }),
      egress('cam-1', 1, 60, 25, 400),
      egress('cam-1', 61, 300, 0, 0),
    ),
    run: one,
    verdict: 'FAIL',
  },
  {
    name: 'a restream that stops at minute one (reader silent after)',
    observations: log(provisioned('cam-1', 0), session({ camera: 'cam-1', fromS: 2 }), egress('cam-1', 1, 60, 25, 400)),
    run: one,
    verdict: 'FAIL',
  },
  {
    name: 'a restream that never exists',
    observations: log(provisioned('cam-1', 0), session({ camera: 'cam-1', fromS: 2 })),
    run: one,
    verdict: 'FAIL',
  },
  {
    name: 'frames without a stamp are not judged, never passed',
    observations: log(session({ camera: 'cam-1', fromS: 0 }), egress('cam-1', 1, 300, 0, 0, 'hub', 0, 25)),
    run: one,
    verdict: 'NOT EXERCISED',
    message: 'no camlab SEI stamp',
  },
  {
    name: 'too few pictures even counting unstamped ones',
    observations: log(session({ camera: 'cam-1', fromS: 0 }), egress('cam-1', 1, 300, 0, 0, 'hub', 0, 10)),
    run: one,
    verdict: 'FAIL',
  },
  {
    name: 'egress of another hub user is not counted as sent to this hub',
    observations: log(session({ camera: 'cam-1', fromS: 0, user: 'other' }), egress('cam-1', 1, 300, 25, 400)),
    run: one,
    verdict: 'NOT EXERCISED',
  },
]);

runCases(egressLatency, [
  { name: 'low latency', observations: log(egress('cam-1', 10, 100, 25, 400)), verdict: 'PASS' },
  { name: 'high latency', observations: log(egress('cam-1', 10, 100, 25, 3500)), verdict: 'FAIL', message: 'p95' },
  {
    name: 'latency inside a fault is not judged',
    observations: log(fault('b', 'bandwidth', ['cam-1'], 0, 200), egress('cam-1', 10, 100, 25, 3500)),
    verdict: 'NOT EXERCISED',
  },
  {
    name: 'late frames hidden by stripping their stamps',
    observations: log(egress('cam-1', 10, 100, 25, 400), egress('cam-2', 10, 100, 0, 0, 'hub', 0, 25)),
    verdict: 'NOT EXERCISED',
    message: 'no camlab SEI stamp',
  },
]);

runCases(noStreamMixups, [
  { name: 'every frame from its own camera', observations: log(egress('cam-1', 10, 20, 25, 400)), verdict: 'PASS' },
  { name: 'frames of another camera', observations: log(egress('cam-1', 10, 20, 25, 400, 'hub', 3)), verdict: 'FAIL' },
  { name: 'no egress', observations: [], verdict: 'NOT EXERCISED' },
  {
    name: 'no frame carries a stamp',
    observations: log(egress('cam-1', 10, 20, 0, 0, 'hub', 0, 25)),
    verdict: 'NOT EXERCISED',
    message: 'no camlab SEI stamp',
  },
  {
    name: "some frames without a stamp could be another camera's",
    observations: log(egress('cam-1', 10, 20, 25, 400, 'hub', 0, 3)),
    verdict: 'NOT EXERCISED',
  },
  {
    name: 'swapped pictures are a mix-up even when others lack stamps',
    observations: log(egress('cam-1', 10, 20, 25, 400, 'hub', 5, 3)),
    verdict: 'FAIL',
  },
]);

const onvifWay = (c: string, at: number) => [
  onvif(c, at, 'GetProfiles', 'digest', 200, 'hub', 'media'),
  onvif(c, at + 0.5, 'GetStreamUri', 'digest', 200, 'hub', 'media'),
  ...session({ camera: c, fromS: at + 1 }),
];

runCases(onvifMediaStreaming, [
  {
    name: 'profiles, URI, play on three personalities',
    observations: log(cams.flatMap((c, i) => onvifWay(c, i * 2))),
    verdict: 'PASS',
  },
  {
    name: 'got a URI and never played it',
    observations: log(
      cams.flatMap((c, i) => onvifWay(c, i * 2)),
      onvif('cam-1', 50, 'GetStreamUri', 'digest', 200, 'hub2', 'media'),
      onvif('cam-1', 49, 'GetProfiles', 'digest', 200, 'hub2', 'media'),
    ),
    run: fleet(undefined, ['hub', 'hub2']),
    verdict: 'FAIL',
    message: 'not streamed the ONVIF way',
  },
  {
    name: 'provisioned by URL only',
    observations: log(session({ camera: 'cam-1', fromS: 0 })),
    verdict: 'NOT EXERCISED',
  },
  {
    name: 'one personality only',
    observations: log(onvifWay('cam-1', 0)),
    verdict: 'NOT EXERCISED',
    message: '3 needed',
  },
]);
