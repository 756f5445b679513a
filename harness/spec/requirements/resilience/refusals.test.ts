import type { Observation } from '../../../../simulators/observations/observation.ts';
import { fleet, log, provisioned, released, rtsp, s, session } from '../../fixtures/observation-fixtures.ts';
import { runCases } from '../../fixtures/run-cases.ts';
import { recoversAfter453 } from './recovers-after-453.ts';
import { retriesFailedStart } from './retries-failed-start.ts';

/** The hub's SETUP answered 453 every `everyS` seconds from `fromS` to `toS`. */
function refused453(camera: string, fromS: number, toS: number, everyS: number, user = 'hub'): Observation[] {
  const out: Observation[] = [];
  for (let t = fromS; t <= toS; t += everyS)
    out.push({
      kind: 'rtsp.request',
      atMs: s(t),
      camera,
      client: '127.0.0.1:40000',
      method: 'SETUP',
      url: 'rtsp://x/main/trackID=0',
      status: 453,
      auth: 'digest',
      user,
      profile: 'main',
    });
  return out;
}

/** The hub's authenticated DESCRIBE failing with `status` at each of `atS`. */
function failedDescribes(camera: string, atS: number[], status = 503): Observation[] {
  return atS.map((t) => rtsp(camera, t, 'DESCRIBE', 'digest', status));
}

runCases(recoversAfter453, [
  {
    name: 'refused while a viewer held the slot, played 4 s after the last refusal',
    observations: log(
      provisioned('cam-1', 0),
      session({ camera: 'cam-1', fromS: 0, toS: 20, reason: 'camera-down' }),
      refused453('cam-1', 30, 60, 5),
      session({ camera: 'cam-1', fromS: 64 }),
    ),
    verdict: 'PASS',
  },
  {
    name: 'gave up after the first 453 (never played again)',
    observations: log(
      provisioned('cam-1', 0),
      session({ camera: 'cam-1', fromS: 0, toS: 20, reason: 'camera-down' }),
      refused453('cam-1', 30, 30, 5),
    ),
    verdict: 'FAIL',
    message: '1 of 1',
  },
  {
    name: 'retried, but played only 50 s after the last 453',
    observations: log(provisioned('cam-1', 0), refused453('cam-1', 10, 20, 5), session({ camera: 'cam-1', fromS: 70 })),
    verdict: 'FAIL',
  },
  {
    name: 'a tightened bound fails a 12 s recovery',
    observations: log(provisioned('cam-1', 0), refused453('cam-1', 10, 20, 5), session({ camera: 'cam-1', fromS: 32 })),
    params: { playWithinMs: 10_000 },
    verdict: 'FAIL',
  },
  {
    name: "refusals of another hub user are not this hub's",
    observations: log(provisioned('cam-1', 0), refused453('cam-1', 10, 20, 5, 'viewer')),
    verdict: 'NOT EXERCISED',
  },
  {
    name: 'a refusal too close to the end of the run to tell',
    observations: log(provisioned('cam-1', 0), refused453('cam-1', 290, 295, 5)),
    verdict: 'NOT EXERCISED',
  },
  {
    name: 'a refusal after the hub released the camera is not judged',
    observations: log(
      provisioned('cam-1', 0),
      session({ camera: 'cam-1', fromS: 1, toS: 40 }),
      released('cam-1', 40),
      refused453('cam-1', 50, 50, 5),
    ),
    verdict: 'NOT EXERCISED',
  },
]);

runCases(retriesFailedStart, [
  {
    name: 'the first two DESCRIBEs fail, the third plays',
    observations: log(
      provisioned('cam-1', 0),
      failedDescribes('cam-1', [1, 3]),
      session({ camera: 'cam-1', fromS: 7 }),
    ),
    verdict: 'PASS',
  },
  {
    name: 'one failed DESCRIBE at start and never another try',
    observations: log(provisioned('cam-1', 0), failedDescribes('cam-1', [1]), session({ camera: 'cam-2', fromS: 2 })),
    verdict: 'FAIL',
    message: '1 of 1',
  },
  {
    name: 'digest challenges (401) are not failures',
    observations: log(
      provisioned('cam-1', 0),
      rtsp('cam-1', 1, 'DESCRIBE', 'none', 401, undefined),
      session({ camera: 'cam-1', fromS: 2 }),
    ),
    verdict: 'NOT EXERCISED',
  },
  {
    name: 'a failed DESCRIBE after the stream had played is not a failure at start',
    observations: log(
      provisioned('cam-1', 0),
      session({ camera: 'cam-1', fromS: 1, toS: 30, reason: 'camera-down' }),
      failedDescribes('cam-1', [40]),
    ),
    verdict: 'NOT EXERCISED',
  },
  {
    name: 'retried too slowly for a tightened bound',
    observations: log(provisioned('cam-1', 0), failedDescribes('cam-1', [1]), session({ camera: 'cam-1', fromS: 25 })),
    params: { playWithinMs: 15_000 },
    verdict: 'FAIL',
  },
  {
    name: 'two hubs: only the one that gave up fails',
    observations: log(
      provisioned('cam-1', 0, 'a'),
      provisioned('cam-1', 0, 'b'),
      failedDescribes('cam-1', [1]).map((o) => ({ ...o, user: 'a' })),
      failedDescribes('cam-1', [1, 3]).map((o) => ({ ...o, user: 'b' })),
      session({ camera: 'cam-1', fromS: 6, user: 'b' }),
    ),
    run: fleet(undefined, ['a', 'b']),
    verdict: 'FAIL',
    message: '1 of 2',
  },
]);
