import fc from 'fast-check';
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
    expect(verifyDigest({ ...parsed, response: parsed.response.toUpperCase() }, 'POST', 'pw')).toBe(true);
    expect(verifyDigest({ ...parsed, response: `${parsed.response.slice(0, 31)}g` }, 'POST', 'pw')).toBe(false);
    expect(verifyDigest({ ...parsed, response: `${parsed.response}00` }, 'POST', 'pw')).toBe(false);
  });

  it('ignores non-digest and truncated headers', () => {
    expect(parseDigestAuthorization('Basic YWRtaW46cHc=')).toBeUndefined();
    expect(parseDigestAuthorization('Digest username="a"')).toBeUndefined();
    expect(parseDigestAuthorization(`Digest ${'x'.repeat(5000)}`)).toBeUndefined();
  });

  const headers: Array<{ name: string; header: string; fields: Record<string, string | undefined> | undefined }> = [
    {
      name: 'quoted and bare values, any key case, blanks around =',
      header: 'DIGEST Username="admin" ,realm = "camlab",nonce="n1", uri="/onvif/media_service?x=1,2", QOP=auth, nc=0000000a, cnonce="c", response="ABCD", algorithm=MD5',
      fields: { username: 'admin', realm: 'camlab', nonce: 'n1', uri: '/onvif/media_service?x=1,2', qop: 'auth', nc: '0000000a', cnonce: 'c', response: 'ABCD', algorithm: 'MD5' },
    },
    { name: 'escaped quote and backslash', header: 'Digest username="a\\"b\\\\c", realm="r", nonce="n", uri="/", response="x"', fields: { username: 'a"b\\c' } },
    { name: 'RFC 2069 form without qop', header: 'digest\tusername="u", realm="r", nonce="n", uri="/", response="x"', fields: { username: 'u', qop: undefined } },
    { name: 'garbage between fields is skipped', header: 'Digest ;; username="u" ?? realm="r", nonce="n", uri="/", response="x"', fields: { username: 'u', realm: 'r' } },
    { name: 'unterminated quote drops the rest', header: 'Digest username="u", realm="r", nonce="n", uri="/", response="x', fields: undefined },
    { name: 'missing response', header: 'Digest username="u", realm="r", nonce="n", uri="/"', fields: undefined },
    { name: 'scheme without blank', header: 'Digestusername="u", realm="r", nonce="n", uri="/", response="x"', fields: undefined },
  ];
  it.each(headers)('parses Authorization: $name', ({ header, fields }) => {
    const parsed = parseDigestAuthorization(header);
    if (fields === undefined) expect(parsed).toBeUndefined();
    else expect(parsed).toMatchObject(fields);
  });

  it('round-trips any quoted field values, and any header gives credentials or undefined', () => {
    const value = fc.string({ maxLength: 40 });
    fc.assert(
      fc.property(value, value, value, (username, nonce, uri) => {
        const q = (v: string): string => `"${v.replace(/["\\]/g, '\\$&')}"`;
        const parsed = parseDigestAuthorization(`Digest username=${q(username)}, realm="camlab", nonce=${q(nonce)}, uri=${q(uri)}, response="r"`);
        expect(parsed).toMatchObject({ username, nonce, uri, realm: 'camlab', response: 'r' });
      }),
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (tail) => {
        const parsed = parseDigestAuthorization(`Digest ${tail}`);
        expect(parsed === undefined || typeof parsed.username === 'string').toBe(true);
      }),
    );
  });
});
