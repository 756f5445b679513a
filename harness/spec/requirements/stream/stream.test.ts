import { egress, fault, fleet, log, onvif, outage, provisioned, session } from '../../fixtures/observation-fixtures.ts';
import { runCases } from '../../fixtures/run-cases.ts';
import { egressLatency } from './egress-latency.ts';
import { keepsSessionsAlive } from './keeps-sessions-alive.ts';
import { noStreamMixups } from './no-stream-mixups.ts';
import { onvifMediaStreaming } from './onvif-media-streaming.ts';
import { pullsAllCameras } from './pulls-all-cameras.ts';
import { receivesFramesSent } from './receives-frames-sent.ts';

const cams = ['cam-1', 'cam-2', 'cam-3'];

runCases(pullsAllCameras, [
  { name: 'all pulled within the bound', observations: log(cams.map((c) => provisioned(c, 0)), cams.flatMap((c) => session({ camera: c, fromS: 3 }))), verdict: 'PASS' },
  { name: 'one camera never pulled', observations: log(cams.map((c) => provisioned(c, 0)), session({ camera: 'cam-1', fromS: 3 })), verdict: 'FAIL', message: '2 of 3' },
  { name: 'pulled too late', observations: log(provisioned('cam-1', 0), session({ camera: 'cam-1', fromS: 25 })), verdict: 'FAIL' },
  { name: 'pulled the sub stream instead of main', observations: log(provisioned('cam-1', 0), session({ camera: 'cam-1', fromS: 2, profile: 'sub' })), verdict: 'FAIL' },
  { name: 'without provisioning records every camera is due from the start', observations: log(cams.flatMap((c) => session({ camera: c, fromS: 3 }))), verdict: 'PASS' },
  { name: 'a camera in an outage at provisioning is not judged', observations: log(provisioned('cam-1', 0), outage('o', 'power', ['cam-1'], 0, 60)), verdict: 'NOT EXERCISED' },
]);

runCases(keepsSessionsAlive, [
  { name: 'a long session without timeout', observations: log(session({ camera: 'cam-1', fromS: 0, toS: 200 })), verdict: 'PASS' },
  { name: 'a session timed out by the camera', observations: log(session({ camera: 'cam-1', fromS: 0, toS: 60, reason: 'timeout' })), verdict: 'FAIL' },
  { name: 'a timeout during a network outage is the outage\'s', observations: log(session({ camera: 'cam-1', fromS: 0, toS: 130, reason: 'timeout' }), outage('n', 'network', ['cam-1'], 60, 140)), verdict: 'PASS' },
  { name: 'short sessions never needed a keep-alive', observations: log(session({ camera: 'cam-1', fromS: 0, toS: 30 })), verdict: 'NOT EXERCISED' },
]);

runCases(receivesFramesSent, [
  { name: 'egress matches what was sent', observations: log(session({ camera: 'cam-1', fromS: 0 }), egress('cam-1', 10, 100, 25, 400)), verdict: 'PASS' },
  { name: 'half the frames lost in the hub', observations: log(session({ camera: 'cam-1', fromS: 0 }), egress('cam-1', 10, 100, 12, 400)), verdict: 'FAIL', message: 'fewer than' },
  { name: 'egress of another hub user is not counted as sent to this hub', observations: log(session({ camera: 'cam-1', fromS: 0, user: 'other' }), egress('cam-1', 10, 100, 25, 400)), verdict: 'NOT EXERCISED' },
]);

runCases(egressLatency, [
  { name: 'low latency', observations: log(egress('cam-1', 10, 100, 25, 400)), verdict: 'PASS' },
  { name: 'high latency', observations: log(egress('cam-1', 10, 100, 25, 3500)), verdict: 'FAIL', message: 'p95' },
  { name: 'latency inside a fault is not judged', observations: log(fault('b', 'bandwidth', ['cam-1'], 0, 200), egress('cam-1', 10, 100, 25, 3500)), verdict: 'NOT EXERCISED' },
]);

runCases(noStreamMixups, [
  { name: 'every frame from its own camera', observations: log(egress('cam-1', 10, 20, 25, 400)), verdict: 'PASS' },
  { name: 'frames of another camera', observations: log(egress('cam-1', 10, 20, 25, 400, 'hub', 3)), verdict: 'FAIL' },
  { name: 'no egress', observations: [], verdict: 'NOT EXERCISED' },
]);

const onvifWay = (c: string, at: number) => [onvif(c, at, 'GetProfiles', 'digest', 200, 'hub', 'media'), onvif(c, at + 0.5, 'GetStreamUri', 'digest', 200, 'hub', 'media'), ...session({ camera: c, fromS: at + 1 })];

runCases(onvifMediaStreaming, [
  { name: 'profiles, URI, play on three personalities', observations: log(cams.flatMap((c, i) => onvifWay(c, i * 2))), verdict: 'PASS' },
  { name: 'got a URI and never played it', observations: log(cams.flatMap((c, i) => onvifWay(c, i * 2)), onvif('cam-1', 50, 'GetStreamUri', 'digest', 200, 'hub2', 'media'), onvif('cam-1', 49, 'GetProfiles', 'digest', 200, 'hub2', 'media')), run: fleet(undefined, ['hub', 'hub2']), verdict: 'FAIL', message: 'not streamed the ONVIF way' },
  { name: 'provisioned by URL only', observations: log(session({ camera: 'cam-1', fromS: 0 })), verdict: 'NOT EXERCISED' },
  { name: 'one personality only', observations: log(onvifWay('cam-1', 0)), verdict: 'NOT EXERCISED', message: '3 needed' },
]);
