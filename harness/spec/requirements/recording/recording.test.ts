import type { Observation } from '../../../../simulators/observations/observation.ts';
import { log, outage, provisioned, s } from '../../fixtures/observation-fixtures.ts';
import { runCases } from '../../fixtures/run-cases.ts';
import { gapsOnlyInOutages } from './gaps-only-in-outages.ts';

const rec = (camera: string, fromS: number, toS: number): Observation => ({ kind: 'hub.recording', atMs: s(toS), hub: 'hub', camera, startMs: s(fromS), endMs: s(toS) });

runCases(gapsOnlyInOutages, [
  { name: 'continuous recording', observations: log(provisioned('cam-1', 0), rec('cam-1', 2, 150), rec('cam-1', 150, 300)), verdict: 'PASS' },
  { name: 'gap explained by an outage', observations: log(provisioned('cam-1', 0), outage('o', 'power', ['cam-1'], 60, 120), rec('cam-1', 2, 60), rec('cam-1', 130, 300)), verdict: 'PASS' },
  { name: 'unexplained gap', observations: log(provisioned('cam-1', 0), rec('cam-1', 2, 60), rec('cam-1', 130, 300)), verdict: 'FAIL', message: 'unexplained' },
  { name: 'recording stops for good', observations: log(provisioned('cam-1', 0), rec('cam-1', 2, 60)), verdict: 'FAIL' },
  { name: 'nothing recorded', observations: log(provisioned('cam-1', 0)), verdict: 'FAIL' },
  { name: 'no camera assigned long enough', observations: log(provisioned('cam-1', 290)), verdict: 'NOT EXERCISED' },
]);
