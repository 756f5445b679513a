import type { Observation } from '../../../../simulators/observations/observation.ts';
import { fleet, log, onvif, provisioned, s } from '../../fixtures/observation-fixtures.ts';
import { runCases } from '../../fixtures/run-cases.ts';
import { hubContactsDiscovered } from './hub-contacts-discovered.ts';
import { hubProbesForDevices } from './hub-probes-for-devices.ts';

/** A multicast Probe (or, with `to`, one directed to that address) and the cameras that answered it. */
const probe = (answeredBy: string[], atS: number, to?: string): Observation => ({
  kind: 'discovery.probe',
  atMs: s(atS),
  client: '127.0.0.1:3702',
  answeredBy,
  ...(to === undefined ? {} : { address: to }),
});
const hello = (camera: string, atS: number): Observation => ({
  kind: 'discovery.hello',
  atMs: s(atS),
  camera,
  address: '127.15.1.1',
});
const cams = ['cam-1', 'cam-2', 'cam-3'];

const askAll = (atS: number) => cams.map((c) => onvif(c, atS, 'GetDeviceInformation', 'digest'));

runCases(hubProbesForDevices, [
  {
    name: 'three personalities answer before the hub asks them',
    observations: log(probe(cams, 1), askAll(3)),
    verdict: 'PASS',
  },
  { name: 'never asked over ONVIF, but located', observations: log(probe(cams, 1)), verdict: 'PASS' },
  {
    name: 'no probe at all',
    observations: log(askAll(3)),
    verdict: 'FAIL',
    message: 'no multicast WS-Discovery Probe',
  },
  {
    name: 'directed probes only locate nothing',
    observations: log(
      cams.map((c, i) => probe([c], 1, `127.15.1.${i + 1}`)),
      askAll(3),
    ),
    verdict: 'FAIL',
    message: 'no multicast',
  },
  {
    name: 'a camera asked before it answered (its address was typed in)',
    observations: log(onvif('cam-1', 1, 'GetDeviceInformation', 'digest'), probe(cams, 2)),
    verdict: 'FAIL',
    message: '1 of 3',
  },
  {
    name: 'a monitored camera never answered',
    observations: log(probe(['cam-1', 'cam-2'], 1)),
    verdict: 'FAIL',
    message: '1 of 3',
  },
  {
    name: 'a probe nothing of this fleet answered (another fleet on the host)',
    observations: log(probe([], 1), askAll(3)),
    verdict: 'FAIL',
    message: '3 of 3',
  },
  {
    name: 'an answer before the hub was given the camera is not the hub locating it (another run probed)',
    observations: log(
      probe(cams, 1),
      cams.map((c) => provisioned(c, 5)),
      askAll(6),
    ),
    verdict: 'FAIL',
    message: '3 of 3',
  },
  {
    name: 'located after provisioning, then asked',
    observations: log(
      cams.map((c) => provisioned(c, 5)),
      probe(cams, 6),
      askAll(8),
    ),
    verdict: 'PASS',
  },
  {
    name: 'only the cameras given need answer',
    observations: log(provisioned('cam-1', 0), provisioned('cam-2', 0), probe(['cam-1', 'cam-2'], 1)),
    run: fleet(['fixed-1080p', 'ptz-dome']),
    verdict: 'NOT EXERCISED',
  },
  {
    name: 'answers from one model of three',
    observations: log(provisioned('cam-1', 0), probe(['cam-1'], 1)),
    verdict: 'FAIL',
    message: 'from 1 models',
  },
]);

runCases(hubContactsDiscovered, [
  {
    name: 'queried 2 s after discovery',
    observations: log(probe(['cam-1'], 1), onvif('cam-1', 3, 'GetDeviceInformation', 'digest')),
    verdict: 'PASS',
  },
  { name: 'discovered, never queried', observations: log(probe(['cam-1'], 1)), verdict: 'FAIL' },
  {
    name: 'a long poll answered after the Hello is no follow-up',
    observations: log(hello('cam-1', 10), onvif('cam-1', 11, 'PullMessages', 'digest', 200, 'hub', 'events')),
    verdict: 'FAIL',
  },
  {
    name: 'every Hello is followed up, not only the first discovery',
    observations: log(probe(['cam-1'], 1), onvif('cam-1', 2, 'GetStreamUri', 'digest'), hello('cam-1', 100)),
    verdict: 'FAIL',
  },
  {
    name: 'a directed probe discovers nothing',
    observations: log(probe(['cam-1'], 1, '127.15.1.1')),
    verdict: 'NOT EXERCISED',
  },
  { name: 'nothing discovered', observations: log(probe([], 1)), verdict: 'NOT EXERCISED' },
]);
