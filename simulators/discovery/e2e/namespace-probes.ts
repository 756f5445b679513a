import { WSA_NS, WSD_NS } from '../ws-discovery-codec.ts';

const SOAP12 = 'http://www.w3.org/2003/05/soap-envelope';
const DN = 'http://www.onvif.org/ver10/network/wsdl';
const PROBE_ACTION = `${WSD_NS}/Probe`;
const TO = 'urn:schemas-xmlsoap-org:ws:2005:04:discovery';

export interface NamespaceProbe {
  /** The ONVIF test case that sends this arrangement. */
  id: string;
  title: string;
  xml: string;
}

/**
 * The five namespace arrangements of a Probe that ONVIF's DISCOVERY-2-1-1..5 send, after the
 * examples in the Base Device Test Specification, Annex A.11 (line breaks inside URIs there are
 * the document's typesetting, not part of the namespaces).
 */
export function namespaceProbes(messageId: string, scopes: readonly string[]): NamespaceProbe[] {
  const s = scopes.join(' ');
  return [
    {
      id: 'DISCOVERY-2-1-1',
      title: 'DISCOVERY - NAMESPACES (DEFAULT NAMESPACES FOR EACH TAG)',
      xml:
        `<Envelope xmlns="${SOAP12}"><Header xmlns="${SOAP12}"><MessageID xmlns="${WSA_NS}">${messageId}</MessageID><To xmlns="${WSA_NS}">${TO}</To><Action xmlns="${WSA_NS}">${PROBE_ACTION}</Action></Header>` +
        `<Body xmlns="${SOAP12}"><Probe xmlns="${WSD_NS}"><Types xmlns="${WSD_NS}" xmlns:dn="${DN}">dn:NetworkVideoTransmitter</Types><Scopes xmlns="${WSD_NS}">${s}</Scopes></Probe></Body></Envelope>`,
    },
    {
      id: 'DISCOVERY-2-1-2',
      title: 'DISCOVERY - NAMESPACES (DEFAULT NAMESPACES FOR PARENT TAG)',
      xml:
        `<Envelope xmlns="${SOAP12}"><Header><MessageID xmlns="${WSA_NS}">${messageId}</MessageID><To xmlns="${WSA_NS}">${TO}</To><Action xmlns="${WSA_NS}">${PROBE_ACTION}</Action></Header>` +
        `<Body><Probe xmlns="${WSD_NS}"><Types xmlns:dn="${DN}">\n  dn:NetworkVideoTransmitter</Types><Scopes>${s}</Scopes></Probe></Body></Envelope>`,
    },
    {
      id: 'DISCOVERY-2-1-3',
      title: 'DISCOVERY - NAMESPACES (NOT STANDARD PREFIXES)',
      xml:
        `<prefix2:Envelope xmlns:prefix1="${DN}" xmlns:prefix2="${SOAP12}" xmlns:prefix3="${WSA_NS}" xmlns:prefix4="${WSD_NS}">` +
        `<prefix2:Header><prefix3:MessageID>${messageId}\n  </prefix3:MessageID><prefix3:To>${TO}</prefix3:To><prefix3:Action>${PROBE_ACTION}</prefix3:Action></prefix2:Header>` +
        `<prefix2:Body><prefix4:Probe><prefix4:Types>prefix1:NetworkVideoTransmitter\n  </prefix4:Types><prefix4:Scopes>${s}</prefix4:Scopes></prefix4:Probe></prefix2:Body></prefix2:Envelope>`,
    },
    {
      id: 'DISCOVERY-2-1-4',
      title: 'DISCOVERY - NAMESPACES (DIFFERENT PREFIXES FOR THE SAME NAMESPACE)',
      xml:
        `<p1:Envelope xmlns:p1="${SOAP12}"><p2:Header xmlns:p2="${SOAP12}"><p3:MessageID xmlns:p3="${WSA_NS}">${messageId}</p3:MessageID>` +
        `<p4:To xmlns:p4="${WSA_NS}">${TO}</p4:To><p5:Action xmlns:p5="${WSA_NS}">${PROBE_ACTION}</p5:Action></p2:Header>` +
        `<p6:Body xmlns:p6="${SOAP12}"><p7:Probe xmlns:p7="${WSD_NS}"><p8:Types xmlns:p8="${WSD_NS}" xmlns:dn="${DN}">dn:NetworkVideoTransmitter</p8:Types>` +
        `<p9:Scopes xmlns:p9="${WSD_NS}">${s}</p9:Scopes></p7:Probe></p6:Body></p1:Envelope>`,
    },
    {
      id: 'DISCOVERY-2-1-5',
      title: 'DISCOVERY - NAMESPACES (THE SAME PREFIX FOR DIFFERENT NAMESPACES)',
      xml:
        `<p1:Envelope xmlns:p1="${SOAP12}"><p1:Header xmlns:p1="${SOAP12}"><p1:MessageID xmlns:p1="${WSA_NS}">${messageId}</p1:MessageID>` +
        `<p1:To xmlns:p1="${WSA_NS}">${TO}</p1:To><p1:Action xmlns:p1="${WSA_NS}">${PROBE_ACTION}</p1:Action></p1:Header>` +
        `<p1:Body xmlns:p1="${SOAP12}"><p1:Probe xmlns:p1="${WSD_NS}"><p1:Types xmlns:p1="${WSD_NS}" xmlns:dn="${DN}">dn:NetworkVideoTransmitter</p1:Types>` +
        `<p1:Scopes xmlns:p1="${WSD_NS}">${s}</p1:Scopes></p1:Probe></p1:Body></p1:Envelope>`,
    },
  ];
}
