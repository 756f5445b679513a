import type { Observation } from '../../../../simulators/observations/observation.ts';
import { cameraState, fault, fleet, log, onvif, rtsp, session } from '../../fixtures/observation-fixtures.ts';
import { runCases } from '../../fixtures/run-cases.ts';
import { logsInAfterClockJump } from './logs-in-after-clock-jump.ts';
import { onvifDigestOnly } from './onvif-digest-only.ts';
import { rtspDigestOnly } from './rtsp-digest-only.ts';
import { survivesChallenge } from './survives-challenge.ts';
import { survivesStaleNonce } from './survives-stale-nonce.ts';

const allDigest = ['cam-1', 'cam-2', 'cam-3'].flatMap((c, i) => [
  onvif(c, i, 'GetSystemDateAndTime', 'none'),
  onvif(c, i + 1, 'GetProfiles', 'digest'),
]);

runCases(onvifDigestOnly, [
  { name: 'digest over three personalities passes', observations: log(allDigest), verdict: 'PASS' },
  {
    name: 'a PasswordText request fails',
    observations: log(allDigest, onvif('cam-2', 9, 'GetStreamUri', 'text')),
    verdict: 'FAIL',
    message: 'without digest',
  },
  {
    name: 'an operation served without credentials fails',
    observations: log(allDigest, onvif('cam-1', 9, 'GetStreamUri', 'none', 200)),
    verdict: 'FAIL',
  },
  {
    name: 'an anonymous request answered 401 is the digest challenge',
    observations: log(allDigest, onvif('cam-1', 9, 'GetStreamUri', 'none', 401)),
    verdict: 'PASS',
  },
  {
    name: "another client's PasswordText is not the hub's",
    observations: log(allDigest, onvif('cam-1', 9, 'GetStreamUri', 'text', 200, 'someone-else')),
    verdict: 'PASS',
  },
  { name: 'no ONVIF traffic is not exercised', observations: [], verdict: 'NOT EXERCISED' },
  {
    name: 'two personalities are not enough',
    observations: log(allDigest.filter((o) => 'camera' in o && o.camera !== 'cam-3')),
    verdict: 'NOT EXERCISED',
    message: '3 needed',
  },
  {
    name: 'a fleet of one model cannot exercise it',
    observations: log(allDigest),
    run: fleet(['fixed-1080p', 'fixed-1080p', 'fixed-1080p']),
    verdict: 'NOT EXERCISED',
    message: 'fleet has 1',
  },
]);

const rtspOk = ['cam-1', 'cam-2', 'cam-3'].flatMap((c) => session({ camera: c, fromS: 1, toS: 10 }));

runCases(rtspDigestOnly, [
  { name: 'digest after a 401 challenge passes', observations: log(rtspOk), verdict: 'PASS' },
  {
    name: 'Basic fails',
    observations: log(rtspOk, rtsp('cam-1', 20, 'DESCRIBE', 'basic')),
    verdict: 'FAIL',
    message: 'RTSP',
  },
  {
    name: 'a stream taken without credentials fails',
    observations: log(rtspOk, rtsp('cam-1', 20, 'PLAY', 'none', 200)),
    verdict: 'FAIL',
  },
  {
    name: 'OPTIONS without credentials is fine',
    observations: log(rtspOk, rtsp('cam-1', 20, 'OPTIONS', 'none', 200)),
    verdict: 'PASS',
  },
  { name: 'no RTSP traffic is not exercised', observations: [], verdict: 'NOT EXERCISED' },
]);

runCases(survivesChallenge, [
  { name: 'each 401 followed by a digest success passes', observations: log(rtspOk), verdict: 'PASS' },
  {
    name: 'a 401 the hub never answers fails',
    observations: log(rtspOk, rtsp('cam-2', 50, 'DESCRIBE', 'digest', 401)),
    verdict: 'FAIL',
  },
  {
    name: 'a late answer fails under a tightened bound',
    observations: log(
      rtspOk,
      rtsp('cam-2', 50, 'DESCRIBE', 'digest', 401),
      rtsp('cam-2', 53, 'DESCRIBE', 'digest', 200),
    ),
    params: { retryWithinMs: 2000 },
    verdict: 'FAIL',
  },
  {
    name: '401s during a credentials change are expected',
    observations: log(
      rtspOk,
      fault('f1', 'credentials', ['cam-2'], 45, 60),
      rtsp('cam-2', 50, 'DESCRIBE', 'digest', 401),
    ),
    verdict: 'PASS',
  },
  {
    name: "a 401 to a user that is no hub's is not the hub's",
    observations: log(rtspOk, rtsp('cam-2', 50, 'DESCRIBE', 'digest', 401, 'admin')),
    verdict: 'PASS',
  },
  {
    name: 'no 401 at all is not exercised',
    observations: log(rtsp('cam-1', 1, 'DESCRIBE', 'digest')),
    verdict: 'NOT EXERCISED',
  },
]);

runCases(survivesStaleNonce, [
  {
    name: 're-authenticates after a stale nonce',
    observations: log(
      rtspOk,
      fault('n1', 'nonce-expiry', ['cam-1'], 30, 40),
      rtsp('cam-1', 31, 'GET_PARAMETER', 'digest', 401),
      rtsp('cam-1', 31.2, 'GET_PARAMETER', 'digest', 200),
    ),
    verdict: 'PASS',
  },
  {
    name: 'gives up after a stale nonce',
    observations: log(
      rtspOk,
      fault('n1', 'nonce-expiry', ['cam-1'], 30, 40),
      rtsp('cam-1', 31, 'GET_PARAMETER', 'digest', 401),
    ),
    verdict: 'FAIL',
  },
  { name: '401s outside nonce faults are not this requirement', observations: log(rtspOk), verdict: 'NOT EXERCISED' },
]);

/** A camera whose clock resets at its boot: the timed quirk, a reboot, the camera back up at 20 s. */
const clockReset = [
  fault('q1', 'quirk', ['cam-1'], 5, 60, { quirk: 'clock-reset-on-boot' }),
  fault('r1', 'reboot', ['cam-1'], 10, undefined),
  cameraState('cam-1', 10, 'down'),
  cameraState('cam-1', 20, 'up'),
];
/** A WS-UsernameToken the camera refused, as its ONVIF server records it. */
const refusedToken = (atS: number, camera = 'cam-1', user = 'hub'): Observation => ({
  kind: 'onvif.request',
  atMs: onvif(camera, atS, 'GetStreamUri', 'digest').atMs,
  camera,
  client: '127.0.0.1:50000',
  service: 'media',
  operation: 'GetStreamUri',
  auth: 'digest',
  user,
  httpStatus: 400,
  fault: 'ter:NotAuthorized',
});

runCases(logsInAfterClockJump, [
  {
    name: 'reads the clock again and logs in at once',
    observations: log(
      clockReset,
      onvif('cam-1', 21, 'GetSystemDateAndTime', 'none'),
      onvif('cam-1', 21.5, 'GetProfiles', 'digest', 200, 'hub', 'media'),
    ),
    verdict: 'PASS',
    message: 'logged in to 1',
  },
  {
    name: 'refused, then resyncs and gets in within the bound',
    observations: log(clockReset, refusedToken(21), onvif('cam-1', 24, 'GetStreamUri', 'digest', 200, 'hub', 'media')),
    verdict: 'PASS',
  },
  {
    name: 'refused for good after the reset fails',
    observations: log(clockReset, refusedToken(21), refusedToken(23), refusedToken(25)),
    verdict: 'FAIL',
    message: 'kept refusing',
  },
  {
    name: 'a clock read answered 200 with a stale token is no login',
    observations: log(clockReset, refusedToken(21), onvif('cam-1', 22, 'GetSystemDateAndTime', 'digest', 200, 'hub')),
    verdict: 'FAIL',
  },
  {
    name: 'back in later than a tightened bound fails',
    observations: log(clockReset, refusedToken(21), onvif('cam-1', 40, 'GetStreamUri', 'digest', 200, 'hub', 'media')),
    params: { loginWithinMs: 10_000 },
    verdict: 'FAIL',
  },
  {
    name: 'a clock-skew quirk step counts as a jump',
    observations: log(
      fault('q2', 'quirk', ['cam-2'], 5, undefined, { quirk: 'clock-skew', offset: -7_200_000 }),
      refusedToken(8, 'cam-2'),
    ),
    verdict: 'FAIL',
  },
  {
    name: 'another client refused is not the hub',
    observations: log(
      clockReset,
      refusedToken(21, 'cam-1', 'viewer'),
      onvif('cam-1', 22, 'GetProfiles', 'digest', 200, 'hub', 'media'),
    ),
    verdict: 'PASS',
  },
  {
    name: "refusals during a credential change are that fault's",
    observations: log(
      clockReset,
      fault('c1', 'credentials', ['cam-1'], 20, 50),
      refusedToken(21),
      refusedToken(45),
      onvif('cam-1', 52, 'GetProfiles', 'digest', 200, 'hub', 'media'),
    ),
    verdict: 'PASS',
  },
  {
    name: 'the run ending right after a refusal is not exercised',
    observations: log(clockReset, refusedToken(21)),
    run: fleet(undefined, undefined, 30),
    verdict: 'NOT EXERCISED',
    message: 'too soon',
  },
  {
    name: 'a reboot without the quirk is no clock jump',
    observations: log(
      fault('r1', 'reboot', ['cam-1'], 10, undefined),
      cameraState('cam-1', 10, 'down'),
      cameraState('cam-1', 20, 'up'),
      refusedToken(21),
    ),
    verdict: 'NOT EXERCISED',
    message: 'no camera clock jumped',
  },
  {
    name: 'no request after the jump is not exercised',
    observations: log(clockReset),
    verdict: 'NOT EXERCISED',
    message: 'asked no camera',
  },
]);
