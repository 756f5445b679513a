import { randomBytes } from 'node:crypto';
import { passwordDigest } from '../../simulators/onvif/ws-security.ts';

/** How a probe request authenticates: the negative probes send what a conformant device refuses. */
export type SoapSecurity = { type: 'none' } | { type: 'digest' | 'text'; user: string; password: string };

const wsse = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';
const wsu = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd';
const tokenProfile = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0';

const escapeXml = (s: string): string => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A SOAP 1.2 envelope around `body`, with a WS-UsernameToken header unless security is none. */
export function soapEnvelope(body: string, security: SoapSecurity, nowMs: number): string {
  let header = '';
  if (security.type !== 'none') {
    const created = new Date(nowMs).toISOString();
    const nonce = randomBytes(16);
    const password = security.type === 'digest' ? passwordDigest(nonce, created, security.password) : security.password;
    const passwordType = security.type === 'digest' ? 'PasswordDigest' : 'PasswordText';
    header =
      `<s:Header><wsse:Security xmlns:wsse="${wsse}" xmlns:wsu="${wsu}" s:mustUnderstand="1"><wsse:UsernameToken>` +
      `<wsse:Username>${escapeXml(security.user)}</wsse:Username>` +
      `<wsse:Password Type="${tokenProfile}#${passwordType}">${escapeXml(password)}</wsse:Password>` +
      (security.type === 'digest' ? `<wsse:Nonce>${nonce.toString('base64')}</wsse:Nonce><wsu:Created>${created}</wsu:Created>` : '') +
      `</wsse:UsernameToken></wsse:Security></s:Header>`;
  }
  return `<?xml version="1.0" encoding="UTF-8"?><s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope">${header}<s:Body>${body}</s:Body></s:Envelope>`;
}
