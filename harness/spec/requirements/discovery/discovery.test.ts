import type { Observation } from '../../../../simulators/observations/observation.ts';
import { log, onvif, s } from '../../fixtures/observation-fixtures.ts';
import { runCases } from '../../fixtures/run-cases.ts';
import { hubContactsDiscovered } from './hub-contacts-discovered.ts';
import { hubProbesForDevices } from './hub-probes-for-devices.ts';

const probe = (camera: string | undefined, atS: number): Observation => ({ kind: 'discovery.probe', atMs: s(atS), client: '127.0.0.1:3702', ...(camera ? { camera } : {}) });

runCases(hubProbesForDevices, [
  { name: 'three personalities answer', observations: log(probe('cam-1', 1), probe('cam-2', 1), probe('cam-3', 1)), verdict: 'PASS' },
  { name: 'no probe at all', observations: [], verdict: 'FAIL', message: 'no WS-Discovery Probe' },
  { name: 'only one personality answered', observations: log(probe('cam-1', 1)), verdict: 'FAIL' },
]);

runCases(hubContactsDiscovered, [
  { name: 'queried 2 s after discovery', observations: log(probe('cam-1', 1), onvif('cam-1', 3, 'GetDeviceInformation', 'digest')), verdict: 'PASS' },
  { name: 'discovered, never queried', observations: log(probe('cam-1', 1)), verdict: 'FAIL' },
  { name: 'nothing discovered', observations: log(probe(undefined, 1)), verdict: 'NOT EXERCISED' },
]);
