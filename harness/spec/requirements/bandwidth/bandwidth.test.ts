import { fault, log, provisioned, session } from '../../fixtures/observation-fixtures.ts';
import { runCases } from '../../fixtures/run-cases.ts';
import { movesToSubStream } from './moves-to-sub-stream.ts';
import { recoversFrameRate } from './recovers-frame-rate.ts';
import { survivesCap } from './survives-cap.ts';
import { survivesLoss } from './survives-loss.ts';

const cap = () => fault('b1', 'bandwidth', ['cam-1'], 60, 120, { limit: '256kbit' });

runCases(survivesCap, [
  {
    name: 'session rides out the cap',
    observations: log(session({ camera: 'cam-1', fromS: 0, stalls: [[60, 120]] }), cap()),
    verdict: 'PASS',
  },
  {
    name: 'switch to sub with a short gap',
    observations: log(
      session({ camera: 'cam-1', fromS: 0, toS: 65 }),
      session({ camera: 'cam-1', fromS: 67, profile: 'sub', kbps: 200 }),
      cap(),
    ),
    verdict: 'PASS',
  },
  {
    name: 'session lost for 40 s',
    observations: log(
      session({ camera: 'cam-1', fromS: 0, toS: 62, reason: 'client-closed' }),
      session({ camera: 'cam-1', fromS: 102 }),
      cap(),
    ),
    verdict: 'FAIL',
  },
  {
    name: 'session held open but the hub stops reading during the cap',
    observations: log(session({ camera: 'cam-1', fromS: 0, wedged: [[62, 120]] }), cap()),
    verdict: 'FAIL',
  },
  { name: 'no cap', observations: log(session({ camera: 'cam-1', fromS: 0 })), verdict: 'NOT EXERCISED' },
]);

runCases(movesToSubStream, [
  {
    name: 'moves to sub 5 s into the cap',
    observations: log(
      session({ camera: 'cam-1', fromS: 0, toS: 65 }),
      session({ camera: 'cam-1', fromS: 65, profile: 'sub', kbps: 200 }),
      cap(),
    ),
    verdict: 'PASS',
  },
  {
    name: 'stays on main',
    observations: log(session({ camera: 'cam-1', fromS: 0, stalls: [[60, 120]] }), cap()),
    verdict: 'FAIL',
  },
  {
    name: 'a cap above the main rate does not require it',
    observations: log(
      session({ camera: 'cam-1', fromS: 0 }),
      fault('b2', 'bandwidth', ['cam-1'], 60, 120, { limitKbps: 8000 }),
    ),
    verdict: 'NOT EXERCISED',
  },
]);

runCases(recoversFrameRate, [
  {
    name: 'full rate right after the cap',
    observations: log(session({ camera: 'cam-1', fromS: 0, stalls: [[60, 120]] }), cap()),
    verdict: 'PASS',
  },
  {
    name: 'stuck at half rate after the cap',
    observations: log(
      session({ camera: 'cam-1', fromS: 0, toS: 120 }),
      session({ camera: 'cam-1', fromS: 120, fps: 10 }),
      cap(),
    ),
    verdict: 'FAIL',
  },
  {
    // Main and sub run at the same frame rate: only the profile tells a hub that never came back.
    name: 'drops to the sub stream and never returns to main',
    observations: log(
      provisioned('cam-1', 0),
      session({ camera: 'cam-1', fromS: 0, toS: 65 }),
      session({ camera: 'cam-1', fromS: 65, profile: 'sub', kbps: 200 }),
      cap(),
    ),
    verdict: 'FAIL',
    message: 'did not recover',
  },
  {
    name: 'back on main 5 s after the cap',
    observations: log(
      provisioned('cam-1', 0),
      session({ camera: 'cam-1', fromS: 0, toS: 65 }),
      session({ camera: 'cam-1', fromS: 65, toS: 125, profile: 'sub', kbps: 200 }),
      session({ camera: 'cam-1', fromS: 125 }),
      cap(),
    ),
    verdict: 'PASS',
  },
  {
    name: 'cap never lifted',
    observations: log(session({ camera: 'cam-1', fromS: 0 }), fault('b3', 'bandwidth', ['cam-1'], 60, undefined)),
    verdict: 'NOT EXERCISED',
  },
]);

runCases(survivesLoss, [
  {
    name: 'session survives 5% loss',
    observations: log(session({ camera: 'cam-1', fromS: 0 }), fault('l1', 'loss', ['cam-1'], 60, 120, { percent: 5 })),
    verdict: 'PASS',
  },
  {
    name: 'session dies under loss',
    observations: log(
      session({ camera: 'cam-1', fromS: 0, toS: 70, reason: 'client-closed' }),
      fault('l1', 'loss', ['cam-1'], 60, 120, { percent: 5 }),
    ),
    verdict: 'FAIL',
  },
  {
    name: 'session open but unread under loss',
    observations: log(
      session({ camera: 'cam-1', fromS: 0, wedged: [[65, 300]] }),
      fault('l1', 'loss', ['cam-1'], 60, 120, { percent: 5 }),
    ),
    verdict: 'FAIL',
  },
  { name: 'no loss', observations: log(session({ camera: 'cam-1', fromS: 0 })), verdict: 'NOT EXERCISED' },
]);
