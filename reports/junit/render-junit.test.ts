import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { hostileCameraId, sampleRunResult } from '../fixtures/sample-run-result.ts';
import { escapeXml } from './escape-xml.ts';
import { renderJunit } from './render-junit.ts';

interface ParsedCase {
  '@_classname': string;
  '@_name': string;
  failure?: { '@_message': string; '@_type': string; '#text'?: string };
  skipped?: { '@_message': string };
}

function parse(xml: string) {
  expect(XMLValidator.validate(xml)).toBe(true);
  const parser = new XMLParser({
    ignoreAttributes: false,
    isArray: (name) => name === 'testcase' || name === 'property',
  });
  const doc = parser.parse(xml) as {
    testsuites: {
      testsuite: Record<string, unknown> & {
        testcase: ParsedCase[];
        properties: { property: { '@_name': string; '@_value': string }[] };
      };
    };
  };
  return doc.testsuites.testsuite;
}

describe('renderJunit', () => {
  it("adds camlab load's thresholds, one case per stage: failed, not judged on a SIMULATOR-LIMITED stage, passed", () => {
    const simulator = {
      loopDelayP99Ms: 10,
      loopUtilization: 0.2,
      workerLoopUtilizationMax: 0,
      cpuCores: 0.2,
      coresAvailable: 2,
      framesSkipped: 0,
    };
    const stage = { held: 5, framesSent: 100, framesDropped: 0, sessionDrops: 0, simulator };
    const suite = parse(
      renderJunit({
        ...sampleRunResult(),
        observationsDropped: 7,
        load: {
          stages: [
            {
              ...stage,
              index: 0,
              cameras: 5,
              simulatorLimited: [],
              thresholds: [{ threshold: 'delivered>=0.99', measured: 0.95, result: 'fail' }],
            },
            {
              ...stage,
              index: 1,
              cameras: 10,
              simulatorLimited: ["camlab's event loop ran 300 ms late at p99 (limit 100 ms)"],
              thresholds: [{ threshold: 'delivered>=0.99', measured: 0.5, result: 'not judged' }],
            },
            {
              ...stage,
              index: 2,
              cameras: 20,
              simulatorLimited: [],
              thresholds: [{ threshold: 'delivered>=0.99', measured: 1, result: 'pass' }],
            },
          ],
          knee: 'Knee: sustained 0 streams',
          thresholdsFailed: true,
        },
      }),
    );
    expect([suite['@_tests'], suite['@_failures'], suite['@_skipped']]).toEqual(['8', '3', '3']);
    const load = suite.testcase.filter((c) => c['@_classname'] === 'LOAD-THRESHOLD');
    expect(load.map((c) => c['@_name'])).toEqual([
      'stage 1 (5 cameras): delivered>=0.99',
      'stage 2 (10 cameras): delivered>=0.99',
      'stage 3 (20 cameras): delivered>=0.99',
    ]);
    expect(load[0]!.failure).toEqual({ '@_type': 'THRESHOLD', '@_message': 'delivered>=0.99 failed: measured 0.9500' });
    expect(load[1]!.skipped?.['@_message']).toBe(
      "SIMULATOR-LIMITED, not judged: camlab's event loop ran 300 ms late at p99 (limit 100 ms)",
    );
    expect(load[2]!.failure).toBeUndefined();
    expect(suite.properties.property.find((p) => p['@_name'] === 'observations.dropped')?.['@_value']).toBe('7');
  });

  it('writes one testcase per requirement with the right counts', () => {
    const suite = parse(renderJunit(sampleRunResult()));
    expect(suite['@_tests']).toBe('5');
    expect(suite['@_failures']).toBe('2');
    expect(suite['@_skipped']).toBe('2');
    expect(suite.testcase.map((c) => c['@_name'])).toEqual([
      'HUB-STR-01 Pulls every camera within a bound of provisioning',
      'HUB-RES-02 Re-establishes the stream after the camera returns',
      'HUB-RES-05 No reconnect storm after a mass outage',
      'HUB-RES-01 Raises a camera-offline alarm within a bound',
      'HUB-PTZ-01 Operator PTZ reaches the right camera & preset',
    ]);
    expect(suite.testcase.map((c) => c['@_classname'])).toEqual([
      'STREAM',
      'RESILIENCE',
      'RESILIENCE',
      'RESILIENCE',
      'PTZ',
    ]);
  });

  it('puts measured vs threshold in the failure message, with the level as type', () => {
    const cases = parse(renderJunit(sampleRunResult())).testcase;
    const fail = cases[1]!.failure!;
    expect(fail['@_type']).toBe('MUST');
    expect(fail['@_message']).toContain('measured 14200 ms, threshold <= 10000 ms');
    // Camera names with markup survive escaping intact.
    expect(fail['@_message']).toContain(hostileCameraId);
    expect(fail['#text']).toContain('camera up at 90.0 s');
    expect(cases[2]!.failure!['@_type']).toBe('SHOULD');
    expect(cases[0]!.failure).toBeUndefined();
    expect(cases[0]!.skipped).toBeUndefined();
  });

  it('skips NOT APPLICABLE and NOT EXERCISED with the reason', () => {
    const cases = parse(renderJunit(sampleRunResult())).testcase;
    expect(cases[3]!.skipped!['@_message']).toBe("NOT APPLICABLE: the hub adapter lacks the 'alarms' capability");
    expect(cases[4]!.skipped!['@_message']).toBe('NOT EXERCISED: the scenario sent no PTZ command');
  });

  it('marks a partial run in the suite name and properties', () => {
    const suite = parse(renderJunit(sampleRunResult({ partial: true })));
    expect(suite['@_name']).toBe('camlab.outage-and-recovery (PARTIAL)');
    const props = Object.fromEntries(suite.properties.property.map((p) => [p['@_name'], p['@_value']]));
    expect(props.status).toBe('partial');
    expect(props['partial.reason']).toContain('Ctrl-C');
    expect(props['hub.hub']).toContain('node-media-server 2.7.4');
    expect(parse(renderJunit(sampleRunResult()))['@_name']).toBe('camlab.outage-and-recovery');
  });

  it('skips a waived requirement with the buyer’s reason, and carries outcome and provenance as properties', () => {
    const result = sampleRunResult();
    result.verdicts[3]!.waiver = { reason: 'alarms go to the VMS' };
    result.outcome = { verdict: 'FAIL', waived: 1, text: 'FAIL (1 waived)' };
    const suite = parse(renderJunit(result, 'd'.repeat(64)));
    expect(suite.testcase[3]!.skipped!['@_message']).toBe(
      "WAIVED by the procurement profile: alarms go to the VMS (NOT APPLICABLE: the hub adapter lacks the 'alarms' capability)",
    );
    const props = Object.fromEntries(suite.properties.property.map((p) => [p['@_name'], p['@_value']]));
    expect(props.outcome).toBe('FAIL (1 waived)');
    expect(props['sha256.result.json']).toBe('d'.repeat(64));
    expect(props['sha256.scenario']).toBe(`${'a'.repeat(64)}  scenarios/outage-and-recovery.yaml`);
    expect(props.profile).toBe('none: nothing waived');
  });

  it('stays valid XML whatever characters a hub message carries', () => {
    const result = sampleRunResult();
    result.verdicts[1]!.message = 'bad \u0000\u0007 bytes ]]> <x a="1"> & \uD800 lone surrogate';
    result.verdicts[1]!.evidence = [{ text: 'line one\nline two </failure> \u001b[31m ]]>' }];
    const xml = renderJunit(result);
    const fail = parse(xml).testcase[1]!.failure!;
    expect(fail['@_message']).toContain(']]> <x a="1"> &');
    expect(fail['#text']).toBe('line one\nline two </failure> \uFFFD[31m ]]>');
    expect(escapeXml('\u0001')).toBe('\uFFFD');
  });
});
