import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { ParseError } from '../../media/errors/parse-error.ts';

/**
 * RTSP authentication (RFC 2617 as RFC 2326 §D uses it): Digest MD5, and Basic where a camera
 * model allows it. Pure: the caller passes the time and the server secret.
 */
export type Credentials =
  | { scheme: 'digest'; username: string; realm: string; nonce: string; uri: string; response: string; qop?: string; nc?: string; cnonce?: string }
  | { scheme: 'basic'; username: string; password: string };

const MAX_AUTH_HEADER = 2048;

export function md5Hex(s: string): string {
  return createHash('md5').update(s, 'utf8').digest('hex');
}

/** Digest parameters: key=value or key="quoted value", comma separated. */
function parseParams(s: string): Map<string, string> {
  const out = new Map<string, string>();
  const re = /\s*([A-Za-z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))\s*(?:,|$)/gy;
  let m: RegExpExecArray | null;
  while (re.lastIndex < s.length && (m = re.exec(s)) !== null) {
    out.set(m[1]!.toLowerCase(), m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3]!);
  }
  if (re.lastIndex < s.length && s.slice(re.lastIndex).trim() !== '') throw new ParseError(`bad auth parameters near ${JSON.stringify(s.slice(re.lastIndex, re.lastIndex + 32))}`);
  return out;
}

export function parseAuthorization(header: string): Credentials {
  if (header.length > MAX_AUTH_HEADER) throw new ParseError(`Authorization of ${header.length} bytes exceeds ${MAX_AUTH_HEADER}`);
  const sp = header.indexOf(' ');
  const scheme = (sp < 0 ? header : header.slice(0, sp)).toLowerCase();
  const rest = sp < 0 ? '' : header.slice(sp + 1).trim();
  if (scheme === 'basic') {
    const decoded = Buffer.from(rest, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) throw new ParseError('Basic credentials without ":"');
    return { scheme: 'basic', username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
  }
  if (scheme === 'digest') {
    const p = parseParams(rest);
    const need = ['username', 'realm', 'nonce', 'uri', 'response'] as const;
    for (const k of need) if (!p.has(k)) throw new ParseError(`Digest credentials lack ${k}`);
    const creds: Credentials = { scheme: 'digest', username: p.get('username')!, realm: p.get('realm')!, nonce: p.get('nonce')!, uri: p.get('uri')!, response: p.get('response')!.toLowerCase() };
    const qop = p.get('qop');
    if (qop !== undefined) {
      creds.qop = qop;
      creds.nc = p.get('nc') ?? '';
      creds.cnonce = p.get('cnonce') ?? '';
    }
    return creds;
  }
  throw new ParseError(`unsupported auth scheme ${JSON.stringify(scheme.slice(0, 16))}`);
}

/** The expected response for a digest challenge (RFC 2617 §3.2.2.1). */
export function digestResponse(method: string, username: string, password: string, c: { realm: string; nonce: string; uri: string; qop?: string; nc?: string; cnonce?: string }): string {
  const ha1 = md5Hex(`${username}:${c.realm}:${password}`);
  const ha2 = md5Hex(`${method}:${c.uri}`);
  return c.qop === undefined ? md5Hex(`${ha1}:${c.nonce}:${ha2}`) : md5Hex(`${ha1}:${c.nonce}:${c.nc}:${c.cnonce}:${c.qop}:${ha2}`);
}

/** A nonce the server can verify without storing it: issue time plus an HMAC over it. */
export function makeNonce(secret: Buffer, nowMs: number): string {
  const t = Math.floor(nowMs).toString(16);
  return `${t}${createHmac('sha256', secret).update(t).digest('hex').slice(0, 24)}`;
}

export type NonceCheck = 'valid' | 'stale' | 'invalid';

export function checkNonce(nonce: string, secret: Buffer, nowMs: number, lifetimeMs: number): NonceCheck {
  if (nonce.length < 25 || nonce.length > 40) return 'invalid';
  const t = nonce.slice(0, nonce.length - 24);
  if (!/^[0-9a-f]+$/.test(t)) return 'invalid';
  const mac = Buffer.from(createHmac('sha256', secret).update(t).digest('hex').slice(0, 24));
  const given = Buffer.from(nonce.slice(-24));
  if (!timingSafeEqual(mac, given)) return 'invalid';
  const issuedMs = parseInt(t, 16);
  return nowMs - issuedMs > lifetimeMs || issuedMs > nowMs + 1000 ? 'stale' : 'valid';
}

export function digestChallenge(realm: string, nonce: string, stale: boolean): string {
  return `Digest realm="${realm}", nonce="${nonce}"${stale ? ', stale=TRUE' : ''}`;
}

export function safeEqualHex(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}
