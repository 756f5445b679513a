import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  WSA_NS,
  WSD_NS,
  byeXml,
  helloXml,
  matchingRuleNotSupportedXml,
  parseProbe,
  probeMatches,
  probeMatchesXml,
  probeXml,
} from './ws-discovery-codec.ts';
import { child, parseXml, textAt } from '../wire/xml-element.ts';
import { ParseError } from '../../media/errors/parse-error.ts';
import { namespaceProbes } from './e2e/namespace-probes.ts';

const SCOPES = [
  'onvif://www.onvif.org/type/video_encoder',
  'onvif://www.onvif.org/name/Gate_1',
  'onvif://www.onvif.org/location/slough/north',
];
const onvifClientProbe =
  '<Envelope xmlns="http://www.w3.org/2003/05/soap-envelope" xmlns:dn="http://www.onvif.org/ver10/network/wsdl"><Header><wsa:MessageID xmlns:wsa="http://schemas.xmlsoap.org/ws/2004/08/addressing">urn:uuid:1</wsa:MessageID></Header>' +
  '<Body><Probe xmlns="http://schemas.xmlsoap.org/ws/2005/04/discovery"><Types>dn:NetworkVideoTransmitter</Types><Scopes /></Probe></Body></Envelope>';

describe('WS-Discovery codec', () => {
  const cases: Array<{ name: string; xml: string; match: boolean }> = [
    { name: 'the onvif npm client probe', xml: onvifClientProbe, match: true },
    { name: 'no types, no scopes', xml: probeXml('urn:uuid:2', ''), match: true },
    { name: 'tds:Device type', xml: probeXml('urn:uuid:3', 'tds:Device'), match: true },
    { name: 'a printer', xml: probeXml('urn:uuid:4', 'p:Printer'), match: false },
    {
      name: 'location prefix scope',
      xml: probeXml('urn:uuid:5', undefined, ['onvif://www.onvif.org/location/slough']),
      match: true,
    },
    {
      name: 'partial segment is no match',
      xml: probeXml('urn:uuid:6', undefined, ['onvif://www.onvif.org/location/slo']),
      match: false,
    },
    {
      name: 'case-insensitive authority',
      xml: probeXml('urn:uuid:7', undefined, ['ONVIF://WWW.ONVIF.ORG/name/Gate_1']),
      match: true,
    },
    {
      name: 'other site',
      xml: probeXml('urn:uuid:8', undefined, ['onvif://www.onvif.org/location/oxford']),
      match: false,
    },
    {
      name: 'strcmp0 exact scope',
      xml: probeXml('urn:uuid:9', undefined, [SCOPES[1]!], 'http://schemas.xmlsoap.org/ws/2005/04/discovery/strcmp0'),
      match: true,
    },
    {
      name: 'strcmp0 prefix is no match',
      xml: probeXml(
        'urn:uuid:10',
        undefined,
        ['onvif://www.onvif.org/name'],
        'http://schemas.xmlsoap.org/ws/2005/04/discovery/strcmp0',
      ),
      match: false,
    },
    {
      name: 'unsupported MatchBy never matches',
      xml: probeXml('urn:uuid:11', undefined, [], 'http://example.com/ldap'),
      match: false,
    },
    // Clients that never declare the prefix they write in Types (seen in the wild): local name only.
    { name: 'undeclared Types prefix', xml: probeXml('urn:uuid:12', 'nvt:NetworkVideoTransmitter'), match: true },
    {
      name: 'dn bound to another namespace',
      xml: probeXml('urn:uuid:13', 'x:NetworkVideoTransmitter').replace(
        '<d:Types>',
        '<d:Types xmlns:x="urn:not-onvif">',
      ),
      match: false,
    },
    ...namespaceProbes('uuid:9c35aca0-d1cc-41bf-a932-2dd0fe45cc87', [
      'onvif://www.onvif.org/type',
      'onvif://www.onvif.org/location',
      'onvif://www.onvif.org/hardware',
      'onvif://www.onvif.org/name',
    ]).map((p) => ({
      name: `${p.id} ${p.title}`,
      xml: p.xml,
      match: true,
    })),
  ];
  const SCOPES_BY_KIND = [...SCOPES, 'onvif://www.onvif.org/hardware/PTZ-30X'];

  it.each(cases)('$name → match $match', ({ xml, match }) => {
    const bytes = Buffer.from(xml);
    const copy = Buffer.from(bytes);
    const probe = parseProbe(bytes)!;
    expect(probe).toBeDefined();
    expect(bytes.equals(copy)).toBe(true);
    expect(probeMatches(probe, SCOPES_BY_KIND)).toBe(match);
  });

  it('resolves every namespace arrangement of DISCOVERY-2-1-x to the same probe', () => {
    for (const p of namespaceProbes('uuid:9c35aca0', ['onvif://www.onvif.org/name'])) {
      expect(parseProbe(Buffer.from(p.xml)), p.id).toEqual({
        messageId: 'uuid:9c35aca0',
        types: [{ ns: 'http://www.onvif.org/ver10/network/wsdl', local: 'NetworkVideoTransmitter' }],
        scopes: ['onvif://www.onvif.org/name'],
        matchBy: 'rfc3986',
      });
    }
  });

  it('matches elements by namespace, not prefix', () => {
    const [, , , , samePrefix] = namespaceProbes('uuid:1', []);
    // The same prefix bound to the SOAP namespace on Probe: not a WS-Discovery Probe at all.
    expect(
      parseProbe(
        Buffer.from(
          samePrefix!.xml.replace(
            `<p1:Probe xmlns:p1="${WSD_NS}">`,
            '<p1:Probe xmlns:p1="http://www.w3.org/2003/05/soap-envelope">',
          ),
        ),
      ),
    ).toBeUndefined();
    // A MessageID outside WS-Addressing is not the message's id.
    expect(
      parseProbe(
        Buffer.from(
          samePrefix!.xml.replace(`<p1:MessageID xmlns:p1="${WSA_NS}">`, '<p1:MessageID xmlns:p1="urn:other">'),
        ),
      )?.messageId,
    ).toBe('');
  });

  it('MatchingRuleNotSupported is a SOAP 1.2 Sender fault relating to the probe', () => {
    const env = parseXml(matchingRuleNotSupportedXml('uuid:42', 'urn:uuid:43'));
    expect(textAt(env, 'Header', 'RelatesTo')).toBe('uuid:42');
    expect(textAt(env, 'Header', 'Action')).toBe(`${WSA_NS}/fault`);
    const fault = child(child(env, 'Body'), 'Fault')!;
    expect(fault.ns).toBe('http://www.w3.org/2003/05/soap-envelope');
    expect(textAt(fault, 'Code', 'Value')).toBe('env:Sender');
    expect(textAt(fault, 'Code', 'Subcode', 'Value')).toBe('d:MatchingRuleNotSupported');
    expect(textAt(fault, 'Detail', 'SupportedMatchingRules')!.split(' ')).toContain(
      'http://schemas.xmlsoap.org/ws/2005/04/discovery/rfc3986',
    );
  });

  it('ignores Hello, Bye and ProbeMatches, and refuses junk', () => {
    const m = {
      endpoint: 'urn:uuid:x',
      types: 'dn:NetworkVideoTransmitter',
      scopes: SCOPES,
      xaddrs: 'http://127.0.0.1/onvif/device_service',
      metadataVersion: 1,
    };
    const seq = { instanceId: 1, messageNumber: 1 };
    for (const xml of [
      helloXml('urn:uuid:a', seq, m),
      byeXml('urn:uuid:b', seq, 'urn:uuid:x'),
      probeMatchesXml('urn:uuid:1', 'urn:uuid:c', seq, m),
    ]) {
      expect(parseProbe(Buffer.from(xml))).toBeUndefined();
      expect(() => parseXml(xml)).not.toThrow();
    }
    expect(() => parseProbe(Buffer.from('<x'))).toThrow(ParseError);
    expect(() => parseProbe(Buffer.alloc(40_000, 0x20))).toThrow(ParseError);
  });

  it('ProbeMatches relate to the probe and carry scopes and XAddrs', () => {
    const xml = probeMatchesXml(
      'urn:uuid:1',
      'urn:uuid:c',
      { instanceId: 5, messageNumber: 9 },
      {
        endpoint: 'urn:uuid:x',
        types: 'dn:NetworkVideoTransmitter',
        scopes: SCOPES,
        xaddrs: 'http://a/b',
        metadataVersion: 1,
      },
    );
    expect(xml).toContain('<wsa:RelatesTo>urn:uuid:1</wsa:RelatesTo>');
    expect(xml).toContain(`<d:Scopes>${SCOPES.join(' ')}</d:Scopes>`);
    expect(xml).toContain('<d:XAddrs>http://a/b</d:XAddrs>');
  });

  it('any datagram gives a probe, undefined or a ParseError', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 300 }),
          fc.constantFrom(...cases.map((c) => c.xml)).map((s) => s.slice(0, s.length >> 1)),
        ),
        (s) => {
          try {
            parseProbe(Buffer.from(s));
          } catch (err) {
            expect(err).toBeInstanceOf(ParseError);
          }
        },
      ),
    );
  });
});
