import { describe, expect, it } from 'vitest';
import {
  alarm,
  cameraState,
  connections,
  ctx,
  fault,
  fleet,
  log,
  outage,
  provisioned,
  session,
} from '../../fixtures/observation-fixtures.ts';
import { runCases } from '../../fixtures/run-cases.ts';
import type { Requirement } from '../../requirement.ts';
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
const powerCut = () => [
  session({ camera: 'cam-1', fromS: 0, toS: 60, reason: 'camera-down' }),
  outage('o1', 'power', ['cam-1'], 60, 120),
  cameraState('cam-1', 60, 'down'),
  cameraState('cam-1', 120, 'booting'),
  cameraState('cam-1', 125, 'up'),
];
/** cam-1's stream freezes 60..120 s with its socket open. */
const freeze = () => [outage('o2', 'stream-freeze', ['cam-1'], 60, 120)];
/** cam-1's encoder hangs 60..120 s: RTP and frames flow, every picture repeats (the timed quirk). */
const frozenPicture = () => fault('q1', 'quirk', ['cam-1'], 60, 120, { quirk: 'frozen-picture' });
/** cam-1 answers 60..120 s with an audio-only stream: sessions play, packets flow, no picture (the timed quirk). */
const audioOnly = () => fault('q2', 'quirk', ['cam-1'], 60, 120, { quirk: 'audio-only-after-reconnect' });
/** A hub that raises and clears the camera's alarm every few seconds from `fromS` to `toS`. */
const pulses = (camera: string, fromS: number, toS: number, everyS = 4) => {
  const out = [];
  for (let t = fromS; t + 1 < toS; t += everyS) out.push(alarm(camera, t, 'raised'), alarm(camera, t + 1, 'cleared'));
  return out;
};

runCases(offlineAlarm, [
  { name: 'alarm 5 s into a power cut', observations: log(powerCut(), alarm('cam-1', 65, 'raised')), verdict: 'PASS' },
  { name: 'no alarm for a power cut', observations: log(powerCut()), verdict: 'FAIL', message: 'no offline alarm' },
  { name: 'alarm too late', observations: log(powerCut(), alarm('cam-1', 100, 'raised')), verdict: 'FAIL' },
  {
    name: 'raised 5 s in and cleared once the camera is back',
    observations: log(
      powerCut(),
      alarm('cam-1', 65, 'raised'),
      session({ camera: 'cam-1', fromS: 128 }),
      alarm('cam-1', 130, 'cleared'),
    ),
    verdict: 'PASS',
  },
  {
    name: "the hub's own name of a video-loss kind counts",
    observations: log(powerCut(), alarm('cam-1', 65, 'raised', 'hub', 'VideoLost', 'video-loss')),
    verdict: 'PASS',
  },
  {
    name: "a name is not a kind: 'offline' mapped to tamper is no offline alarm",
    observations: log(powerCut(), alarm('cam-1', 65, 'raised', 'hub', 'offline', 'tamper')),
    verdict: 'FAIL',
    message: 'no offline alarm',
  },
  {
    name: 'an alarm already up before the fault, with no fault behind it',
    observations: log(alarm('cam-1', 10, 'raised'), powerCut()),
    verdict: 'FAIL',
    message: 'no offline alarm',
  },
  {
    name: 'an alarm carried over from an earlier fault on the camera',
    observations: log(outage('f0', 'stream-freeze', ['cam-1'], 20, 58), alarm('cam-1', 30, 'raised'), powerCut()),
    verdict: 'PASS',
  },
  {
    name: 'cleared while the camera is still out',
    observations: log(powerCut(), alarm('cam-1', 65, 'raised'), alarm('cam-1', 80, 'cleared')),
    verdict: 'FAIL',
    message: 'cleared while the camera was still out',
  },
  {
    name: 'pulsing alarms through the outage',
    observations: log(powerCut(), pulses('cam-1', 61, 125)),
    verdict: 'FAIL',
    message: 'cleared while the camera was still out',
  },
  {
    name: 'a frozen stream is RES-02, not RES-01',
    observations: log(session({ camera: 'cam-1', fromS: 0 }), freeze()),
    verdict: 'NOT EXERCISED',
  },
  {
    name: 'an outage shorter than the bound needs no alarm',
    observations: log(outage('o3', 'power', ['cam-1'], 60, 70)),
    verdict: 'NOT EXERCISED',
  },
]);

runCases(frozenStreamAlarm, [
  {
    name: 'alarm for a frozen stream',
    observations: log(session({ camera: 'cam-1', fromS: 0 }), freeze(), alarm('cam-1', 75, 'raised')),
    verdict: 'PASS',
  },
  {
    name: 'frozen stream unnoticed (node-media-server)',
    observations: log(session({ camera: 'cam-1', fromS: 0 }), freeze()),
    verdict: 'FAIL',
  },
  {
    name: 'raised then cleared while the stream is still frozen',
    observations: log(
      session({ camera: 'cam-1', fromS: 0 }),
      freeze(),
      alarm('cam-1', 75, 'raised'),
      alarm('cam-1', 90, 'cleared'),
    ),
    verdict: 'FAIL',
  },
  {
    name: 'pulsing alarms through the freeze',
    observations: log(session({ camera: 'cam-1', fromS: 0 }), freeze(), pulses('cam-1', 61, 120)),
    verdict: 'FAIL',
  },
  { name: 'no freeze injected', observations: log(powerCut()), verdict: 'NOT EXERCISED' },
  {
    name: 'video-loss alarm for a frozen picture (frames flow, every picture the same)',
    observations: log(
      session({ camera: 'cam-1', fromS: 0 }),
      frozenPicture(),
      alarm('cam-1', 68, 'raised', 'hub', 'VideoLoss', 'video-loss'),
      alarm('cam-1', 122, 'cleared', 'hub', 'VideoLoss', 'video-loss'),
    ),
    verdict: 'PASS',
  },
  {
    name: 'a frozen picture unnoticed (frames keep flowing)',
    observations: log(session({ camera: 'cam-1', fromS: 0 }), frozenPicture()),
    verdict: 'FAIL',
    message: 'picture freeze',
  },
  {
    name: 'offline alarm for a stream back with audio alone, held until video can return',
    observations: log(
      session({ camera: 'cam-1', fromS: 0, toS: 62, reason: 'client-closed' }),
      session({ camera: 'cam-1', fromS: 63 }),
      audioOnly(),
      alarm('cam-1', 75, 'raised'),
      alarm('cam-1', 124, 'cleared'),
    ),
    verdict: 'PASS',
  },
  {
    name: 'a "connected" audio-only session taken for a healthy camera',
    observations: log(
      session({ camera: 'cam-1', fromS: 0, toS: 62, reason: 'client-closed' }),
      session({ camera: 'cam-1', fromS: 63 }),
      audioOnly(),
    ),
    verdict: 'FAIL',
    message: 'no offline alarm',
  },
  {
    name: 'an alarm for the audio-only stream raised too late',
    observations: log(session({ camera: 'cam-1', fromS: 0 }), audioOnly(), alarm('cam-1', 100, 'raised')),
    verdict: 'FAIL',
    message: 'no offline alarm raised within 30.0 s',
  },
  {
    name: 'another timed quirk is no freeze',
    observations: log(
      session({ camera: 'cam-1', fromS: 0 }),
      fault('q', 'quirk', ['cam-1'], 60, 120, { quirk: 'no-rtcp-sender-reports' }),
    ),
    verdict: 'NOT EXERCISED',
  },
]);

runCases(reconnectsAfterOutage, [
  {
    name: 'plays again 3 s after the camera is up',
    observations: log(powerCut(), session({ camera: 'cam-1', fromS: 128 })),
    verdict: 'PASS',
  },
  { name: 'never reconnects', observations: log(powerCut()), verdict: 'FAIL', message: 'not re-established' },
  {
    name: 'reconnects after 60 s',
    observations: log(powerCut(), session({ camera: 'cam-1', fromS: 185 })),
    verdict: 'FAIL',
  },
  {
    name: 'a session that rode out a freeze and takes frames again',
    observations: log(session({ camera: 'cam-1', fromS: 0, stalls: [[60, 120]] }), freeze()),
    verdict: 'PASS',
  },
  {
    name: 'a wedged hub: the session stays open through the freeze but never reads again',
    observations: log(session({ camera: 'cam-1', fromS: 0, stalls: [[60, 120]], wedged: [[120, 600]] }), freeze()),
    verdict: 'FAIL',
    message: 'not re-established',
  },
  {
    name: "the camera times out the hub's session during the freeze and the hub never opens another (node-media-server's relay)",
    observations: log(
      session({ camera: 'cam-1', fromS: 0, toS: 100, reason: 'timeout', stalls: [[60, 100]] }),
      freeze(),
    ),
    verdict: 'FAIL',
    message: "the camera timed out the hub's session",
  },
  {
    name: 'timed out during the freeze, a new session takes frames once the camera serves again',
    observations: log(
      session({ camera: 'cam-1', fromS: 0, toS: 100, reason: 'timeout', stalls: [[60, 100]] }),
      session({ camera: 'cam-1', fromS: 123 }),
      freeze(),
    ),
    verdict: 'PASS',
  },
  {
    name: 'pulls once after the outage, then tears down',
    observations: log(powerCut(), session({ camera: 'cam-1', fromS: 128, toS: 131 })),
    verdict: 'FAIL',
  },
  {
    name: 'a PLAY during the freeze that never delivers',
    observations: log(
      session({ camera: 'cam-1', fromS: 0, toS: 62, reason: 'client-closed' }),
      session({ camera: 'cam-1', fromS: 70, toS: 200, stalls: [[70, 200]] }),
      freeze(),
    ),
    verdict: 'FAIL',
  },
  {
    name: 'a PLAY during the freeze whose frames flow once the camera serves again',
    observations: log(
      session({ camera: 'cam-1', fromS: 0, toS: 62, reason: 'client-closed' }),
      session({ camera: 'cam-1', fromS: 70, stalls: [[70, 120]] }),
      freeze(),
    ),
    verdict: 'PASS',
  },
  {
    name: 'a camera nobody streamed is not judged',
    observations: log(outage('o1', 'power', ['cam-1'], 60, 120)),
    verdict: 'NOT EXERCISED',
  },
]);

runCases(clearsAlarm, [
  {
    name: 'cleared 2 s after the stream is back',
    observations: log(
      powerCut(),
      alarm('cam-1', 65, 'raised'),
      session({ camera: 'cam-1', fromS: 128 }),
      alarm('cam-1', 130, 'cleared'),
    ),
    verdict: 'PASS',
  },
  {
    name: 'never cleared',
    observations: log(powerCut(), alarm('cam-1', 65, 'raised'), session({ camera: 'cam-1', fromS: 128 })),
    verdict: 'FAIL',
  },
  {
    name: 'no alarm raised',
    observations: log(powerCut(), session({ camera: 'cam-1', fromS: 128 })),
    verdict: 'NOT EXERCISED',
  },
  {
    name: 'cleared before the stream is back is not 0 ms',
    observations: log(
      powerCut(),
      alarm('cam-1', 65, 'raised'),
      alarm('cam-1', 126, 'cleared'),
      session({ camera: 'cam-1', fromS: 128 }),
    ),
    verdict: 'FAIL',
    message: 'before the stream was back',
  },
  {
    name: 'cleared while the camera is still out',
    observations: log(
      powerCut(),
      alarm('cam-1', 65, 'raised'),
      alarm('cam-1', 80, 'cleared'),
      session({ camera: 'cam-1', fromS: 128 }),
    ),
    verdict: 'FAIL',
    message: 'before the stream was back',
  },
  {
    name: 'cleared although the hub never takes frames again',
    observations: log(powerCut(), alarm('cam-1', 65, 'raised'), alarm('cam-1', 130, 'cleared')),
    verdict: 'FAIL',
  },
  {
    name: 'cleared after a wedged session reopened without frames',
    observations: log(
      powerCut(),
      alarm('cam-1', 65, 'raised'),
      session({ camera: 'cam-1', fromS: 128, wedged: [[128, 600]] }),
      alarm('cam-1', 130, 'cleared'),
    ),
    verdict: 'FAIL',
  },
]);

runCases(boundedReconnectRate, [
  {
    name: 'backs off to one attempt in 4 s',
    observations: log(outage('n', 'network', ['cam-1'], 60, 120), connections('cam-1', 60, 120, 4000)),
    verdict: 'PASS',
  },
  {
    name: 'tight loop of 10 attempts a second',
    observations: log(outage('n', 'network', ['cam-1'], 60, 120), connections('cam-1', 60, 120, 100)),
    verdict: 'FAIL',
    message: 'attempts/s',
  },
  {
    name: 'a power outage during which the camera recorded no attempt',
    observations: log(powerCut(), connections('cam-1', 125, 130, 100)),
    verdict: 'NOT EXERCISED',
    message: 'recorded attempts',
  },
  {
    name: 'a camera that records attempts while powered off is judged',
    observations: log(powerCut(), connections('cam-1', 60, 120, 100)),
    verdict: 'FAIL',
  },
  {
    name: 'no outage long enough',
    observations: log(outage('o', 'network', ['cam-1'], 60, 65)),
    verdict: 'NOT EXERCISED',
  },
]);

const site = ['cam-1', 'cam-2', 'cam-3', 'cam-4'];
runCases(noReconnectStorm, [
  {
    name: 'calm restore',
    observations: log(
      outage('m', 'network', site, 60, 120),
      site.flatMap((c) => connections(c, 120, 140, 5000)),
    ),
    verdict: 'PASS',
  },
  {
    name: 'storm after restore',
    observations: log(
      outage('m', 'network', site, 60, 120),
      site.flatMap((c) => connections(c, 120, 140, 200)),
    ),
    verdict: 'FAIL',
    message: 'storm',
  },
  {
    name: 'a short burst is a storm however long the watch',
    observations: log(
      outage('m', 'network', site, 60, 120),
      site.flatMap((c) => connections(c, 120, 125, 250)),
    ),
    params: { stormWindowMs: 120_000 },
    verdict: 'FAIL',
  },
  {
    name: 'a restore near the end of the run is watched for what is left',
    observations: log(
      outage('m', 'network', site, 60, 285),
      site.flatMap((c) => connections(c, 285, 298, 200)),
    ),
    verdict: 'FAIL',
  },
  {
    name: 'a silent power restore is not judged',
    observations: log(
      outage('m', 'power', site, 60, 120),
      site.flatMap((c) => connections(c, 125, 140, 5000)),
    ),
    verdict: 'NOT EXERCISED',
  },
  {
    name: 'a single camera is not a mass restore',
    observations: log(outage('m', 'network', ['cam-1'], 60, 120)),
    verdict: 'NOT EXERCISED',
  },
]);

const reboot = () => [
  session({ camera: 'cam-2', fromS: 0, toS: 50, reason: 'camera-down' }),
  fault('r1', 'reboot', ['cam-2'], 50, 51),
  cameraState('cam-2', 50, 'down'),
  cameraState('cam-2', 50, 'booting'),
  cameraState('cam-2', 58, 'up'),
];
runCases(survivesReboot, [
  {
    name: 'streams after the reboot',
    observations: log(reboot(), session({ camera: 'cam-2', fromS: 60 })),
    verdict: 'PASS',
  },
  { name: 'lost after the reboot', observations: log(reboot()), verdict: 'FAIL' },
  { name: 'no reboot', observations: log(session({ camera: 'cam-2', fromS: 0 })), verdict: 'NOT EXERCISED' },
  {
    // A fleet in worker threads: the camera went down (and its session closed) before the fault's 'applied' was recorded.
    name: 'streams after a reboot recorded after the camera went down',
    observations: log(
      session({ camera: 'cam-2', fromS: 0, toS: 50, reason: 'camera-down' }),
      fault('r2', 'reboot', ['cam-2'], 50.4, 50.5),
      cameraState('cam-2', 50, 'down'),
      cameraState('cam-2', 50, 'booting'),
      cameraState('cam-2', 58, 'up'),
      session({ camera: 'cam-2', fromS: 60 }),
    ),
    verdict: 'PASS',
  },
]);

const readdress = () => [
  session({ camera: 'cam-3', fromS: 0, toS: 80, reason: 'camera-down' }),
  fault('u1', 'readdress', ['cam-3'], 80, undefined, { address: '127.20.9.9' }),
];
runCases(followsChangedUri, [
  {
    name: 'finds the new address',
    observations: log(readdress(), session({ camera: 'cam-3', fromS: 95 })),
    verdict: 'PASS',
  },
  { name: 'keeps retrying the old URI', observations: log(readdress()), verdict: 'FAIL' },
  { name: 'nothing changed', observations: log(session({ camera: 'cam-3', fromS: 0 })), verdict: 'NOT EXERCISED' },
]);

const cams = ['cam-1', 'cam-2', 'cam-3'];
runCases(noFalseOfflineAlarms, [
  { name: 'alarm only during an outage', observations: log(powerCut(), alarm('cam-1', 65, 'raised')), verdict: 'PASS' },
  {
    name: 'alarm with no fault',
    observations: log(session({ camera: 'cam-1', fromS: 0 }), alarm('cam-1', 30, 'raised')),
    verdict: 'FAIL',
  },
  {
    name: 'alarm for a frozen picture is no false alarm',
    observations: log(
      session({ camera: 'cam-1', fromS: 0 }),
      frozenPicture(),
      alarm('cam-1', 66, 'raised'),
      alarm('cam-1', 121, 'cleared'),
    ),
    verdict: 'PASS',
  },
  {
    name: "a hub that pulses every camera's offline alarm every few seconds",
    observations: log(
      cams.map((c) => provisioned(c, 0)),
      cams.map((c) => pulses(c, 10, 290, 5)),
    ),
    verdict: 'FAIL',
    message: 'on cameras that were serving',
  },
  {
    name: 'pulses on healthy cameras while another is out',
    observations: log(powerCut(), alarm('cam-1', 65, 'raised'), pulses('cam-2', 60, 120, 5)),
    verdict: 'FAIL',
  },
  {
    name: 'one false alarm within a procurement allowance of one',
    observations: log(session({ camera: 'cam-1', fromS: 0 }), alarm('cam-1', 30, 'raised')),
    params: { maxFalseAlarms: 1 },
    verdict: 'PASS',
  },
  {
    name: 'a tamper alarm is not an offline alarm',
    observations: log(alarm('cam-1', 30, 'raised', 'hub', 'TamperDetected', 'tamper')),
    verdict: 'PASS',
  },
  {
    name: 'an alarm raised well after the camera was back',
    observations: log(powerCut(), alarm('cam-1', 200, 'raised')),
    verdict: 'FAIL',
  },
  {
    name: 'no fault and no alarm: watched, none false',
    observations: log(session({ camera: 'cam-1', fromS: 0 })),
    verdict: 'PASS',
  },
  { name: 'no camera to watch', observations: [], run: fleet([]), verdict: 'NOT EXERCISED' },
]);

describe("HUB-RES-03 names the camera's session timeout as why a stream never came back", () => {
  const res03: Requirement = reconnectsAfterOutage;
  it('says when the camera ended the silent session and that the hub opened no other', () => {
    const lapsed = log(
      session({ camera: 'cam-1', fromS: 0, toS: 100, reason: 'timeout', stalls: [[60, 100]] }),
      freeze(),
    );
    const open = lapsed.find((o) => o.kind === 'rtsp.session.open');
    if (open?.kind === 'rtsp.session.open') open.timeoutMs = 40_000;
    const outcome = res03.check(ctx(res03, lapsed));
    expect(outcome.evidence.map((e) => e.text)).toEqual([
      "never took frames again after the outage (camera back 180.0 s before the run ended); the camera had ended the hub's session 40.0 s into the outage, having had no RTSP request or RTCP report from it for its 40.0 s session timeout, and the hub opened no new session",
    ]);
  });

  it('says nothing of a timeout when the session was not timed out', () => {
    const outcome = res03.check(ctx(res03, log(powerCut())));
    expect(outcome.verdict).toBe('FAIL');
    expect(outcome.message).not.toContain('timed out');
    expect(outcome.evidence.map((e) => e.text).join('\n')).not.toContain('session timeout');
  });
});
