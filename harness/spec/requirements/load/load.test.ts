import { fault, fleet, log, provisioned, session } from '../../fixtures/observation-fixtures.ts';
import { runCases } from '../../fixtures/run-cases.ts';
import { cameraSideDelivery } from './camera-side-delivery.ts';
import { concurrentStreamsHeld } from './concurrent-streams-held.ts';
import { noSessionDrops } from './no-session-drops.ts';

runCases(noSessionDrops, [
  {
    name: 'held to the end',
    observations: log(session({ camera: 'cam-1', fromS: 0 }), session({ camera: 'cam-2', fromS: 0 })),
    verdict: 'PASS',
  },
  {
    name: 'dropped with no fault',
    observations: log(session({ camera: 'cam-1', fromS: 0, toS: 100, reason: 'client-closed' })),
    verdict: 'FAIL',
  },
  {
    name: 'closed by a fault is not a drop',
    observations: log(
      session({ camera: 'cam-1', fromS: 0, toS: 100, reason: 'client-closed' }),
      fault('l', 'loss', ['cam-1'], 90, 120),
    ),
    verdict: 'PASS',
  },
  {
    name: 'ended by the hub shutting down after the run',
    observations: log(session({ camera: 'cam-1', fromS: 0, toS: 301, reason: 'client-closed' })),
    verdict: 'PASS',
  },
  {
    name: 'pulls once, then tears the stream down',
    observations: log(provisioned('cam-1', 0), session({ camera: 'cam-1', fromS: 2, toS: 10 })),
    verdict: 'FAIL',
    message: 'dropped',
  },
  {
    name: 'a reconnect that takes frames again at once is not a drop',
    observations: log(
      provisioned('cam-1', 0),
      session({ camera: 'cam-1', fromS: 2, toS: 100 }),
      session({ camera: 'cam-1', fromS: 101 }),
    ),
    verdict: 'PASS',
  },
  {
    name: 'a session held open that the hub stopped reading',
    observations: log(provisioned('cam-1', 0), session({ camera: 'cam-1', fromS: 2, wedged: [[100, 300]] })),
    verdict: 'FAIL',
    message: 'stalled',
  },
  { name: 'no sessions', observations: [], verdict: 'NOT EXERCISED' },
]);

const hundred = Array.from({ length: 100 }, (_, i) => `cam-${i + 1}`);
const fleetOf100 = fleet(hundred.map(() => 'fixed-1080p'));
runCases(cameraSideDelivery, [
  { name: 'nothing dropped', observations: log(session({ camera: 'cam-1', fromS: 0 })), verdict: 'PASS' },
  {
    name: 'hub too slow, camera drops 5 frames a second',
    observations: log(session({ camera: 'cam-1', fromS: 0, droppedPerS: 5 })),
    verdict: 'FAIL',
  },
  {
    name: 'drops inside a bandwidth cap do not count',
    observations: log(
      session({ camera: 'cam-1', fromS: 0, toS: 100, droppedPerS: 5 }),
      fault('b', 'bandwidth', ['cam-1'], 0, 100),
    ),
    verdict: 'NOT EXERCISED',
  },
  {
    name: 'one starved camera in a hundred fails',
    observations: log(
      hundred.map((c) => session({ camera: c, fromS: 0, toS: 60, ...(c === 'cam-42' ? { droppedPerS: 5 } : {}) })),
    ),
    run: fleetOf100,
    verdict: 'FAIL',
    message: 'cam-42',
  },
  {
    name: "the simulator's own skipped slots are not the hub's, and are reported",
    observations: log(session({ camera: 'cam-1', fromS: 0, skippedPerS: 5 })),
    verdict: 'PASS',
    message: 'the simulator skipped',
  },
  {
    name: 'skipped slots leave real drops judged',
    observations: log(session({ camera: 'cam-1', fromS: 0, skippedPerS: 5, droppedPerS: 5 })),
    verdict: 'FAIL',
    message: 'the simulator skipped',
  },
]);

const ids = Array.from({ length: 4 }, (_, i) => `cam-${i + 1}`);
const four = fleet(['fixed-1080p', 'ptz-dome', 'legacy-bullet', 'fixed-1080p']);
runCases(concurrentStreamsHeld, [
  {
    name: 'four streams for 4 minutes',
    observations: log(ids.map((c) => session({ camera: c, fromS: 5 }))),
    run: four,
    params: { minConcurrentStreams: 4 },
    verdict: 'PASS',
  },
  {
    name: 'one stream drops after 30 s',
    observations: log(ids.map((c, i) => session({ camera: c, fromS: 5, ...(i === 0 ? { toS: 35 } : {}) }))),
    run: four,
    params: { minConcurrentStreams: 4 },
    verdict: 'FAIL',
  },
  {
    name: 'open sessions that are not read are not streams held',
    observations: log(
      ids.map((c, i) =>
        session({ camera: c, fromS: 5, ...(i === 0 ? { wedged: [[35, 600]] as [number, number][] } : {}) }),
      ),
    ),
    run: four,
    params: { minConcurrentStreams: 4 },
    verdict: 'FAIL',
  },
  {
    name: 'fleet smaller than N',
    observations: log(ids.map((c) => session({ camera: c, fromS: 5 }))),
    run: four,
    verdict: 'NOT EXERCISED',
    message: '100',
  },
]);
