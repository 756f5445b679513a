import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkNonce, digestResponse, makeNonce, parseAuthorization } from './digest-auth.ts';
import { ParseError } from '../../media/errors/parse-error.ts';

describe('digest auth', () => {
  it('computes the RFC 2617 §3.5 example response', () => {
    // The RFC's example uses qop=auth; HA1 over "Mufasa:testrealm@host.com:Circle Of Life".
    const r = digestResponse('GET', 'Mufasa', 'Circle Of Life', {
      realm: 'testrealm@host.com',
      nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093',
      uri: '/dir/index.html',
      qop: 'auth',
      nc: '00000001',
      cnonce: '0a4f113b',
    });
    expect(r).toBe('6629fae49393a05397450978507c4ef1');
  });

  it('parses ffmpeg and VLC style headers', () => {
    const ffmpeg = parseAuthorization('Digest username="admin", realm="Cam", nonce="abc", uri="rtsp://h/s", response="0123456789ABCDEF0123456789abcdef"');
    expect(ffmpeg).toEqual({ scheme: 'digest', username: 'admin', realm: 'Cam', nonce: 'abc', uri: 'rtsp://h/s', response: '0123456789abcdef0123456789abcdef' });
    const qop = parseAuthorization('Digest username="a",realm="r",nonce="n",uri="/u",qop=auth,nc=00000001,cnonce="c",response="ff"');
    expect(qop).toMatchObject({ qop: 'auth', nc: '00000001', cnonce: 'c' });
    expect(parseAuthorization(`Basic ${Buffer.from('u:p:w').toString('base64')}`)).toEqual({ scheme: 'basic', username: 'u', password: 'p:w' });
  });

  it.each(['Digest username="a"', 'Bearer xyz', `Basic ${Buffer.from('nocolon').toString('base64')}`, 'Digest username="a", =bad'])('rejects %s', (h) => {
    expect(() => parseAuthorization(h)).toThrow(ParseError);
  });

  it('issues nonces that verify, expire as stale, and reject forgeries', () => {
    const secret = Buffer.from('0123456789abcdef');
    const nonce = makeNonce(secret, 1_000_000);
    expect(checkNonce(nonce, secret, 1_010_000, 60_000)).toBe('valid');
    expect(checkNonce(nonce, secret, 1_100_000, 60_000)).toBe('stale');
    expect(checkNonce(nonce, Buffer.from('another-secret!!'), 1_010_000, 60_000)).toBe('invalid');
    expect(checkNonce(`${nonce.slice(0, -1)}0`, secret, 1_010_000, 60_000)).not.toBe('valid');
  });

  it('any header gives credentials or a ParseError', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 300 }), fc.string({ maxLength: 300 }).map((s) => `Digest ${s}`)), (h) => {
        try {
          parseAuthorization(h);
        } catch (err) {
          expect(err).toBeInstanceOf(ParseError);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
