import { fleet, log, provisioned, released, rtsp, session } from '../../fixtures/observation-fixtures.ts';
import { runCases } from '../../fixtures/run-cases.ts';
import { monitoringGap } from './monitoring-gap.ts';
import { receivingHubPulls } from './receiving-hub-pulls.ts';
import { releasingHubLetsGo } from './releasing-hub-lets-go.ts';

const run = fleet(undefined, ['council', 'police']);
/** cam-1 moves from council to police at 100 s. */
const move = () => [
  provisioned('cam-1', 0, 'council'),
  session({ camera: 'cam-1', user: 'council', fromS: 2, toS: 100 }),
  released('cam-1', 100, 'council'),
  provisioned('cam-1', 100, 'police'),
];

runCases(receivingHubPulls, [
  {
    name: 'police pull 4 s after the handover',
    observations: log(move(), session({ camera: 'cam-1', user: 'police', fromS: 104 })),
    run,
    verdict: 'PASS',
  },
  { name: 'police never pull', observations: log(move()), run, verdict: 'FAIL' },
  {
    name: 'police open a session but never read it',
    observations: log(move(), session({ camera: 'cam-1', user: 'police', fromS: 104, wedged: [[104, 600]] })),
    run,
    verdict: 'FAIL',
  },
  { name: 'no handover', observations: log(provisioned('cam-1', 0, 'council')), run, verdict: 'NOT EXERCISED' },
]);

runCases(monitoringGap, [
  {
    name: '4 s unwatched',
    observations: log(move(), session({ camera: 'cam-1', user: 'police', fromS: 104 })),
    run,
    verdict: 'PASS',
  },
  {
    name: '40 s unwatched',
    observations: log(move(), session({ camera: 'cam-1', user: 'police', fromS: 140 })),
    run,
    verdict: 'FAIL',
  },
  {
    name: 'police open a session at once but never read it',
    observations: log(move(), session({ camera: 'cam-1', user: 'police', fromS: 104, wedged: [[104, 600]] })),
    run,
    verdict: 'FAIL',
  },
  {
    name: 'council stopped reading long before it let go',
    observations: log(
      provisioned('cam-1', 0, 'council'),
      session({ camera: 'cam-1', user: 'council', fromS: 2, toS: 100, wedged: [[40, 100]] }),
      released('cam-1', 100, 'council'),
      provisioned('cam-1', 100, 'police'),
      session({ camera: 'cam-1', user: 'police', fromS: 104 }),
    ),
    run,
    verdict: 'FAIL',
  },
  { name: 'no handover', observations: log(provisioned('cam-1', 0, 'council')), run, verdict: 'NOT EXERCISED' },
]);

runCases(releasingHubLetsGo, [
  {
    name: 'council lets go',
    observations: log(move(), session({ camera: 'cam-1', user: 'police', fromS: 104 })),
    run,
    verdict: 'PASS',
  },
  {
    name: 'council keeps pulling',
    observations: log(
      provisioned('cam-1', 0, 'council'),
      session({ camera: 'cam-1', user: 'council', fromS: 2 }),
      released('cam-1', 100, 'council'),
      provisioned('cam-1', 100, 'police'),
      session({ camera: 'cam-1', user: 'police', fromS: 104 }),
    ),
    run,
    verdict: 'FAIL',
    message: 'still pulled',
  },
  {
    name: 'council keeps knocking with revoked credentials',
    observations: log(move(), rtsp('cam-1', 150, 'DESCRIBE', 'digest', 401, 'council')),
    run,
    verdict: 'FAIL',
  },
  { name: 'no handover', observations: log(provisioned('cam-1', 0, 'council')), run, verdict: 'NOT EXERCISED' },
]);
