import { createHmac, hash, timingSafeEqual } from 'node:crypto';

/** A server nonce stays valid this long; after it the client gets stale=true and retries. */
export const DIGEST_NONCE_LIFETIME_MS = 5 * 60_000;
const MAX_HEADER_CHARS = 4096;

export interface DigestCredentials {
  username: string;
  realm: string;
  nonce: string;
  uri: string;
  response: string;
  qop: string | undefined;
  nc: string | undefined;
  cnonce: string | undefined;
  algorithm: string | undefined;
}

/** Parses `Authorization: Digest k=v, k="v"` (RFC 7616 §3.4); undefined when it is not Digest or is malformed. */
export function parseDigestAuthorization(header: string): DigestCredentials | undefined {
  if (header.length > MAX_HEADER_CHARS || !/^digest\s/i.test(header)) return undefined;
  const fields: Record<string, string> = {};
  const re = /([a-zA-Z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))/g;
  const rest = header.slice(7);
  for (let m = re.exec(rest); m !== null; m = re.exec(rest)) {
    fields[m[1]!.toLowerCase()] = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3]!;
  }
  const { username, realm, nonce, uri, response } = fields;
  if (username === undefined || realm === undefined || nonce === undefined || uri === undefined || response === undefined) return undefined;
  return { username, realm, nonce, uri, response, qop: fields.qop, nc: fields.nc, cnonce: fields.cnonce, algorithm: fields.algorithm };
}

const md5 = (s: string): string => hash('md5', s, 'hex');
/** Nonces whose HMAC already checked out, so a keep-alive client's next request costs no HMAC. */
const VERIFIED_NONCES_MAX = 4096;

/** Stateless server nonces: issue time plus an HMAC, so no per-client state is kept. */
export class DigestNonces {
  private readonly verified = new Map<string, number>();

  constructor(private readonly secret: Buffer) {}

  issue(nowMs: number): string {
    const ts = nowMs.toString(16);
    return `${ts}${createHmac('sha256', this.secret).update(ts).digest('hex').slice(0, 24)}`;
  }

  /** 'ok', 'stale' (well-formed but expired) or 'bad'. */
  check(nonce: string, nowMs: number): 'ok' | 'stale' | 'bad' {
    let issuedMs = this.verified.get(nonce);
    if (issuedMs === undefined) {
      if (nonce.length < 25 || nonce.length > 40) return 'bad';
      const ts = nonce.slice(0, -24);
      const mac = createHmac('sha256', this.secret).update(ts).digest('hex').slice(0, 24);
      if (mac !== nonce.slice(-24)) return 'bad';
      issuedMs = Number.parseInt(ts, 16);
      if (this.verified.size >= VERIFIED_NONCES_MAX) this.verified.clear();
      this.verified.set(nonce, issuedMs);
    }
    return nowMs - issuedMs > DIGEST_NONCE_LIFETIME_MS || issuedMs - nowMs > 60_000 ? 'stale' : 'ok';
  }
}

export function digestChallenge(realm: string, nonce: string, stale: boolean): string {
  return `Digest realm="${realm}", qop="auth", nonce="${nonce}", algorithm=MD5${stale ? ', stale=true' : ''}`;
}

/** The expected response for MD5 digest (RFC 7616 §3.4.1; RFC 2069 form when qop is absent). */
export function digestResponse(c: Pick<DigestCredentials, 'username' | 'realm' | 'nonce' | 'uri' | 'qop' | 'nc' | 'cnonce'>, method: string, password: string): string {
  const ha1 = md5(`${c.username}:${c.realm}:${password}`);
  const ha2 = md5(`${method}:${c.uri}`);
  return c.qop === undefined ? md5(`${ha1}:${c.nonce}:${ha2}`) : md5(`${ha1}:${c.nonce}:${c.nc ?? ''}:${c.cnonce ?? ''}:${c.qop}:${ha2}`);
}

export function verifyDigest(c: DigestCredentials, method: string, password: string): boolean {
  if (c.algorithm !== undefined && c.algorithm.toUpperCase() !== 'MD5') return false;
  const expected = Buffer.from(digestResponse(c, method, password));
  const got = Buffer.from(c.response.toLowerCase());
  return expected.length === got.length && timingSafeEqual(expected, got);
}
