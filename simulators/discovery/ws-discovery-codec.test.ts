import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DiscoveryParseError, byeXml, helloXml, parseProbe, probeMatches, probeMatchesXml, probeXml } from './ws-discovery-codec.ts';
import { parseXml } from '../onvif/xml-element.ts';

const SCOPES = ['onvif://www.onvif.org/type/video_encoder', 'onvif://www.onvif.org/name/Gate_1', 'onvif://www.onvif.org/location/slough/north'];
const onvifClientProbe =
  '<Envelope xmlns="http://www.w3.org/2003/05/soap-envelope" xmlns:dn="http://www.onvif.org/ver10/network/wsdl"><Header><wsa:MessageID xmlns:wsa="http://schemas.xmlsoap.org/ws/2004/08/addressing">urn:uuid:1</wsa:MessageID></Header>' +
  '<Body><Probe xmlns="http://schemas.xmlsoap.org/ws/2005/04/discovery"><Types>dn:NetworkVideoTransmitter</Types><Scopes /></Probe></Body></Envelope>';

describe('WS-Discovery codec', () => {
  const cases: Array<{ name: string; xml: string; match: boolean }> = [
    { name: 'the onvif npm client probe', xml: onvifClientProbe, match: true },
    { name: 'no types, no scopes', xml: probeXml('urn:uuid:2', ''), match: true },
    { name: 'tds:Device type', xml: probeXml('urn:uuid:3', 'tds:Device'), match: true },
    { name: 'a printer', xml: probeXml('urn:uuid:4', 'p:Printer'), match: false },
    { name: 'location prefix scope', xml: probeXml('urn:uuid:5', undefined, ['onvif://www.onvif.org/location/slough']), match: true },
    { name: 'partial segment is no match', xml: probeXml('urn:uuid:6', undefined, ['onvif://www.onvif.org/location/slo']), match: false },
    { name: 'case-insensitive authority', xml: probeXml('urn:uuid:7', undefined, ['ONVIF://WWW.ONVIF.ORG/name/Gate_1']), match: true },
    { name: 'other site', xml: probeXml('urn:uuid:8', undefined, ['onvif://www.onvif.org/location/oxford']), match: false },
  ];

  it.each(cases)('$name → match $match', ({ xml, match }) => {
    const probe = parseProbe(Buffer.from(xml))!;
    expect(probe).toBeDefined();
    expect(probeMatches(probe, SCOPES)).toBe(match);
  });

  it('ignores Hello, Bye and ProbeMatches, and refuses junk', () => {
    const m = { endpoint: 'urn:uuid:x', types: 'dn:NetworkVideoTransmitter', scopes: SCOPES, xaddrs: 'http://127.0.0.1/onvif/device_service', metadataVersion: 1 };
    const seq = { instanceId: 1, messageNumber: 1 };
    for (const xml of [helloXml('urn:uuid:a', seq, m), byeXml('urn:uuid:b', seq, 'urn:uuid:x'), probeMatchesXml('urn:uuid:1', 'urn:uuid:c', seq, m)]) {
      expect(parseProbe(Buffer.from(xml))).toBeUndefined();
      expect(() => parseXml(xml)).not.toThrow();
    }
    expect(() => parseProbe(Buffer.from('<x'))).toThrow(DiscoveryParseError);
    expect(() => parseProbe(Buffer.alloc(40_000, 0x20))).toThrow(DiscoveryParseError);
  });

  it('ProbeMatches relate to the probe and carry scopes and XAddrs', () => {
    const xml = probeMatchesXml('urn:uuid:1', 'urn:uuid:c', { instanceId: 5, messageNumber: 9 }, { endpoint: 'urn:uuid:x', types: 'dn:NetworkVideoTransmitter', scopes: SCOPES, xaddrs: 'http://a/b', metadataVersion: 1 });
    expect(xml).toContain('<wsa:RelatesTo>urn:uuid:1</wsa:RelatesTo>');
    expect(xml).toContain(`<d:Scopes>${SCOPES.join(' ')}</d:Scopes>`);
    expect(xml).toContain('<d:XAddrs>http://a/b</d:XAddrs>');
  });

  it('any datagram gives a probe, undefined or a DiscoveryParseError', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 300 }), fc.constantFrom(...cases.map((c) => c.xml)).map((s) => s.slice(0, s.length >> 1))), (s) => {
        try {
          parseProbe(Buffer.from(s));
        } catch (err) {
          expect(err).toBeInstanceOf(DiscoveryParseError);
        }
      }),
    );
  });
});
