import type { Observation } from '../../../../simulators/observations/observation.ts';
import { log, provisioned, s, session } from '../../fixtures/observation-fixtures.ts';
import { runCases } from '../../fixtures/run-cases.ts';
import { oneSessionPerProfile } from './one-session-per-profile.ts';

function refused453(
  camera: string,
  fromS: number,
  toS: number,
  everyS: number,
  profile: 'main' | 'sub' = 'main',
): Observation[] {
  const out: Observation[] = [];
  for (let t = fromS; t <= toS; t += everyS)
    out.push({
      kind: 'rtsp.request',
      atMs: s(t),
      camera,
      client: '127.0.0.1:40001',
      method: 'SETUP',
      url: `rtsp://x/${profile}/trackID=0`,
      status: 453,
      auth: 'digest',
      user: 'hub',
      profile,
    });
  return out;
}

runCases(oneSessionPerProfile, [
  {
    name: 'one session per camera for the whole run',
    observations: log(
      provisioned('cam-1', 0),
      session({ camera: 'cam-1', fromS: 1 }),
      session({ camera: 'cam-2', fromS: 1 }),
    ),
    verdict: 'PASS',
  },
  {
    name: 'main and sub of one camera are two profiles',
    observations: log(session({ camera: 'cam-1', fromS: 1 }), session({ camera: 'cam-1', fromS: 1, profile: 'sub' })),
    verdict: 'PASS',
  },
  {
    name: 'a reconnect while the camera had not yet reaped the abandoned session',
    observations: log(
      session({ camera: 'cam-1', fromS: 1, toS: 100, reason: 'timeout' }),
      session({ camera: 'cam-1', fromS: 45 }),
    ),
    verdict: 'PASS',
  },
  {
    name: 'the same profile pulled twice all run (record + detect)',
    observations: log(session({ camera: 'cam-1', fromS: 1 }), session({ camera: 'cam-1', fromS: 2 })),
    verdict: 'FAIL',
    message: 'second session',
  },
  {
    name: 'a capped camera: the second pull refused with 453 again and again',
    observations: log(session({ camera: 'cam-1', fromS: 1 }), refused453('cam-1', 3, 200, 5)),
    verdict: 'FAIL',
  },
  {
    name: 'a second pull that reconnects every 8 s is still a second pull',
    observations: log(
      session({ camera: 'cam-1', fromS: 1 }),
      [5, 13, 21, 29, 37, 45, 53, 61, 69, 77].flatMap((t) =>
        session({ camera: 'cam-1', fromS: t, toS: t + 6, reason: 'client-closed' }),
      ),
    ),
    verdict: 'FAIL',
  },
  {
    name: 'a tightened bound fails a 40 s overlap',
    observations: log(
      session({ camera: 'cam-1', fromS: 1, toS: 60, reason: 'timeout' }),
      session({ camera: 'cam-1', fromS: 20 }),
    ),
    params: { doubleWithinMs: 10_000 },
    verdict: 'FAIL',
  },
  {
    name: 'another user pulling the same profile is not this hub',
    observations: log(session({ camera: 'cam-1', fromS: 1 }), session({ camera: 'cam-1', fromS: 2, user: 'viewer' })),
    verdict: 'PASS',
  },
  { name: 'no session played', observations: log(provisioned('cam-1', 0)), verdict: 'NOT EXERCISED' },
]);
