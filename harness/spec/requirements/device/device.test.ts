import type { Observation } from '../../../../simulators/observations/observation.ts';
import { s } from '../../fixtures/observation-fixtures.ts';
import { runCases } from '../../fixtures/run-cases.ts';
import { camCoreOperations } from './core-operations.ts';
import { camPtzMoveStop } from './ptz-move-stop.ts';

const step = (name: string, outcome: 'ok' | 'failed' | 'unsupported'): Observation => ({ kind: 'probe.result', atMs: s(1), camera: 'http://127.0.0.1/onvif/device_service', step: name, outcome, detail: 'fixture' });
const core = ['GetSystemDateAndTime', 'GetDeviceInformation', 'GetCapabilities'];

runCases(camCoreOperations, [
  { name: 'all core operations answer', observations: core.map((c) => step(c, 'ok')), verdict: 'PASS' },
  { name: 'GetDeviceInformation fails', observations: core.map((c) => step(c, c === 'GetDeviceInformation' ? 'failed' : 'ok')), verdict: 'FAIL' },
  { name: 'a step never ran', observations: [step('GetSystemDateAndTime', 'ok')], verdict: 'NOT EXERCISED', message: 'never ran' },
  { name: 'no probe', observations: [], verdict: 'NOT EXERCISED' },
]);

runCases(camPtzMoveStop, [
  { name: 'moves and stops', observations: [step('ptz.move-stop', 'ok')], verdict: 'PASS' },
  { name: 'does not stop', observations: [step('ptz.move-stop', 'failed')], verdict: 'FAIL' },
  { name: 'no PTZ declared', observations: [step('ptz.move-stop', 'unsupported')], verdict: 'NOT EXERCISED', message: 'does not offer' },
]);
