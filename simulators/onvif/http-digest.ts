import { createHmac, hash } from 'node:crypto';

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
  if (header.length > MAX_HEADER_CHARS || !isDigestScheme(header)) return undefined;
  let username: string | undefined;
  let realm: string | undefined;
  let nonce: string | undefined;
  let uri: string | undefined;
  let response: string | undefined;
  let qop: string | undefined;
  let nc: string | undefined;
  let cnonce: string | undefined;
  let algorithm: string | undefined;
  // A hand-written scan: this runs on every authenticated request, and a regex here cost more than the MD5s.
  const n = header.length;
  let i = 7;
  while (i < n) {
    const keyStart = i;
    while (i < n && isTokenChar(header.charCodeAt(i))) i++;
    if (i === keyStart) {
      i++;
      continue;
    }
    const keyEnd = i;
    while (i < n && isBlank(header.charCodeAt(i))) i++;
    if (header.charCodeAt(i) !== 61 /* = */) continue;
    i++;
    while (i < n && isBlank(header.charCodeAt(i))) i++;
    let value: string;
    if (header.charCodeAt(i) === 34 /* " */) {
      let escaped = false;
      const start = ++i;
      while (i < n && header.charCodeAt(i) !== 34) {
        if (header.charCodeAt(i) === 92 /* \ */) {
          escaped = true;
          i++;
        }
        i++;
      }
      // An unterminated quote ends the header; the fields read so far decide.
      if (i >= n) break;
      value = escaped ? header.slice(start, i).replace(/\\(.)/g, '$1') : header.slice(start, i);
      i++;
    } else {
      const start = i;
      while (i < n && !isBlank(header.charCodeAt(i)) && header.charCodeAt(i) !== 44 /* , */) i++;
      value = header.slice(start, i);
    }
    switch (header.slice(keyStart, keyEnd).toLowerCase()) {
      case 'username':
        username = value;
        break;
      case 'realm':
        realm = value;
        break;
      case 'nonce':
        nonce = value;
        break;
      case 'uri':
        uri = value;
        break;
      case 'response':
        response = value;
        break;
      case 'qop':
        qop = value;
        break;
      case 'nc':
        nc = value;
        break;
      case 'cnonce':
        cnonce = value;
        break;
      case 'algorithm':
        algorithm = value;
        break;
    }
  }
  if (username === undefined || realm === undefined || nonce === undefined || uri === undefined || response === undefined) return undefined;
  return { username, realm, nonce, uri, response, qop, nc, cnonce, algorithm };
}

/** `Digest` followed by whitespace, any case (RFC 7235 §2.1: the scheme is case-insensitive). */
export function isDigestScheme(header: string): boolean {
  return header.length > 7 && isBlank(header.charCodeAt(6)) && header.slice(0, 6).toLowerCase() === 'digest';
}

function isTokenChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 45;
}

function isBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
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

  /** 'ok', 'stale' (well-formed but older than `lifetimeMs`) or 'bad'. */
  check(nonce: string, nowMs: number, lifetimeMs = DIGEST_NONCE_LIFETIME_MS): 'ok' | 'stale' | 'bad' {
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
    return nowMs - issuedMs > lifetimeMs || issuedMs - nowMs > 60_000 ? 'stale' : 'ok';
  }
}

export function digestChallenge(realm: string, nonce: string, stale: boolean): string {
  return `Digest realm="${realm}", qop="auth", nonce="${nonce}", algorithm=MD5${stale ? ', stale=true' : ''}`;
}

/** HA1 and HA2 repeat for every request of a client; bounded so odd users and URIs cannot grow it. */
const MD5_MEMO_MAX = 1024;
const md5Memo = new Map<string, string>();

function md5Memoized(s: string): string {
  let h = md5Memo.get(s);
  if (h === undefined) {
    h = md5(s);
    if (md5Memo.size >= MD5_MEMO_MAX) md5Memo.clear();
    md5Memo.set(s, h);
  }
  return h;
}

/** The expected response for MD5 digest (RFC 7616 §3.4.1; RFC 2069 form when qop is absent). */
export function digestResponse(c: Pick<DigestCredentials, 'username' | 'realm' | 'nonce' | 'uri' | 'qop' | 'nc' | 'cnonce'>, method: string, password: string): string {
  const ha1 = md5Memoized(`${c.username}:${c.realm}:${password}`);
  const ha2 = md5Memoized(`${method}:${c.uri}`);
  return c.qop === undefined ? md5(`${ha1}:${c.nonce}:${ha2}`) : md5(`${ha1}:${c.nonce}:${c.nc ?? ''}:${c.cnonce ?? ''}:${c.qop}:${ha2}`);
}

export function verifyDigest(c: DigestCredentials, method: string, password: string): boolean {
  if (c.algorithm !== undefined && c.algorithm.toUpperCase() !== 'MD5') return false;
  return hexEqual(digestResponse(c, method, password), c.response);
}

/**
 * Compares lower-case hex `expected` with `got` in either case, touching every character whatever
 * differs (the timing-safe comparison without two Buffer allocations per request).
 */
function hexEqual(expected: string, got: string): boolean {
  if (expected.length !== got.length) return false;
  let diff = 0;
  for (let i = 0; i < expected.length; i++) {
    const c = got.charCodeAt(i);
    diff |= expected.charCodeAt(i) ^ (c >= 65 && c <= 70 ? c | 0x20 : c);
  }
  return diff === 0;
}
