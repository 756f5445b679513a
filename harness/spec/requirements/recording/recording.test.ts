import type { HubRecordingObservation, Observation } from '../../../../simulators/observations/observation.ts';
import { fault, log, outage, provisioned, s } from '../../fixtures/observation-fixtures.ts';
import { runCases } from '../../fixtures/run-cases.ts';
import { gapsOnlyInOutages } from './gaps-only-in-outages.ts';
import { keepsOneTimeline } from './keeps-one-timeline.ts';

const rec = (camera: string, fromS: number, toS: number): HubRecordingObservation => ({ kind: 'hub.recording', atMs: s(toS), hub: 'hub', camera, startMs: s(fromS), endMs: s(toS) });

runCases(gapsOnlyInOutages, [
  { name: 'continuous recording', observations: log(provisioned('cam-1', 0), rec('cam-1', 2, 150), rec('cam-1', 150, 300)), verdict: 'PASS' },
  { name: 'gap explained by an outage', observations: log(provisioned('cam-1', 0), outage('o', 'power', ['cam-1'], 60, 120), rec('cam-1', 2, 60), rec('cam-1', 130, 300)), verdict: 'PASS' },
  { name: 'unexplained gap', observations: log(provisioned('cam-1', 0), rec('cam-1', 2, 60), rec('cam-1', 130, 300)), verdict: 'FAIL', message: 'unexplained' },
  { name: 'recording stops for good', observations: log(provisioned('cam-1', 0), rec('cam-1', 2, 60)), verdict: 'FAIL' },
  { name: 'nothing recorded', observations: log(provisioned('cam-1', 0)), verdict: 'FAIL' },
  { name: 'no camera assigned long enough', observations: log(provisioned('cam-1', 290)), verdict: 'NOT EXERCISED' },
]);

/** A recording from `fromS` to `toS` whose timeline samples, one a second, sit at `position(second)` seconds. */
const timed = (camera: string, fromS: number, toS: number, position: (sec: number) => number): Observation => ({
  ...rec(camera, fromS, toS),
  timeline: Array.from({ length: toS - fromS + 1 }, (_, i) => ({ atMs: s(fromS + i), mediaMs: position(fromS + i) * 1000 - position(fromS) * 1000 })),
});
const jump = fault('j', 'quirk', ['cam-1'], 30, undefined, { quirk: 'rtp-discontinuity', jump: -3_600_000 });

runCases(keepsOneTimeline, [
  { name: 'a timeline that keeps pace with the clock across the jump', observations: log(jump, timed('cam-1', 10, 60, (t) => t)), verdict: 'PASS', message: '1 recording' },
  { name: 'a timeline that steps back an hour fails', observations: log(jump, timed('cam-1', 10, 60, (t) => (t < 31 ? t : t - 3600))), verdict: 'FAIL', message: 'lost their timeline' },
  { name: 'a timeline that leaps twelve hours ahead fails', observations: log(jump, timed('cam-1', 10, 60, (t) => (t < 31 ? t : t + 44_122))), verdict: 'FAIL' },
  { name: 'a timeline stuck at one instant fails', observations: log(jump, timed('cam-1', 10, 60, (t) => Math.min(t, 31))), verdict: 'FAIL' },
  { name: 'a step of 3 s fails under a tightened bound', observations: log(jump, timed('cam-1', 10, 60, (t) => (t < 31 ? t : t + 3))), params: { maxDriftMs: 2_000 }, verdict: 'FAIL' },
  { name: 'a recording before the jump is not judged', observations: log(jump, timed('cam-1', 10, 28, (t) => t - 3600 * Number(t > 20))), verdict: 'NOT EXERCISED' },
  { name: 'another camera’s recording is not judged', observations: log(jump, timed('cam-2', 10, 60, (t) => (t < 31 ? t : t - 3600))), verdict: 'NOT EXERCISED' },
  { name: 'recordings without a timeline are not exercised', observations: log(jump, rec('cam-1', 10, 60)), verdict: 'NOT EXERCISED', message: 'no timeline' },
  { name: 'no timestamp jump is not exercised', observations: log(timed('cam-1', 10, 60, (t) => (t < 31 ? t : t - 3600))), verdict: 'NOT EXERCISED', message: 'no camera' },
]);
