import type { HubRecordingObservation, Observation } from '../../../../simulators/observations/observation.ts';
import {
  fault,
  fleet,
  held,
  kept,
  log,
  onvif,
  outage,
  provisioned,
  recordingControl,
  released,
  s,
} from '../../fixtures/observation-fixtures.ts';
import { runCases } from '../../fixtures/run-cases.ts';
import { backfillsMissedInterval } from './backfills-missed-interval.ts';
import { gapsOnlyInOutages } from './gaps-only-in-outages.ts';
import { keepsEdgeRecordings } from './keeps-edge-recordings.ts';
import { keepsOneTimeline } from './keeps-one-timeline.ts';
import { recordingsCarryCaptureTime } from './recordings-carry-capture-time.ts';

const rec = (camera: string, fromS: number, toS: number): HubRecordingObservation => ({
  kind: 'hub.recording',
  atMs: s(toS),
  hub: 'hub',
  camera,
  startMs: s(fromS),
  endMs: s(toS),
});

/** A run long enough for backfill to be due (the default bound is 10 min after the link returns). */
const long = fleet(undefined, ['hub'], 1_000);
/** cam-1's site link is down from 100 s to 220 s; its edge storage and the site recorder kept everything. */
const linkLoss = (): Observation[] => [
  ...outage('link', 'network', ['cam-1'], 100, 220),
  kept('cam-1', 'cam-1', 221, [[0, 221]]),
  kept('nvr-1', 'cam-1', 990, [[0, 990]]),
];

runCases(gapsOnlyInOutages, [
  {
    name: 'continuous recording',
    observations: log(provisioned('cam-1', 0), rec('cam-1', 2, 150), rec('cam-1', 150, 300)),
    verdict: 'PASS',
  },
  {
    name: 'gap explained by an outage',
    observations: log(
      provisioned('cam-1', 0),
      outage('o', 'power', ['cam-1'], 60, 120),
      rec('cam-1', 2, 60),
      rec('cam-1', 130, 300),
    ),
    verdict: 'PASS',
  },
  {
    name: 'unexplained gap',
    observations: log(provisioned('cam-1', 0), rec('cam-1', 2, 60), rec('cam-1', 130, 300)),
    verdict: 'FAIL',
    message: 'unexplained',
  },
  {
    name: 'recording stops for good',
    observations: log(provisioned('cam-1', 0), rec('cam-1', 2, 60)),
    verdict: 'FAIL',
  },
  { name: 'nothing recorded', observations: log(provisioned('cam-1', 0)), verdict: 'FAIL' },
  { name: 'no camera assigned long enough', observations: log(provisioned('cam-1', 290)), verdict: 'NOT EXERCISED' },
  {
    name: 'a link outage whose interval the site kept, never filled: the hole is the hub’s',
    observations: log(provisioned('cam-1', 0), linkLoss(), rec('cam-1', 2, 100), rec('cam-1', 225, 1_000)),
    run: long,
    verdict: 'FAIL',
    message: 'unexplained',
  },
  {
    name: 'a link outage the hub backfilled',
    observations: log(
      provisioned('cam-1', 0),
      linkLoss(),
      rec('cam-1', 2, 100),
      rec('cam-1', 100, 220),
      rec('cam-1', 225, 1_000),
    ),
    run: long,
    verdict: 'PASS',
  },
  {
    name: 'a link outage the site kept only part of: the rest is excused',
    observations: log(
      provisioned('cam-1', 0),
      outage('link', 'network', ['cam-1'], 100, 220),
      kept('cam-1', 'cam-1', 990, [
        [0, 150],
        [215, 990],
      ]),
      rec('cam-1', 2, 100),
      rec('cam-1', 100, 150),
      rec('cam-1', 225, 1_000),
    ),
    run: long,
    verdict: 'PASS',
  },
  {
    name: 'kept, but the run ended before backfill was due: excused for now',
    observations: log(provisioned('cam-1', 0), linkLoss(), rec('cam-1', 2, 100), rec('cam-1', 225, 300)),
    verdict: 'PASS',
  },
  {
    name: 'what a recorder lost before the link returned is nobody’s to fill',
    observations: log(
      provisioned('cam-1', 0),
      outage('link', 'network', ['cam-1'], 100, 220),
      kept('cam-1', 'cam-1', 150, [[0, 150]]),
      kept('cam-1', 'cam-1', 990, [[200, 990]]),
      rec('cam-1', 2, 100),
      rec('cam-1', 200, 1_000),
    ),
    run: long,
    verdict: 'PASS',
  },
]);

/** The hub's live recording of cam-1 up to the link loss and after it, read at 230 s. */
const live = (recording = 'live') =>
  held(
    'cam-1',
    230,
    [
      { fromS: 2, toS: 100 },
      { fromS: 226, toS: 230 },
    ],
    recording,
  );
const backfill = (atS: number, fromS = 100, toS = 226, extra: { timeErrorMs?: [number, number] } = {}) =>
  held('cam-1', atS, [{ fromS, toS, replayed: true, ...extra }], 'backfill');

runCases(backfillsMissedInterval, [
  {
    name: 'fetched the whole missed interval a minute after the link returned',
    observations: log(provisioned('cam-1', 0), linkLoss(), live(), backfill(280)),
    run: long,
    verdict: 'PASS',
  },
  {
    name: 'never fetched it',
    observations: log(provisioned('cam-1', 0), linkLoss(), live()),
    run: long,
    verdict: 'FAIL',
    message: 'not backfilled',
  },
  {
    name: 'fetched it, but after the bound',
    observations: log(provisioned('cam-1', 0), linkLoss(), live(), backfill(900)),
    run: long,
    params: { backfillWithinMs: 300_000 },
    verdict: 'FAIL',
  },
  {
    name: 'fetched it with a hole of 5 s',
    observations: log(provisioned('cam-1', 0), linkLoss(), live(), backfill(280, 100, 150), backfill(281, 155, 226)),
    run: long,
    verdict: 'FAIL',
  },
  {
    name: 'fetched it in pieces that meet',
    observations: log(
      provisioned('cam-1', 0),
      linkLoss(),
      live(),
      held('cam-1', 280, [{ fromS: 100, toS: 150, replayed: true }], 'b1'),
      held('cam-1', 300, [{ fromS: 150.5, toS: 226, replayed: true }], 'b2'),
    ),
    run: long,
    verdict: 'PASS',
  },
  {
    name: 'fetched it, then dropped it: not credited',
    observations: log(provisioned('cam-1', 0), linkLoss(), live(), backfill(280), held('cam-1', 400, [], 'backfill')),
    run: long,
    verdict: 'FAIL',
  },
  {
    name: 'frames of another camera do not cover this one',
    observations: log(
      provisioned('cam-1', 0),
      provisioned('cam-2', 0),
      linkLoss(),
      live(),
      held('cam-2', 280, [{ fromS: 100, toS: 226, replayed: true }], 'backfill'),
    ),
    run: long,
    verdict: 'FAIL',
  },
  {
    name: 'the run ended before backfill was due',
    observations: log(provisioned('cam-1', 0), linkLoss(), live()),
    verdict: 'NOT EXERCISED',
    message: 'before backfill was due',
  },
  {
    name: 'filled before the run ended, though not yet due',
    observations: log(provisioned('cam-1', 0), linkLoss(), live(), backfill(250)),
    verdict: 'PASS',
  },
  {
    name: 'no recorder kept the interval (a power cut)',
    observations: log(provisioned('cam-1', 0), outage('cut', 'power', ['cam-1'], 100, 220), live()),
    run: long,
    verdict: 'NOT EXERCISED',
  },
  {
    name: 'a link outage with no recorder on site',
    observations: log(provisioned('cam-1', 0), outage('link', 'network', ['cam-1'], 100, 220), live()),
    run: long,
    verdict: 'NOT EXERCISED',
  },
  {
    name: 'the camera was released before the link returned',
    observations: log(provisioned('cam-1', 0), released('cam-1', 150), linkLoss(), live()),
    run: long,
    verdict: 'NOT EXERCISED',
  },
]);

/** cam-1's edge storage and the site recorder nvr-1 are in the run. */
const recorders = (): Observation[] => [
  kept('cam-1', 'cam-1', 290, [[0, 290]]),
  kept('nvr-1', 'cam-1', 290, [[0, 290]]),
];
/** A replay RTSP request to a recorder, as its RTSP server records it. */
const replayRequest = (recorder: string, atS: number, status = 200, user = 'hub'): Observation => ({
  kind: 'rtsp.request',
  atMs: s(atS),
  camera: recorder,
  client: '127.0.0.1:40001',
  method: 'PLAY',
  url: `rtsp://127.0.0.1:554/replay/${recorder}-cam-1`,
  status,
  user,
  auth: 'digest',
  session: 'r1',
});
/** A hub backfilling from `recorder`: a search, a replay URI, the replay itself. */
const backfillFrom = (recorder: string, atS: number, user = 'hub'): Observation[] => [
  onvif(recorder, atS, 'FindRecordings', 'digest', 200, user, 'search'),
  onvif(recorder, atS, 'GetReplayUri', 'digest', 200, user, 'replay'),
  replayRequest(recorder, atS + 1, 200, user),
];

runCases(keepsEdgeRecordings, [
  {
    name: 'backfilled from the site recorder, reconfigured a recording job, deleted nothing',
    observations: log(
      recorders(),
      backfillFrom('nvr-1', 230),
      recordingControl('nvr-1', 231, 'SetRecordingJobMode', 'change'),
      recordingControl('nvr-1', 232, 'DeleteRecordingJob', 'delete'),
    ),
    verdict: 'PASS',
  },
  {
    name: 'used a camera’s edge storage through a replay alone',
    observations: log(recorders(), replayRequest('cam-1', 240)),
    verdict: 'PASS',
  },
  {
    name: 'one hub used the recorders, the other never did: judged on the one',
    observations: log(recorders(), backfillFrom('cam-1', 240, 'hub-a')),
    run: fleet(undefined, ['hub-a', 'hub-b']),
    verdict: 'PASS',
    message: 'hub-b never used a recorder',
  },
  {
    name: 'never touched a recorder: nothing seen of what it does with recordings',
    observations: log(recorders()),
    verdict: 'NOT EXERCISED',
    message: 'no hub used',
  },
  {
    name: 'asked the recorders only for their device services (GetServices, GetCapabilities)',
    observations: log(
      recorders(),
      onvif('nvr-1', 10, 'GetServices', 'digest'),
      onvif('cam-1', 10, 'GetCapabilities', 'digest'),
    ),
    verdict: 'NOT EXERCISED',
  },
  {
    name: 'searches and replays the recorders refused used nothing',
    observations: log(
      recorders(),
      onvif('nvr-1', 230, 'FindRecordings', 'digest', 401, 'hub', 'search'),
      replayRequest('cam-1', 231, 401),
    ),
    verdict: 'NOT EXERCISED',
  },
  {
    name: 'searched a camera that has no recorder in the run',
    observations: log(recorders(), onvif('cam-2', 230, 'FindRecordings', 'digest', 200, 'hub', 'search')),
    verdict: 'NOT EXERCISED',
  },
  {
    name: 'another client used and deleted, not the hub',
    observations: log(
      recorders(),
      backfillFrom('nvr-1', 230, 'installer'),
      recordingControl('nvr-1', 240, 'DeleteRecording', 'delete', 'applied', 'installer'),
    ),
    verdict: 'NOT EXERCISED',
  },
  {
    name: 'deleted a recording on the site recorder',
    observations: log(recorders(), recordingControl('nvr-1', 240, 'DeleteRecording', 'delete')),
    verdict: 'FAIL',
    message: 'delete',
  },
  {
    name: 'asked a camera’s edge storage to delete a track, refused',
    observations: log(recorders(), recordingControl('cam-1', 240, 'DeleteTrack', 'delete', 'refused')),
    verdict: 'FAIL',
  },
  {
    name: 'backfilled, then deleted what it fetched from',
    observations: log(
      recorders(),
      backfillFrom('cam-1', 230),
      recordingControl('cam-1', 240, 'DeleteRecording', 'delete'),
    ),
    verdict: 'FAIL',
  },
  {
    name: 'another client’s deletion is not the hub’s',
    observations: log(
      recorders(),
      backfillFrom('nvr-1', 230),
      recordingControl('nvr-1', 240, 'DeleteRecording', 'delete', 'applied', 'installer'),
    ),
    verdict: 'PASS',
  },
  {
    name: 'two deletions allowed by a (looser) parameter',
    observations: log(
      recorders(),
      backfillFrom('nvr-1', 230),
      recordingControl('nvr-1', 240, 'DeleteRecording', 'delete'),
      recordingControl('nvr-1', 241, 'DeleteTrack', 'delete'),
    ),
    params: { maxDeletions: 2 },
    verdict: 'PASS',
  },
  { name: 'no recorder in the run', observations: log(provisioned('cam-1', 0)), verdict: 'NOT EXERCISED' },
]);

runCases(recordingsCarryCaptureTime, [
  {
    name: 'live and backfilled frames filed at their capture time',
    observations: log(
      held('cam-1', 300, [
        { fromS: 2, toS: 100, timeErrorMs: [40, 900] },
        { fromS: 100, toS: 226, replayed: true, timeErrorMs: [0, 0] },
      ]),
    ),
    verdict: 'PASS',
  },
  {
    name: 'backfilled frames filed under the time they were fetched',
    observations: log(
      held('cam-1', 300, [
        { fromS: 2, toS: 100, timeErrorMs: [40, 900] },
        { fromS: 100, toS: 226, replayed: true, timeErrorMs: [130_000, 140_000] },
      ]),
    ),
    verdict: 'FAIL',
    message: 'off their capture time',
  },
  {
    name: 'a clock behind the truth fails too',
    observations: log(held('cam-1', 300, [{ fromS: 2, toS: 100, timeErrorMs: [-3_600_000, -3_599_000] }])),
    verdict: 'FAIL',
  },
  {
    name: 'a dropped recording is not judged: what the hub holds at the end is',
    observations: log(
      held('cam-1', 100, [{ fromS: 2, toS: 100, timeErrorMs: [9_000, 9_000] }]),
      held('cam-1', 300, [{ fromS: 2, toS: 100, timeErrorMs: [10, 50] }]),
    ),
    verdict: 'PASS',
  },
  {
    name: 'frames the hub gives no time',
    observations: log(held('cam-1', 300, [{ fromS: 2, toS: 100 }])),
    verdict: 'NOT EXERCISED',
    message: 'no time',
  },
  { name: 'no recording frames at all', observations: log(provisioned('cam-1', 0)), verdict: 'NOT EXERCISED' },
]);

/** A recording from `fromS` to `toS` whose timeline samples, one a second, sit at `position(second)` seconds. */
const timed = (camera: string, fromS: number, toS: number, position: (sec: number) => number): Observation => ({
  ...rec(camera, fromS, toS),
  timeline: Array.from({ length: toS - fromS + 1 }, (_, i) => ({
    atMs: s(fromS + i),
    mediaMs: position(fromS + i) * 1000 - position(fromS) * 1000,
  })),
});
const jump = fault('j', 'quirk', ['cam-1'], 30, undefined, { quirk: 'rtp-discontinuity', jump: -3_600_000 });

runCases(keepsOneTimeline, [
  {
    name: 'a timeline that keeps pace with the clock across the jump',
    observations: log(
      jump,
      timed('cam-1', 10, 60, (t) => t),
    ),
    verdict: 'PASS',
    message: '1 recording',
  },
  {
    name: 'a timeline that steps back an hour fails',
    observations: log(
      jump,
      timed('cam-1', 10, 60, (t) => (t < 31 ? t : t - 3600)),
    ),
    verdict: 'FAIL',
    message: 'lost their timeline',
  },
  {
    name: 'a timeline that leaps twelve hours ahead fails',
    observations: log(
      jump,
      timed('cam-1', 10, 60, (t) => (t < 31 ? t : t + 44_122)),
    ),
    verdict: 'FAIL',
  },
  {
    name: 'a timeline stuck at one instant fails',
    observations: log(
      jump,
      timed('cam-1', 10, 60, (t) => Math.min(t, 31)),
    ),
    verdict: 'FAIL',
  },
  {
    name: 'a step of 3 s fails under a tightened bound',
    observations: log(
      jump,
      timed('cam-1', 10, 60, (t) => (t < 31 ? t : t + 3)),
    ),
    params: { maxDriftMs: 2_000 },
    verdict: 'FAIL',
  },
  {
    name: 'a recording before the jump is not judged',
    observations: log(
      jump,
      timed('cam-1', 10, 28, (t) => t - 3600 * Number(t > 20)),
    ),
    verdict: 'NOT EXERCISED',
  },
  {
    name: 'another camera’s recording is not judged',
    observations: log(
      jump,
      timed('cam-2', 10, 60, (t) => (t < 31 ? t : t - 3600)),
    ),
    verdict: 'NOT EXERCISED',
  },
  {
    name: 'recordings without a timeline are not exercised',
    observations: log(jump, rec('cam-1', 10, 60)),
    verdict: 'NOT EXERCISED',
    message: 'no timeline',
  },
  {
    name: 'no timestamp jump is not exercised',
    observations: log(timed('cam-1', 10, 60, (t) => (t < 31 ? t : t - 3600))),
    verdict: 'NOT EXERCISED',
    message: 'no camera',
  },
]);
