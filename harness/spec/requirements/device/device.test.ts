import type { Observation } from '../../../../simulators/observations/observation.ts';
import { s } from '../../fixtures/observation-fixtures.ts';
import { runCases } from '../../fixtures/run-cases.ts';
import { camCoreOperations } from './core-operations.ts';
import { camPtzMoveStop } from './ptz-move-stop.ts';
import { camSchemaValidAnswers } from './schema-valid-answers.ts';
import { camSnapshot } from './snapshot.ts';

const step = (name: string, outcome: 'ok' | 'failed' | 'unsupported', detail = 'fixture'): Observation => ({
  kind: 'probe.result',
  atMs: s(1),
  camera: 'http://127.0.0.1/onvif/device_service',
  step: name,
  outcome,
  detail,
});
const core = ['GetSystemDateAndTime', 'GetDeviceInformation', 'services'];

runCases(camCoreOperations, [
  { name: 'all core operations answer', observations: core.map((c) => step(c, 'ok')), verdict: 'PASS' },
  {
    name: 'GetDeviceInformation fails',
    observations: core.map((c) =>
      step(
        c,
        c === 'GetDeviceInformation' ? 'failed' : 'ok',
        c === 'GetDeviceInformation' ? 'no answer within 5000 ms' : 'fixture',
      ),
    ),
    verdict: 'FAIL',
    message: 'no answer within 5000 ms',
  },
  {
    name: 'a step never ran',
    observations: [step('GetSystemDateAndTime', 'ok')],
    verdict: 'NOT EXERCISED',
    message: 'never ran',
  },
  { name: 'no probe', observations: [], verdict: 'NOT EXERCISED' },
]);

runCases(camPtzMoveStop, [
  { name: 'moves and stops', observations: [step('ptz.move-stop', 'ok')], verdict: 'PASS' },
  { name: 'does not stop', observations: [step('ptz.move-stop', 'failed')], verdict: 'FAIL' },
  {
    name: 'no PTZ declared',
    observations: [step('ptz.move-stop', 'unsupported', 'the device declares no PTZ service')],
    verdict: 'NOT APPLICABLE',
    message: 'declares no PTZ service',
  },
]);

runCases(camSnapshot, [
  { name: 'a JPEG behind digest', observations: [step('snapshot', 'ok')], verdict: 'PASS' },
  {
    name: 'served without credentials',
    observations: [step('snapshot', 'failed', 'served 1000 bytes without credentials')],
    verdict: 'FAIL',
    message: 'without credentials',
  },
  {
    name: 'GetSnapshotUri not supported',
    observations: [step('snapshot', 'unsupported', 'GetSnapshotUri answered HTTP 500 ter:ActionNotSupported')],
    verdict: 'NOT APPLICABLE',
    message: 'ActionNotSupported',
  },
]);

runCases(camSchemaValidAnswers, [
  {
    name: 'every operation valid',
    observations: [step('schema.GetProfiles', 'ok'), step('schema.GetDeviceInformation', 'ok')],
    verdict: 'PASS',
  },
  {
    name: 'one operation invalid',
    observations: [
      step('schema.GetProfiles', 'ok'),
      step('schema.GetDeviceInformation', 'failed', 'element Foo: not expected'),
    ],
    verdict: 'FAIL',
    message: 'Foo',
  },
  {
    name: 'events not checked beside valid ones',
    observations: [step('schema.GetProfiles', 'ok'), step('schema.PullMessages', 'unsupported', 'not checked')],
    verdict: 'PASS',
    message: 'not checked (no schema in the ONVIF folder): PullMessages',
  },
  {
    name: 'no --schemas',
    observations: [step('schema', 'unsupported', 'no --schemas folder given')],
    verdict: 'NOT APPLICABLE',
    message: 'no --schemas',
  },
  {
    name: 'validator missing',
    observations: [step('schema', 'unsupported', 'xmllint (libxml2) is not installed')],
    verdict: 'NOT APPLICABLE',
    message: 'xmllint',
  },
  {
    name: 'only unchecked operations',
    observations: [step('schema.PullMessages', 'unsupported', 'not checked')],
    verdict: 'NOT EXERCISED',
  },
]);
