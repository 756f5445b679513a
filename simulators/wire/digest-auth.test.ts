import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../media/errors/parse-error.ts';
import {
  DIGEST_NONCE_FUTURE_TOLERANCE_MS,
  DIGEST_NONCE_LIFETIME_MS,
  DIGEST_PROFILES,
  type DigestCredentials,
  type DigestProfile,
  DigestNonces,
  type DigestVerdict,
  digestAuthorization,
  digestChallenge,
  digestResponse,
  hexEqual,
  parseAuthorization,
  parseDigestAuthorization,
  parseDigestChallenge,
  verifyDigest,
} from './digest-auth.ts';

describe('Digest response', () => {
  it('computes the RFC 2617 §3.5 example response', () => {
    // The RFC's example uses qop=auth; HA1 over "Mufasa:testrealm@host.com:Circle Of Life".
    const r = digestResponse(
      {
        username: 'Mufasa',
        realm: 'testrealm@host.com',
        nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093',
        uri: '/dir/index.html',
        qop: 'auth',
        nc: '00000001',
        cnonce: '0a4f113b',
      },
      'GET',
      'Circle Of Life',
    );
    expect(r).toBe('6629fae49393a05397450978507c4ef1');
  });
});

describe('parseAuthorization', () => {
  const cases: Array<{ name: string; header: string; fields: Record<string, string | undefined> | undefined }> = [
    {
      name: 'ffmpeg (RFC 2069 form, upper-case hex response)',
      header:
        'Digest username="admin", realm="Cam", nonce="abc", uri="rtsp://h/s", response="0123456789ABCDEF0123456789abcdef"',
      fields: {
        scheme: 'digest',
        username: 'admin',
        realm: 'Cam',
        uri: 'rtsp://h/s',
        response: '0123456789ABCDEF0123456789abcdef',
        qop: undefined,
      },
    },
    {
      name: 'no blanks, bare qop and nc',
      header: 'Digest username="a",realm="r",nonce="n",uri="/u",qop=auth,nc=00000001,cnonce="c",response="ff"',
      fields: { qop: 'auth', nc: '00000001', cnonce: 'c' },
    },
    {
      name: 'quoted and bare values, any key case, blanks around =',
      header:
        'DIGEST Username="admin" ,realm = "camlab",nonce="n1", uri="/onvif/media_service?x=1,2", QOP=auth, nc=0000000a, cnonce="c", response="ABCD", algorithm=MD5',
      fields: {
        username: 'admin',
        realm: 'camlab',
        nonce: 'n1',
        uri: '/onvif/media_service?x=1,2',
        qop: 'auth',
        nc: '0000000a',
        cnonce: 'c',
        response: 'ABCD',
        algorithm: 'MD5',
      },
    },
    {
      name: 'escaped quote and backslash',
      header: 'Digest username="a\\"b\\\\c", realm="r", nonce="n", uri="/", response="x"',
      fields: { username: 'a"b\\c' },
    },
    {
      name: 'tab after the scheme',
      header: 'digest\tusername="u", realm="r", nonce="n", uri="/", response="x"',
      fields: { username: 'u' },
    },
    {
      name: 'garbage between fields is skipped',
      header: 'Digest ;; username="u" ?? realm="r", nonce="n", uri="/", response="x"',
      fields: { username: 'u', realm: 'r' },
    },
    {
      name: 'Basic with a colon in the password',
      header: `Basic ${Buffer.from('u:p:w').toString('base64')}`,
      fields: { scheme: 'basic', username: 'u', password: 'p:w' },
    },
    {
      name: 'unterminated quote',
      header: 'Digest username="u", realm="r", nonce="n", uri="/", response="x',
      fields: undefined,
    },
    { name: 'missing response', header: 'Digest username="u", realm="r", nonce="n", uri="/"', fields: undefined },
    { name: 'only a username', header: 'Digest username="a"', fields: undefined },
    { name: 'a key without a name', header: 'Digest username="a", =bad', fields: undefined },
    {
      name: 'scheme without blank',
      header: 'Digestusername="u", realm="r", nonce="n", uri="/", response="x"',
      fields: undefined,
    },
    { name: 'another scheme', header: 'Bearer xyz', fields: undefined },
    { name: 'Basic without a colon', header: `Basic ${Buffer.from('nocolon').toString('base64')}`, fields: undefined },
    { name: 'oversized', header: `Digest ${'x'.repeat(5000)}`, fields: undefined },
  ];
  it.each(cases)('$name', ({ header, fields }) => {
    if (fields === undefined) expect(() => parseAuthorization(header)).toThrow(ParseError);
    else expect(parseAuthorization(header)).toMatchObject(fields);
  });

  it('round-trips any quoted field values, and any header gives credentials or a ParseError', () => {
    const value = fc.string({ maxLength: 40 });
    fc.assert(
      fc.property(value, value, value, (username, nonce, uri) => {
        const q = (v: string): string => `"${v.replace(/["\\]/g, '\\$&')}"`;
        const parsed = parseAuthorization(
          `Digest username=${q(username)}, realm="camlab", nonce=${q(nonce)}, uri=${q(uri)}, response="r"`,
        );
        expect(parsed).toMatchObject({ username, nonce, uri, realm: 'camlab', response: 'r' });
      }),
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 300 }),
          fc.string({ maxLength: 300 }).map((s) => `Digest ${s}`),
        ),
        (h) => {
          try {
            parseAuthorization(h);
          } catch (err) {
            expect(err).toBeInstanceOf(ParseError);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('DigestNonces', () => {
  const now = 1_800_000_000_000;
  const nonces = new DigestNonces(Buffer.from('secret'));

  it.each([
    { name: 'fresh', nonce: () => nonces.issue(now), atMs: now + 1000, expected: 'ok' },
    {
      name: 'at the end of its lifetime',
      nonce: () => nonces.issue(now),
      atMs: now + DIGEST_NONCE_LIFETIME_MS,
      expected: 'ok',
    },
    {
      name: 'past its lifetime',
      nonce: () => nonces.issue(now),
      atMs: now + DIGEST_NONCE_LIFETIME_MS + 1,
      expected: 'stale',
    },
    {
      name: 'stamped within the tolerance ahead',
      nonce: () => nonces.issue(now + DIGEST_NONCE_FUTURE_TOLERANCE_MS),
      atMs: now,
      expected: 'ok',
    },
    {
      name: 'stamped ahead of the clock (the clock stepped back)',
      nonce: () => nonces.issue(now + DIGEST_NONCE_FUTURE_TOLERANCE_MS + 1),
      atMs: now,
      expected: 'stale',
    },
    { name: 'one MAC digit changed', nonce: () => `${nonces.issue(now).slice(0, -1)}0`, atMs: now, expected: 'bad' },
    {
      name: 'another server',
      nonce: () => new DigestNonces(Buffer.from('other')).issue(now),
      atMs: now,
      expected: 'bad',
    },
    { name: 'not hex', nonce: () => `zz${nonces.issue(now).slice(2)}`, atMs: now, expected: 'bad' },
    { name: 'too short', nonce: () => 'abc', atMs: now, expected: 'bad' },
  ])('a nonce $name is $expected', ({ nonce, atMs, expected }) => {
    expect(nonces.check(nonce(), atMs)).toBe(expected);
  });

  it('takes a lifetime (RTSP servers configure theirs), and one per check', () => {
    const short = new DigestNonces(Buffer.from('secret'), 60_000);
    expect(short.check(short.issue(now), now + 60_001)).toBe('stale');
    expect(short.check(short.issue(now), now + 60_001, 120_000)).toBe('ok');
  });
});

/** One table over both protocols: the behaviour differs only where DIGEST_PROFILES says so. */
describe.each([
  {
    protocol: 'http',
    profile: DIGEST_PROFILES.http,
    method: 'POST',
    target: '/onvif/device_service',
    challenge: /^Digest realm="cam", qop="auth", nonce="[0-9a-f]+", algorithm=MD5$/,
  },
  {
    protocol: 'rtsp',
    profile: DIGEST_PROFILES.rtsp,
    method: 'DESCRIBE',
    target: 'rtsp://127.0.0.1:8554/main',
    challenge: /^Digest realm="cam", nonce="[0-9a-f]+"$/,
  },
] as const)('verifyDigest over $protocol', ({ protocol, profile, method, target, challenge }) => {
  const now = 1_800_000_000_000;
  const nonces = new DigestNonces(Buffer.from('secret'));
  const credentials = (
    over: Partial<DigestCredentials> & { password?: string; qop?: string } = {},
  ): DigestCredentials => {
    const base = {
      username: 'admin',
      realm: 'cam',
      nonce: nonces.issue(now),
      uri: target,
      qop: undefined as string | undefined,
      nc: undefined as string | undefined,
      cnonce: undefined as string | undefined,
      ...over,
    };
    if (base.qop !== undefined) Object.assign(base, { nc: '00000001', cnonce: 'c0ffee' });
    return {
      scheme: 'digest',
      algorithm: undefined,
      ...base,
      response: over.response ?? digestResponse(base, method, over.password ?? 'pw'),
    };
  };
  const verify = (c: DigestCredentials, atMs = now): DigestVerdict =>
    verifyDigest(c, { profile, realm: 'cam', method, target, password: 'pw', nonces, nowMs: atMs });
  const ok = { ok: true, stale: false };
  const refused = { ok: false };

  it.each([
    { name: 'the RFC 2069 form (no qop)', c: () => credentials(), expected: ok },
    { name: 'qop=auth', c: () => credentials({ qop: 'auth' }), expected: ok },
    { name: 'algorithm=MD5 in any case', c: () => credentials({ algorithm: 'md5' }), expected: ok },
    {
      name: 'an upper-case hex response',
      c: () => ({ ...credentials(), response: credentials().response.toUpperCase() }),
      expected: ok,
    },
    { name: 'a wrong password', c: () => credentials({ password: 'wrong' }), expected: refused },
    { name: 'another realm', c: () => credentials({ realm: 'other' }), expected: refused },
    {
      name: 'a forged nonce',
      c: () => credentials({ nonce: `${nonces.issue(now).slice(0, -1)}0` }),
      expected: refused,
    },
    {
      name: 'algorithm=SHA-256 (only MD5 is offered)',
      c: () => credentials({ algorithm: 'SHA-256' }),
      expected: refused,
    },
    {
      name: 'a response one digit longer',
      c: () => ({ ...credentials(), response: `${credentials().response}0` }),
      expected: refused,
    },
    {
      name: 'a digest uri other than the target',
      c: () => credentials({ uri: '/elsewhere' }),
      expected: profile.checkUri ? refused : ok,
    },
  ])('$name', ({ c, expected }) => {
    expect(verify(c())).toMatchObject(expected);
  });

  it('lets any password through for a known user where the camera is told to, never an unknown user', () => {
    const loose = (password: string | undefined): DigestVerdict =>
      verifyDigest(credentials({ password: 'wrong' }), {
        profile,
        realm: 'cam',
        method,
        target,
        password,
        nonces,
        nowMs: now,
        anyPassword: true,
      });
    expect(loose('pw')).toEqual(ok);
    expect(loose(undefined)).toMatchObject(refused);
  });

  it('says stale only once the response proved the password', () => {
    const later = now + DIGEST_NONCE_LIFETIME_MS + 1;
    expect(verify(credentials(), later)).toEqual({ ok: true, stale: true });
    expect(verify(credentials({ password: 'wrong' }), later)).toMatchObject(refused);
  });

  it(`challenges in the ${protocol} form, and stale=TRUE when asked`, () => {
    expect(digestChallenge(profile as DigestProfile, 'cam', nonces.issue(now), false)).toMatch(challenge);
    expect(digestChallenge(profile as DigestProfile, 'cam', nonces.issue(now), true)).toMatch(/, stale=TRUE$/);
  });

  it('verifies what parseAuthorization read from the wire', () => {
    const c = credentials({ qop: 'auth' });
    const header = `Digest username="${c.username}", realm="${c.realm}", nonce="${c.nonce}", uri="${c.uri}", qop=auth, nc=${c.nc}, cnonce="${c.cnonce}", response="${c.response}"`;
    expect(verify(parseDigestAuthorization(header))).toEqual(ok);
  });
});

/** The client side, as the probe, the ONVIF e2e client and the RTSP reader answer a challenge. */
describe('parseDigestChallenge', () => {
  const cases: { name: string; header: string | null; expected: ReturnType<typeof parseDigestChallenge> }[] = [
    {
      name: 'qop auth',
      header: 'Digest realm="camlab", qop="auth", nonce="abc", algorithm=MD5',
      expected: { realm: 'camlab', nonce: 'abc', qop: 'auth' },
    },
    {
      name: 'RFC 2069 (no qop), with opaque',
      header: 'Digest realm="r", nonce="n", opaque="o"',
      expected: { realm: 'r', nonce: 'n', opaque: 'o' },
    },
    {
      name: 'qop list with auth-int first',
      header: 'Digest realm="r", nonce="n", qop="auth-int,auth"',
      expected: { realm: 'r', nonce: 'n', qop: 'auth' },
    },
    { name: 'Basic only', header: 'Basic realm="r"', expected: undefined },
    { name: 'no header', header: null, expected: undefined },
    { name: 'no nonce', header: 'Digest realm="r"', expected: undefined },
  ];
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_n, c) =>
    expect(parseDigestChallenge(c.header)).toEqual(c.expected),
  );
});

describe('digestAuthorization', () => {
  it.each([
    ['with qop', 'Digest realm="camlab", qop="auth", nonce="0123456789abcdef0123456789"'],
    ['without qop', 'Digest realm="camlab", nonce="0123456789abcdef0123456789"'],
  ])('answers a challenge %s the way the camera verifies it', (_n, header) => {
    const challenge = parseDigestChallenge(header)!;
    const parsed = parseDigestAuthorization(
      digestAuthorization(challenge, 'GET', '/snapshot.jpg?x=1', 'admin', 'camlab'),
    );
    expect(parsed.uri).toBe('/snapshot.jpg?x=1');
    expect(hexEqual(digestResponse(parsed, 'GET', 'camlab'), parsed.response)).toBe(true);
    expect(hexEqual(digestResponse(parsed, 'GET', 'wrong'), parsed.response)).toBe(false);
  });
});
