import { describe, expect, it } from 'vitest';
import { digestResponse, hexEqual, parseDigestAuthorization } from '../../simulators/wire/digest-auth.ts';
import { digestAuthorization, parseDigestChallenge } from './http-digest-client.ts';
import { refused } from './soap-call.ts';

describe('parseDigestChallenge', () => {
  const cases: { name: string; header: string | null; expected: ReturnType<typeof parseDigestChallenge> }[] = [
    { name: 'qop auth', header: 'Digest realm="camlab", qop="auth", nonce="abc", algorithm=MD5', expected: { realm: 'camlab', nonce: 'abc', qop: 'auth' } },
    { name: 'RFC 2069 (no qop), with opaque', header: 'Digest realm="r", nonce="n", opaque="o"', expected: { realm: 'r', nonce: 'n', opaque: 'o' } },
    { name: 'qop list with auth-int first', header: 'Digest realm="r", nonce="n", qop="auth-int,auth"', expected: { realm: 'r', nonce: 'n', qop: 'auth' } },
    { name: 'Basic only', header: 'Basic realm="r"', expected: undefined },
    { name: 'no header', header: null, expected: undefined },
    { name: 'no nonce', header: 'Digest realm="r"', expected: undefined },
  ];
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_n, c) => expect(parseDigestChallenge(c.header)).toEqual(c.expected));
});

describe('digestAuthorization', () => {
  it.each([
    ['with qop', 'Digest realm="camlab", qop="auth", nonce="0123456789abcdef0123456789"'],
    ['without qop', 'Digest realm="camlab", nonce="0123456789abcdef0123456789"'],
  ])('answers a challenge %s the way the camera verifies it', (_n, header) => {
    const challenge = parseDigestChallenge(header)!;
    const parsed = parseDigestAuthorization(digestAuthorization(challenge, 'GET', '/snapshot.jpg?x=1', 'admin', 'camlab'));
    expect(parsed.uri).toBe('/snapshot.jpg?x=1');
    expect(hexEqual(digestResponse(parsed, 'GET', 'camlab'), parsed.response)).toBe(true);
    expect(hexEqual(digestResponse(parsed, 'GET', 'wrong'), parsed.response)).toBe(false);
  });
});

describe('refused', () => {
  it.each([
    [{ status: 401, text: '' }, true],
    [{ status: 400, text: '', fault: 'ter:NotAuthorized' }, true],
    [{ status: 500, text: '', fault: 'ter:Action' }, true],
    [{ status: 400, text: '' }, false],
    [{ status: 200, text: '' }, false],
  ])('%o → %s', (reply, expected) => expect(refused(reply)).toBe(expected));
});
