import { describe, expect, it } from 'vitest';
import { byeXml, helloXml, probeMatchesXml, probeXml } from '../../../simulators/discovery/ws-discovery-codec.ts';
import { readAnnouncement } from './ws-discovery-client.ts';

const match = {
  endpoint: 'urn:uuid:6f1c0d4e-0000-5000-8000-000000000001',
  types: 'dn:NetworkVideoTransmitter',
  scopes: [],
  xaddrs: 'http://127.15.73.1:8000/onvif/device_service http://[::1]/x',
  metadataVersion: 2,
};
const seq = { instanceId: 1, messageNumber: 1 };

describe('readAnnouncement', () => {
  it('reads who and where from a Hello', () => {
    expect(readAnnouncement(Buffer.from(helloXml('urn:uuid:m1', seq, match)))).toEqual({
      message: 'hello',
      endpoint: match.endpoint,
      xaddrs: ['http://127.15.73.1:8000/onvif/device_service', 'http://[::1]/x'],
    });
  });
  it('reads a ProbeMatch, by local names whatever the prefixes', () => {
    const xml = probeMatchesXml('urn:uuid:p1', 'urn:uuid:m2', seq, match)
      .replace(/(<\/?)d:/g, '$1wsdd:')
      .replace('xmlns:d=', 'xmlns:wsdd=');
    expect(readAnnouncement(Buffer.from(xml))).toMatchObject({ message: 'probe-match', endpoint: match.endpoint });
  });
  it('reads who leaves from a Bye', () => {
    expect(readAnnouncement(Buffer.from(byeXml('urn:uuid:m3', seq, match.endpoint)))).toEqual({
      message: 'bye',
      endpoint: match.endpoint,
      xaddrs: [],
    });
  });
  it('ignores Probes and junk', () => {
    expect(readAnnouncement(Buffer.from(probeXml('urn:uuid:p2')))).toBeUndefined();
    expect(readAnnouncement(Buffer.from('<not xml'))).toBeUndefined();
  });
});
