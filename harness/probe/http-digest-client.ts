import { randomBytes } from 'node:crypto';
import { digestResponse } from '../../simulators/wire/digest-auth.ts';

/** Parses `WWW-Authenticate: Digest realm=…, nonce=…, qop=…`; undefined when it offers no Digest. */
export function parseDigestChallenge(header: string | null): { realm: string; nonce: string; qop?: string; opaque?: string } | undefined {
  if (header === null || !/^\s*digest\s/i.test(header)) return undefined;
  const fields: Record<string, string> = {};
  const re = /([a-zA-Z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))/g;
  for (let m = re.exec(header); m !== null; m = re.exec(header)) fields[m[1]!.toLowerCase()] = m[2] ?? m[3]!;
  if (fields.realm === undefined || fields.nonce === undefined) return undefined;
  const qop = fields.qop?.split(',').map((q) => q.trim()).includes('auth') ? 'auth' : undefined;
  return { realm: fields.realm, nonce: fields.nonce, ...(qop ? { qop } : {}), ...(fields.opaque ? { opaque: fields.opaque } : {}) };
}

/** The Authorization header answering a Digest challenge (RFC 7616, MD5). */
export function digestAuthorization(challenge: NonNullable<ReturnType<typeof parseDigestChallenge>>, method: string, uri: string, user: string, password: string): string {
  const cnonce = randomBytes(8).toString('hex');
  const nc = '00000001';
  const response = digestResponse({ username: user, realm: challenge.realm, nonce: challenge.nonce, uri, qop: challenge.qop, nc, cnonce }, method, password);
  const parts = [`username="${user}"`, `realm="${challenge.realm}"`, `nonce="${challenge.nonce}"`, `uri="${uri}"`, `response="${response}"`, 'algorithm=MD5'];
  if (challenge.qop) parts.push(`qop=${challenge.qop}`, `nc=${nc}`, `cnonce="${cnonce}"`);
  if (challenge.opaque) parts.push(`opaque="${challenge.opaque}"`);
  return `Digest ${parts.join(', ')}`;
}

/** GET with HTTP digest: the unauthenticated try, then the answer to its challenge. */
export async function getWithDigest(url: string, user: string, password: string, timeoutMs: number): Promise<{ status: number; contentType: string; body: Buffer; challenged: boolean }> {
  const first = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  if (first.status !== 401) return { status: first.status, contentType: first.headers.get('content-type') ?? '', body: Buffer.from(await first.arrayBuffer()), challenged: false };
  await first.arrayBuffer();
  const challenge = parseDigestChallenge(first.headers.get('www-authenticate'));
  if (challenge === undefined) return { status: 401, contentType: '', body: Buffer.alloc(0), challenged: true };
  const u = new URL(url);
  const res = await fetch(url, { headers: { authorization: digestAuthorization(challenge, 'GET', `${u.pathname}${u.search}`, user, password) }, signal: AbortSignal.timeout(timeoutMs) });
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', body: Buffer.from(await res.arrayBuffer()), challenged: true };
}
