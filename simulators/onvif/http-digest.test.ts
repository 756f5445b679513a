import { describe, expect, it } from 'vitest';
import { DIGEST_NONCE_LIFETIME_MS, DigestNonces, digestResponse, parseDigestAuthorization, verifyDigest } from './http-digest.ts';

describe('HTTP Digest', () => {
  const nonces = new DigestNonces(Buffer.from('secret'));
  const now = 1_800_000_000_000;

  it('issues nonces it recognises, and calls old ones stale', () => {
    const n = nonces.issue(now);
    expect(nonces.check(n, now + 1000)).toBe('ok');
    expect(nonces.check(n, now + DIGEST_NONCE_LIFETIME_MS + 1)).toBe('stale');
    expect(nonces.check(`${n.slice(0, -1)}0`, now)).toBe('bad');
    expect(new DigestNonces(Buffer.from('other')).check(n, now)).toBe('bad');
  });

  it('verifies an RFC 7616 MD5 response and rejects a wrong password', () => {
    const nonce = nonces.issue(now);
    const c = { username: 'admin', realm: 'camlab', nonce, uri: '/onvif/device_service', qop: 'auth', nc: '00000001', cnonce: 'abc' };
    const header = `Digest username="admin", realm="camlab", nonce="${nonce}", uri="/onvif/device_service", qop=auth, nc=00000001, cnonce="abc", response="${digestResponse(c, 'POST', 'pw')}"`;
    const parsed = parseDigestAuthorization(header)!;
    expect(parsed).toMatchObject({ username: 'admin', qop: 'auth', nc: '00000001' });
    expect(verifyDigest(parsed, 'POST', 'pw')).toBe(true);
    expect(verifyDigest(parsed, 'POST', 'wrong')).toBe(false);
    expect(verifyDigest(parsed, 'GET', 'pw')).toBe(false);
  });

  it('ignores non-digest and truncated headers', () => {
    expect(parseDigestAuthorization('Basic YWRtaW46cHc=')).toBeUndefined();
    expect(parseDigestAuthorization('Digest username="a"')).toBeUndefined();
    expect(parseDigestAuthorization(`Digest ${'x'.repeat(5000)}`)).toBeUndefined();
  });
});
