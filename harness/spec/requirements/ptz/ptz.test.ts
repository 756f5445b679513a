import type { Observation } from '../../../../simulators/observations/observation.ts';
import { log, s } from '../../fixtures/observation-fixtures.ts';
import { runCases } from '../../fixtures/run-cases.ts';
import { commandsReachCamera } from './commands-reach-camera.ts';
import { stopHonoured } from './stop-honoured.ts';

const hubPtz = (camera: string, atS: number, command: string, preset?: string): Observation => ({
  kind: 'hub.ptz',
  atMs: s(atS),
  hub: 'hub',
  camera,
  command,
  ...(preset ? { preset } : {}),
});
const camPtz = (
  camera: string,
  atS: number,
  command: 'ContinuousMove' | 'Stop' | 'GotoPreset',
  preset?: string,
  position?: { pan: number; tilt: number; zoom: number },
): Observation => ({
  kind: 'ptz.command',
  atMs: s(atS),
  camera,
  client: '127.0.0.1:1',
  profile: 'main',
  command,
  ...(preset ? { preset } : {}),
  ...(position ? { position } : {}),
});

runCases(commandsReachCamera, [
  {
    name: 'move and preset arrive quickly',
    observations: log(
      hubPtz('cam-2', 10, 'continuous'),
      camPtz('cam-2', 10.2, 'ContinuousMove'),
      hubPtz('cam-2', 20, 'goto-preset', '3'),
      camPtz('cam-2', 20.1, 'GotoPreset', '3'),
    ),
    verdict: 'PASS',
  },
  {
    name: 'arrives at the wrong camera',
    observations: log(hubPtz('cam-2', 10, 'continuous'), camPtz('cam-1', 10.2, 'ContinuousMove')),
    verdict: 'FAIL',
    message: 'did not reach',
  },
  {
    name: 'wrong preset',
    observations: log(hubPtz('cam-2', 20, 'goto-preset', '3'), camPtz('cam-2', 20.1, 'GotoPreset', '4')),
    verdict: 'FAIL',
  },
  {
    name: 'too slow',
    observations: log(hubPtz('cam-2', 10, 'continuous'), camPtz('cam-2', 13, 'ContinuousMove')),
    verdict: 'FAIL',
  },
  {
    // An adapter that can only record after the hub's answer: a quick hub has already moved the camera.
    name: 'the camera moved just before the command was recorded',
    observations: log(hubPtz('cam-2', 10.3, 'continuous'), camPtz('cam-2', 10.1, 'ContinuousMove')),
    verdict: 'PASS',
  },
  {
    name: 'an operation long before the command is not its arrival',
    observations: log(camPtz('cam-2', 7, 'ContinuousMove'), hubPtz('cam-2', 10, 'continuous')),
    verdict: 'FAIL',
  },
  {
    name: 'one operation is never the arrival of two commands',
    observations: log(
      hubPtz('cam-2', 10, 'continuous'),
      camPtz('cam-2', 10.2, 'ContinuousMove'),
      hubPtz('cam-2', 10.5, 'continuous'),
    ),
    verdict: 'FAIL',
    message: '1 of 2',
  },
  { name: 'no operator PTZ', observations: [], verdict: 'NOT EXERCISED' },
]);

runCases(stopHonoured, [
  {
    name: 'Stop arrives',
    observations: log(hubPtz('cam-2', 10, 'stop'), camPtz('cam-2', 10.1, 'Stop')),
    verdict: 'PASS',
  },
  {
    name: 'zero-velocity ContinuousMove is a stop',
    observations: log(
      hubPtz('cam-2', 10, 'stop'),
      camPtz('cam-2', 10.1, 'ContinuousMove', undefined, { pan: 0, tilt: 0, zoom: 0 }),
    ),
    verdict: 'PASS',
  },
  {
    name: 'stop never sent on',
    observations: log(
      hubPtz('cam-2', 10, 'stop'),
      camPtz('cam-2', 10.1, 'ContinuousMove', undefined, { pan: 0.5, tilt: 0, zoom: 0 }),
    ),
    verdict: 'FAIL',
  },
  { name: 'no stop sent', observations: log(hubPtz('cam-2', 10, 'continuous')), verdict: 'NOT EXERCISED' },
]);
