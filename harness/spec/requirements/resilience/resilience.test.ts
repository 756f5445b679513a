import { alarm, cameraState, connections, fault, log, outage, session } from '../../fixtures/observation-fixtures.ts';
import { runCases } from '../../fixtures/run-cases.ts';
import { boundedReconnectRate } from './bounded-reconnect-rate.ts';
import { clearsAlarm } from './clears-alarm.ts';
import { followsChangedUri } from './follows-changed-uri.ts';
import { frozenStreamAlarm } from './frozen-stream-alarm.ts';
import { noFalseOfflineAlarms } from './no-false-offline-alarms.ts';
import { noReconnectStorm } from './no-reconnect-storm.ts';
import { offlineAlarm } from './offline-alarm.ts';
import { reconnectsAfterOutage } from './reconnects-after-outage.ts';
import { survivesReboot } from './survives-reboot.ts';

/** cam-1 loses power 60..120 s, boots, is up at 125 s. */
const powerCut = () => [session({ camera: 'cam-1', fromS: 0, toS: 60, reason: 'camera-down' }), outage('o1', 'power', ['cam-1'], 60, 120), cameraState('cam-1', 60, 'down'), cameraState('cam-1', 120, 'booting'), cameraState('cam-1', 125, 'up')];
/** cam-1's stream freezes 60..120 s with its socket open. */
const freeze = () => [outage('o2', 'stream-freeze', ['cam-1'], 60, 120)];

runCases(offlineAlarm, [
  { name: 'alarm 5 s into a power cut', observations: log(powerCut(), alarm('cam-1', 65, 'raised')), verdict: 'PASS' },
  { name: 'no alarm for a power cut', observations: log(powerCut()), verdict: 'FAIL', message: 'no offline alarm' },
  { name: 'alarm too late', observations: log(powerCut(), alarm('cam-1', 100, 'raised')), verdict: 'FAIL' },
  { name: 'a synonym is still the offline alarm', observations: log(powerCut(), alarm('cam-1', 65, 'raised', 'hub', 'video-loss')), verdict: 'PASS' },
  { name: 'a frozen stream is RES-02, not RES-01', observations: log(session({ camera: 'cam-1', fromS: 0 }), freeze()), verdict: 'NOT EXERCISED' },
  { name: 'an outage shorter than the bound needs no alarm', observations: log(outage('o3', 'power', ['cam-1'], 60, 70)), verdict: 'NOT EXERCISED' },
]);

runCases(frozenStreamAlarm, [
  { name: 'alarm for a frozen stream', observations: log(session({ camera: 'cam-1', fromS: 0 }), freeze(), alarm('cam-1', 75, 'raised')), verdict: 'PASS' },
  { name: 'frozen stream unnoticed (node-media-server)', observations: log(session({ camera: 'cam-1', fromS: 0 }), freeze()), verdict: 'FAIL' },
  { name: 'no freeze injected', observations: log(powerCut()), verdict: 'NOT EXERCISED' },
]);

runCases(reconnectsAfterOutage, [
  { name: 'plays again 3 s after the camera is up', observations: log(powerCut(), session({ camera: 'cam-1', fromS: 128 })), verdict: 'PASS' },
  { name: 'never reconnects', observations: log(powerCut()), verdict: 'FAIL', message: 'not re-established' },
  { name: 'reconnects after 60 s', observations: log(powerCut(), session({ camera: 'cam-1', fromS: 185 })), verdict: 'FAIL' },
  { name: 'a session that rode out a freeze counts as re-established', observations: log(session({ camera: 'cam-1', fromS: 0 }), freeze()), verdict: 'PASS' },
  { name: 'a camera nobody streamed is not judged', observations: log(outage('o1', 'power', ['cam-1'], 60, 120)), verdict: 'NOT EXERCISED' },
]);

runCases(clearsAlarm, [
  { name: 'cleared 2 s after the stream is back', observations: log(powerCut(), alarm('cam-1', 65, 'raised'), session({ camera: 'cam-1', fromS: 128 }), alarm('cam-1', 130, 'cleared')), verdict: 'PASS' },
  { name: 'never cleared', observations: log(powerCut(), alarm('cam-1', 65, 'raised'), session({ camera: 'cam-1', fromS: 128 })), verdict: 'FAIL' },
  { name: 'no alarm raised', observations: log(powerCut(), session({ camera: 'cam-1', fromS: 128 })), verdict: 'NOT EXERCISED' },
]);

runCases(boundedReconnectRate, [
  { name: 'backs off to one attempt in 4 s', observations: log(outage('n', 'network', ['cam-1'], 60, 120), connections('cam-1', 60, 120, 4000)), verdict: 'PASS' },
  { name: 'tight loop of 10 attempts a second', observations: log(outage('n', 'network', ['cam-1'], 60, 120), connections('cam-1', 60, 120, 100)), verdict: 'FAIL', message: 'attempts/s' },
  { name: 'a power outage hides the attempts', observations: log(powerCut(), connections('cam-1', 125, 130, 100)), verdict: 'NOT EXERCISED', message: 'no listener' },
  { name: 'a camera that records attempts while powered off is judged', observations: log(powerCut(), connections('cam-1', 60, 120, 100)), verdict: 'FAIL' },
  { name: 'no outage long enough', observations: log(outage('o', 'network', ['cam-1'], 60, 65)), verdict: 'NOT EXERCISED' },
]);

const site = ['cam-1', 'cam-2', 'cam-3', 'cam-4'];
runCases(noReconnectStorm, [
  { name: 'calm restore', observations: log(outage('m', 'network', site, 60, 120), site.flatMap((c) => connections(c, 120, 140, 5000))), verdict: 'PASS' },
  { name: 'storm after restore', observations: log(outage('m', 'network', site, 60, 120), site.flatMap((c) => connections(c, 120, 140, 200))), verdict: 'FAIL', message: 'storm' },
  { name: 'a silent power restore is not judged', observations: log(outage('m', 'power', site, 60, 120), site.flatMap((c) => connections(c, 125, 140, 5000))), verdict: 'NOT EXERCISED' },
  { name: 'a single camera is not a mass restore', observations: log(outage('m', 'network', ['cam-1'], 60, 120)), verdict: 'NOT EXERCISED' },
]);

const reboot = () => [session({ camera: 'cam-2', fromS: 0, toS: 50, reason: 'camera-down' }), fault('r1', 'reboot', ['cam-2'], 50, 51), cameraState('cam-2', 50, 'down'), cameraState('cam-2', 50, 'booting'), cameraState('cam-2', 58, 'up')];
runCases(survivesReboot, [
  { name: 'streams after the reboot', observations: log(reboot(), session({ camera: 'cam-2', fromS: 60 })), verdict: 'PASS' },
  { name: 'lost after the reboot', observations: log(reboot()), verdict: 'FAIL' },
  { name: 'no reboot', observations: log(session({ camera: 'cam-2', fromS: 0 })), verdict: 'NOT EXERCISED' },
  {
    // A fleet in worker threads: the camera went down (and its session closed) before the fault's 'applied' was recorded.
    name: 'streams after a reboot recorded after the camera went down',
    observations: log(session({ camera: 'cam-2', fromS: 0, toS: 50, reason: 'camera-down' }), fault('r2', 'reboot', ['cam-2'], 50.4, 50.5), cameraState('cam-2', 50, 'down'), cameraState('cam-2', 50, 'booting'), cameraState('cam-2', 58, 'up'), session({ camera: 'cam-2', fromS: 60 })),
    verdict: 'PASS',
  },
]);

const readdress = () => [session({ camera: 'cam-3', fromS: 0, toS: 80, reason: 'camera-down' }), fault('u1', 'readdress', ['cam-3'], 80, undefined, { address: '127.20.9.9' })];
runCases(followsChangedUri, [
  { name: 'finds the new address', observations: log(readdress(), session({ camera: 'cam-3', fromS: 95 })), verdict: 'PASS' },
  { name: 'keeps retrying the old URI', observations: log(readdress()), verdict: 'FAIL' },
  { name: 'nothing changed', observations: log(session({ camera: 'cam-3', fromS: 0 })), verdict: 'NOT EXERCISED' },
]);

runCases(noFalseOfflineAlarms, [
  { name: 'alarm only during an outage', observations: log(powerCut(), alarm('cam-1', 65, 'raised')), verdict: 'PASS' },
  { name: 'alarm with no fault', observations: log(session({ camera: 'cam-1', fromS: 0 }), alarm('cam-1', 30, 'raised')), verdict: 'FAIL' },
  { name: 'no fault and no alarm', observations: log(session({ camera: 'cam-1', fromS: 0 })), verdict: 'NOT EXERCISED' },
]);
