import { faults } from '../wire/soap-fault.ts';
import { type XmlElement, XmlParseError, attr, child, parseXml } from '../wire/xml-element.ts';

export const SOAP12_NS = 'http://www.w3.org/2003/05/soap-envelope';
const WSSE_NS = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';

/** Bodies above this are refused before parsing (ONVIF requests are a few KiB at most). */
export const SOAP_MAX_BODY_BYTES = 256 * 1024;

export interface UsernameToken {
  username: string;
  password: string;
  /** 'digest' for PasswordDigest, 'text' for PasswordText (the default Type). */
  passwordType: 'digest' | 'text';
  nonceBase64: string | undefined;
  created: string | undefined;
}

export interface SoapRequest {
  /** Local name of the first Body child: the operation. */
  operation: string;
  /** Namespace of that element (the service's WSDL namespace). */
  operationNs: string;
  body: XmlElement;
  header: XmlElement | undefined;
  usernameToken: UsernameToken | undefined;
}

function readUsernameToken(header: XmlElement | undefined): UsernameToken | undefined {
  if (header === undefined) return undefined;
  const security = header.children.find((c) => c.local === 'Security' && (c.ns === WSSE_NS || c.ns.includes('wss')));
  const token = child(security, 'UsernameToken');
  if (token === undefined) return undefined;
  const password = child(token, 'Password');
  const type = attr(password, 'Type');
  return {
    username: child(token, 'Username')?.text ?? '',
    password: password?.text ?? '',
    passwordType: type === undefined || type.endsWith('#PasswordText') ? 'text' : 'digest',
    nonceBase64: child(token, 'Nonce')?.text,
    created: child(token, 'Created')?.text,
  };
}

/**
 * Decodes one SOAP request: size limit, strict XML (no DTD, no entities), SOAP 1.2 only, exactly
 * one operation in the Body. Pure; throws SoapFault for anything a client sent wrong.
 */
export function parseSoapRequest(bytes: Buffer, maxBytes = SOAP_MAX_BODY_BYTES): SoapRequest {
  if (bytes.length > maxBytes) throw faults.tooLarge(maxBytes);
  let root: XmlElement;
  try {
    root = parseXml(bytes.toString('utf8'));
  } catch (err) {
    if (err instanceof XmlParseError) throw faults.wellFormed(err.message);
    throw err;
  }
  if (root.local !== 'Envelope') throw faults.wellFormed(`root element is <${root.name}>, expected a SOAP Envelope`);
  if (root.ns !== SOAP12_NS) throw faults.versionMismatch(root.ns);
  let header: XmlElement | undefined;
  let body: XmlElement | undefined;
  for (const c of root.children) {
    if (c.ns !== SOAP12_NS) throw faults.wellFormed(`unexpected <${c.name}> in the Envelope`);
    if (c.local === 'Header' && header === undefined && body === undefined) header = c;
    else if (c.local === 'Body' && body === undefined) body = c;
    else throw faults.wellFormed(`unexpected <${c.name}> in the Envelope`);
  }
  if (body === undefined) throw faults.wellFormed('the Envelope has no Body');
  const op = body.children[0];
  if (op === undefined) throw faults.wellFormed('the Body is empty');
  if (body.children.length > 1) throw faults.wellFormed('the Body holds more than one operation');
  return { operation: op.local, operationNs: op.ns, body: op, header, usernameToken: readUsernameToken(header) };
}
