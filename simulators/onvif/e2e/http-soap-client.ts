import { request } from 'node:http';
import { randomBytes } from 'node:crypto';
import { digestAuthorization as answerDigest, parseDigestChallenge } from '../../wire/digest-auth.ts';
import { passwordDigest } from '../ws-security.ts';

export interface HttpReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One HTTP request on a fresh connection (no agent), so each test sees its own socket. */
export function httpRequest(
  url: string,
  method: string,
  body: string | Buffer | undefined,
  headers: Record<string, string> = {},
): Promise<HttpReply> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const req = request(
      {
        host: u.hostname,
        port: u.port,
        path: `${u.pathname}${u.search}`,
        method,
        agent: false,
        headers: { 'Content-Type': 'application/soap+xml; charset=utf-8', ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Answers a Digest challenge the way RFC 7616 clients do (MD5, qop=auth). */
/** The Authorization answering the WWW-Authenticate header `challenge`. */
export function digestAuthorization(
  challenge: string,
  method: string,
  uri: string,
  username: string,
  password: string,
): string {
  const parsed = parseDigestChallenge(challenge);
  if (parsed === undefined) throw new Error(`no Digest challenge in '${challenge}'`);
  return answerDigest(parsed, method, uri, username, password);
}

/** POST with HTTP Digest: the unauthenticated try, then the answer to its challenge. */
export async function digestPost(url: string, body: string, username: string, password: string): Promise<HttpReply> {
  const first = await httpRequest(url, 'POST', body);
  if (first.status !== 401) return first;
  const path = new URL(url).pathname;
  return httpRequest(url, 'POST', body, {
    Authorization: digestAuthorization(String(first.headers['www-authenticate']), 'POST', path, username, password),
  });
}

export interface TokenOptions {
  nonce?: Buffer;
  created?: string;
  text?: boolean;
}

/** A SOAP 1.2 envelope with an optional WS-Security UsernameToken (PasswordDigest unless text). */
export function soapEnvelope(
  bodyXml: string,
  user?: { username: string; password: string },
  opts: TokenOptions = {},
): string {
  let header = '';
  if (user !== undefined) {
    const nonce = opts.nonce ?? randomBytes(16);
    const created = opts.created ?? new Date().toISOString();
    const password = opts.text === true ? user.password : passwordDigest(nonce, created, user.password);
    const type = opts.text === true ? 'PasswordText' : 'PasswordDigest';
    header =
      '<s:Header><wsse:Security xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd" xmlns:wsu="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd">' +
      `<wsse:UsernameToken><wsse:Username>${user.username}</wsse:Username><wsse:Password Type="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#${type}">${password}</wsse:Password>` +
      `<wsse:Nonce>${nonce.toString('base64')}</wsse:Nonce><wsu:Created>${created}</wsu:Created></wsse:UsernameToken></wsse:Security></s:Header>`;
  }
  return `<?xml version="1.0" encoding="UTF-8"?><s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:tds="http://www.onvif.org/ver10/device/wsdl" xmlns:trt="http://www.onvif.org/ver10/media/wsdl" xmlns:tr2="http://www.onvif.org/ver20/media/wsdl">${header}<s:Body>${bodyXml}</s:Body></s:Envelope>`;
}
