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
  const parser = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === 'testcase' || name === 'property' });
  const doc = parser.parse(xml) as { testsuites: { testsuite: Record<string, unknown> & { testcase: ParsedCase[]; properties: { property: { '@_name': string; '@_value': string }[] } } } };
  return doc.testsuites.testsuite;
}

describe('renderJunit', () => {
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
    expect(suite.testcase.map((c) => c['@_classname'])).toEqual(['STREAM', 'RESILIENCE', 'RESILIENCE', 'RESILIENCE', 'PTZ']);
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
    expect(suite.testcase[3]!.skipped!['@_message']).toBe("WAIVED by the procurement profile: alarms go to the VMS (NOT APPLICABLE: the hub adapter lacks the 'alarms' capability)");
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
