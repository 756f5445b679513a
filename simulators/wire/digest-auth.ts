import { createHmac, hash, randomBytes } from 'node:crypto';
import { ParseError } from '../../media/errors/parse-error.ts';

/**
 * Digest authentication for both protocols the simulators speak: HTTP (ONVIF SOAP and snapshots,
 * RFC 7616) and RTSP (RFC 2617 as RFC 2326 §D uses it). One parser, one nonce scheme, one
 * response check; where the protocols differ it is a field of `DigestProfile`, chosen on purpose
 * (see simulators/wire/README.md). Pure apart from the HMAC secret: callers pass the time.
 */
export type Credentials = DigestCredentials | BasicCredentials;

export interface DigestCredentials {
  scheme: 'digest';
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

export interface BasicCredentials {
  scheme: 'basic';
  username: string;
  password: string;
}

/** What differs between the protocols, each for a reason the README gives. */
export interface DigestProfile {
  /** Offer qop="auth" and algorithm=MD5 in the challenge (RFC 7616); RTSP clients such as live555 speak only the RFC 2069 form. */
  offerQop: boolean;
  /** Refuse credentials whose digest uri is not the request target (RFC 7616 §3.4.6). */
  checkUri: boolean;
}

export const DIGEST_PROFILES = {
  http: { offerQop: true, checkUri: true },
  /** RTSP clients disagree on the digest uri of a track's SETUP (aggregate or track URL); the response still covers the uri they sent. */
  rtsp: { offerQop: false, checkUri: false },
} as const satisfies Record<string, DigestProfile>;

/** A server nonce stays valid this long by default; after it the client gets stale=TRUE and retries. */
export const DIGEST_NONCE_LIFETIME_MS = 5 * 60_000;
/**
 * A nonce stamped further ahead than this means the server's clock stepped back (a clock-drift
 * fault, SetSystemDateAndTime). It is stale: the client retries with a fresh nonce, as it would
 * against a real camera whose clock stepped. Issuer and checker share one clock, so 1 s is ample.
 */
export const DIGEST_NONCE_FUTURE_TOLERANCE_MS = 1000;
export const AUTH_HEADER_MAX_CHARS = 4096;

/**
 * Parses `Authorization: Digest k=v, k="v"` (RFC 7616 §3.4) or `Basic base64` (RFC 7617).
 * Junk between parameters is skipped; the fields read decide. Throws ParseError otherwise.
 */
export function parseAuthorization(header: string): Credentials {
  if (header.length > AUTH_HEADER_MAX_CHARS)
    throw new ParseError(`Authorization of ${header.length} characters exceeds ${AUTH_HEADER_MAX_CHARS}`);
  if (isDigestScheme(header)) return parseDigestParams(header);
  if (header.length > 6 && isBlank(header.charCodeAt(5)) && header.slice(0, 5).toLowerCase() === 'basic') {
    const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) throw new ParseError('Basic credentials without ":"');
    return { scheme: 'basic', username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
  }
  const sp = header.search(/\s/);
  throw new ParseError(
    `unsupported auth scheme ${JSON.stringify((sp < 0 ? header : header.slice(0, sp)).slice(0, 16))}`,
  );
}

/** parseAuthorization for a header that must be Digest (HTTP offers no Basic). */
export function parseDigestAuthorization(header: string): DigestCredentials {
  const creds = parseAuthorization(header);
  if (creds.scheme !== 'digest') throw new ParseError(`${creds.scheme} credentials where Digest is required`);
  return creds;
}

/** `Digest` followed by whitespace, any case (RFC 7235 §2.1: the scheme is case-insensitive). */
export function isDigestScheme(header: string): boolean {
  return header.length > 7 && isBlank(header.charCodeAt(6)) && header.slice(0, 6).toLowerCase() === 'digest';
}

function parseDigestParams(header: string): DigestCredentials {
  let username: string | undefined;
  let realm: string | undefined;
  let nonce: string | undefined;
  let uri: string | undefined;
  let response: string | undefined;
  let qop: string | undefined;
  let nc: string | undefined;
  let cnonce: string | undefined;
  let algorithm: string | undefined;
  // A hand-written scan: this runs on every authenticated ONVIF request, and a regex here cost more than the MD5s.
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
      if (i >= n) throw new ParseError(`unterminated quoted value in Authorization at character ${start}`);
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
  if (username === undefined) throw new ParseError('Digest credentials lack username');
  if (realm === undefined) throw new ParseError('Digest credentials lack realm');
  if (nonce === undefined) throw new ParseError('Digest credentials lack nonce');
  if (uri === undefined) throw new ParseError('Digest credentials lack uri');
  if (response === undefined) throw new ParseError('Digest credentials lack response');
  return { scheme: 'digest', username, realm, nonce, uri, response, qop, nc, cnonce, algorithm };
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

  constructor(
    private readonly secret: Buffer,
    readonly lifetimeMs = DIGEST_NONCE_LIFETIME_MS,
  ) {}

  issue(nowMs: number): string {
    const ts = Math.floor(nowMs).toString(16);
    return `${ts}${createHmac('sha256', this.secret).update(ts).digest('hex').slice(0, 24)}`;
  }

  /** 'ok', 'stale' (ours but older than lifetimeMs, or stamped ahead of the clock) or 'bad'. */
  check(nonce: string, nowMs: number, lifetimeMs = this.lifetimeMs): 'ok' | 'stale' | 'bad' {
    let issuedMs = this.verified.get(nonce);
    if (issuedMs === undefined) {
      if (nonce.length < 25 || nonce.length > 40) return 'bad';
      const ts = nonce.slice(0, -24);
      if (!/^[0-9a-f]+$/.test(ts)) return 'bad';
      const mac = createHmac('sha256', this.secret).update(ts).digest('hex').slice(0, 24);
      if (!hexEqual(mac, nonce.slice(-24))) return 'bad';
      issuedMs = Number.parseInt(ts, 16);
      if (this.verified.size >= VERIFIED_NONCES_MAX) this.verified.clear();
      this.verified.set(nonce, issuedMs);
    }
    return nowMs - issuedMs > lifetimeMs || issuedMs - nowMs > DIGEST_NONCE_FUTURE_TOLERANCE_MS ? 'stale' : 'ok';
  }
}

/** The WWW-Authenticate value. RFC 2617 spells the flag stale=TRUE; both RFCs read it case-insensitively. */
export function digestChallenge(profile: DigestProfile, realm: string, nonce: string, stale: boolean): string {
  const qop = profile.offerQop ? ', qop="auth"' : '';
  const algorithm = profile.offerQop ? ', algorithm=MD5' : '';
  return `Digest realm="${realm}"${qop}, nonce="${nonce}"${algorithm}${stale ? ', stale=TRUE' : ''}`;
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

type ResponseInputs = Pick<DigestCredentials, 'username' | 'realm' | 'nonce' | 'uri'> &
  Partial<Pick<DigestCredentials, 'qop' | 'nc' | 'cnonce'>>;

/** The expected response for MD5 digest (RFC 7616 §3.4.1; RFC 2069 form when qop is absent). */
export function digestResponse(c: ResponseInputs, method: string, password: string): string {
  const ha1 = md5Memoized(`${c.username}:${c.realm}:${password}`);
  const ha2 = md5Memoized(`${method}:${c.uri}`);
  return c.qop === undefined
    ? md5(`${ha1}:${c.nonce}:${ha2}`)
    : md5(`${ha1}:${c.nonce}:${c.nc ?? ''}:${c.cnonce ?? ''}:${c.qop}:${ha2}`);
}

export type DigestVerdict = { ok: true; stale: boolean } | { ok: false; reason: string };

export interface DigestExpectation {
  profile: DigestProfile;
  realm: string;
  method: string;
  /** The request target, compared with the digest uri where the profile checks it. */
  target: string;
  /** The user's password, undefined for an unknown user. */
  password: string | undefined;
  nonces: DigestNonces;
  nowMs: number;
  /** This request's nonce lifetime where it is not the nonces' own (a camera whose quirk shortens it). */
  nonceLifetimeMs?: number;
  /** A camera whose quirk lets any password through for a known user: the response is not compared. */
  anyPassword?: boolean;
}

/**
 * The one Digest check. A nonce that is ours but stale is reported only once the response proved
 * the password (RFC 7616 §3.3: stale means "the password was right, retry with a fresh nonce"),
 * so a wrong password never earns stale=TRUE.
 */
export function verifyDigest(c: DigestCredentials, e: DigestExpectation): DigestVerdict {
  if (c.realm !== e.realm) return { ok: false, reason: `realm '${c.realm}' is not '${e.realm}'` };
  const nonce = e.nonces.check(c.nonce, e.nowMs, e.nonceLifetimeMs);
  if (nonce === 'bad') return { ok: false, reason: 'unknown nonce' };
  if (e.profile.checkUri && c.uri !== e.target)
    return { ok: false, reason: `digest uri '${c.uri}' does not match '${e.target}'` };
  if (c.algorithm !== undefined && c.algorithm.toUpperCase() !== 'MD5')
    return { ok: false, reason: `algorithm ${c.algorithm} is not MD5` };
  if (
    e.password === undefined ||
    (e.anyPassword !== true && !hexEqual(digestResponse(c, e.method, e.password), c.response))
  )
    return { ok: false, reason: `wrong credentials for '${c.username}'` };
  return { ok: true, stale: nonce === 'stale' };
}

/**
 * Compares lower-case hex `expected` with `got` in either case, touching every character whatever
 * differs (the timing-safe comparison without two Buffer allocations per request).
 */
export function hexEqual(expected: string, got: string): boolean {
  if (expected.length !== got.length) return false;
  let diff = 0;
  for (let i = 0; i < expected.length; i++) {
    const c = got.charCodeAt(i);
    diff |= expected.charCodeAt(i) ^ (c >= 65 && c <= 70 ? c | 0x20 : c);
  }
  return diff === 0;
}

/** What a client reads from `WWW-Authenticate: Digest realm=…, nonce=…, qop=…`. */
export interface DigestChallenge {
  realm: string;
  nonce: string;
  /** 'auth' when the server offers it (alone or in a list); absent for the RFC 2069 form. */
  qop?: 'auth';
  opaque?: string;
}

/** The client side: a Digest challenge, or undefined when the header offers no Digest. */
export function parseDigestChallenge(header: string | null | undefined): DigestChallenge | undefined {
  if (header === null || header === undefined || !/^\s*digest\s/i.test(header)) return undefined;
  const fields: Record<string, string> = {};
  const re = /([a-zA-Z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))/g;
  for (let m = re.exec(header); m !== null; m = re.exec(header)) fields[m[1]!.toLowerCase()] = m[2] ?? m[3]!;
  if (fields.realm === undefined || fields.nonce === undefined) return undefined;
  const qop = fields.qop
    ?.split(',')
    .map((q) => q.trim())
    .includes('auth')
    ? 'auth'
    : undefined;
  return {
    realm: fields.realm,
    nonce: fields.nonce,
    ...(qop ? { qop } : {}),
    ...(fields.opaque ? { opaque: fields.opaque } : {}),
  };
}

/** The Authorization header answering a Digest challenge (MD5; qop=auth where offered, else the RFC 2069 form). */
export function digestAuthorization(
  challenge: DigestChallenge,
  method: string,
  uri: string,
  user: string,
  password: string,
): string {
  const cnonce = randomBytes(8).toString('hex');
  const nc = '00000001';
  const response = digestResponse(
    { username: user, realm: challenge.realm, nonce: challenge.nonce, uri, qop: challenge.qop, nc, cnonce },
    method,
    password,
  );
  const parts = [
    `username="${user}"`,
    `realm="${challenge.realm}"`,
    `nonce="${challenge.nonce}"`,
    `uri="${uri}"`,
    `response="${response}"`,
    'algorithm=MD5',
  ];
  if (challenge.qop) parts.push(`qop=${challenge.qop}`, `nc=${nc}`, `cnonce="${cnonce}"`);
  if (challenge.opaque) parts.push(`opaque="${challenge.opaque}"`);
  return `Digest ${parts.join(', ')}`;
}
