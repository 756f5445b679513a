import { randomBytes } from 'node:crypto';
import { passwordDigest } from '../../simulators/onvif/ws-security.ts';

/** How a probe request authenticates: the negative probes send what a conformant device refuses. */
export type SoapSecurity = { type: 'none' } | { type: 'digest' | 'text'; user: string; password: string };

const wsse = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';
const wsu = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd';
const wsa = 'http://www.w3.org/2005/08/addressing';
const tokenProfile = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0';

const escapeXml = (s: string): string => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * A SOAP 1.2 envelope around `body`, with a WS-UsernameToken header unless security is none, and
 * WS-Addressing Action and To when given. `nowMs` is the device's time as the client reckons it.
 */
export function soapEnvelope(
  body: string,
  security: SoapSecurity,
  nowMs: number,
  addressing?: { action: string; to: string },
): string {
  let header =
    addressing === undefined
      ? ''
      : `<wsa:Action xmlns:wsa="${wsa}">${escapeXml(addressing.action)}</wsa:Action><wsa:To xmlns:wsa="${wsa}">${escapeXml(addressing.to)}</wsa:To>`;
  if (security.type !== 'none') {
    const created = new Date(nowMs).toISOString();
    const nonce = randomBytes(16);
    const password = security.type === 'digest' ? passwordDigest(nonce, created, security.password) : security.password;
    const passwordType = security.type === 'digest' ? 'PasswordDigest' : 'PasswordText';
    header +=
      `<wsse:Security xmlns:wsse="${wsse}" xmlns:wsu="${wsu}" s:mustUnderstand="1"><wsse:UsernameToken>` +
      `<wsse:Username>${escapeXml(security.user)}</wsse:Username>` +
      `<wsse:Password Type="${tokenProfile}#${passwordType}">${escapeXml(password)}</wsse:Password>` +
      (security.type === 'digest'
        ? `<wsse:Nonce>${nonce.toString('base64')}</wsse:Nonce><wsu:Created>${created}</wsu:Created>`
        : '') +
      `</wsse:UsernameToken></wsse:Security>`;
  }
  return `<?xml version="1.0" encoding="UTF-8"?><s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope">${header === '' ? '' : `<s:Header>${header}</s:Header>`}<s:Body>${body}</s:Body></s:Envelope>`;
}
