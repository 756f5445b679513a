import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseRtspInbound, parseRtspResponseInbound } from './rtsp-parser.ts';
import { encodeRtspRequest, encodeRtspResponse } from './rtsp-encoder.ts';
import { ParseError } from '../../media/errors/parse-error.ts';
import { defaultRtspLimits } from './rtsp-limits.ts';

interface Case {
  name: string;
  wire: string;
  /** Expected method, uri, selected headers and body; 'incomplete' or 'error' otherwise. */
  want:
    | { method: string; uri: string; headers?: Record<string, string>; body?: string; consumed?: number }
    | 'incomplete'
    | 'error';
}

const cases: Case[] = [
  {
    name: 'OPTIONS',
    wire: 'OPTIONS rtsp://10.0.0.1/stream/main RTSP/1.0\r\nCSeq: 1\r\n\r\n',
    want: { method: 'OPTIONS', uri: 'rtsp://10.0.0.1/stream/main', headers: { cseq: '1' } },
  },
  {
    name: 'SETUP with transport',
    wire: 'SETUP rtsp://h/s/trackID=0 RTSP/1.0\r\nCSeq: 3\r\nTransport: RTP/AVP/TCP;unicast;interleaved=0-1\r\n\r\n',
    want: {
      method: 'SETUP',
      uri: 'rtsp://h/s/trackID=0',
      headers: { transport: 'RTP/AVP/TCP;unicast;interleaved=0-1' },
    },
  },
  {
    name: 'quirk: bare LF line ends (some NVRs)',
    wire: 'OPTIONS * RTSP/1.0\nCSeq: 2\n\n',
    want: { method: 'OPTIONS', uri: '*', headers: { cseq: '2' } },
  },
  {
    name: 'quirk: lower-case names, no space after colon',
    wire: 'PLAY rtsp://h/s RTSP/1.0\r\ncseq:5\r\nsession:ABC;timeout=60\r\n\r\n',
    want: { method: 'PLAY', uri: 'rtsp://h/s', headers: { cseq: '5', session: 'ABC;timeout=60' } },
  },
  {
    name: 'repeated header keeps the first',
    wire: 'OPTIONS * RTSP/1.0\r\nCSeq: 1\r\nCSeq: 9\r\n\r\n',
    want: { method: 'OPTIONS', uri: '*', headers: { cseq: '1' } },
  },
  {
    name: 'body by Content-Length',
    wire: 'SET_PARAMETER * RTSP/1.0\r\nCSeq: 4\r\nContent-Length: 5\r\n\r\nhello',
    want: { method: 'SET_PARAMETER', uri: '*', body: 'hello' },
  },
  {
    name: 'pipelined: consumes one request',
    wire: 'OPTIONS * RTSP/1.0\r\nCSeq: 1\r\n\r\nOPTIONS * RTSP/1.0\r\n',
    want: { method: 'OPTIONS', uri: '*', consumed: 31 },
  },
  { name: 'incomplete head', wire: 'OPTIONS * RTSP/1.0\r\nCSeq: 1\r\n', want: 'incomplete' },
  { name: 'incomplete body', wire: 'SET_PARAMETER * RTSP/1.0\r\nContent-Length: 10\r\n\r\nabc', want: 'incomplete' },
  { name: 'two-part request line', wire: 'OPTIONS *\r\nCSeq: 1\r\n\r\n', want: 'error' },
  { name: 'not RTSP version', wire: 'GET / HTTP/1.1\r\nHost: x\r\n\r\n', want: 'error' },
  { name: 'header without colon', wire: 'OPTIONS * RTSP/1.0\r\nCSeq 1\r\n\r\n', want: 'error' },
  { name: 'negative Content-Length', wire: 'OPTIONS * RTSP/1.0\r\nContent-Length: -1\r\n\r\n', want: 'error' },
  { name: 'huge Content-Length', wire: 'OPTIONS * RTSP/1.0\r\nContent-Length: 999999999\r\n\r\n', want: 'error' },
  { name: 'empty start line', wire: '\r\nOPTIONS * RTSP/1.0\r\n\r\n', want: 'error' },
  { name: 'binary garbage', wire: '\x00\x01\x02\x03 \xff\xfe\r\n\r\n', want: 'error' },
];

function parse(wire: string): ReturnType<typeof parseRtspInbound> | 'error' {
  try {
    return parseRtspInbound(Buffer.from(wire, 'latin1'));
  } catch (err) {
    if (err instanceof ParseError) return 'error';
    throw err;
  }
}

describe('parseRtspInbound', () => {
  it.each(cases)('$name', ({ wire, want }) => {
    const got = parse(wire);
    if (want === 'incomplete') return expect(got).toBeUndefined();
    if (want === 'error') return expect(got).toBe('error');
    if (got === undefined || got === 'error' || got.kind !== 'request')
      throw new Error(`expected a request, got ${String(got)}`);
    expect(got.request.method).toBe(want.method);
    expect(got.request.uri).toBe(want.uri);
    for (const [k, v] of Object.entries(want.headers ?? {})) expect(got.request.headers.get(k)).toBe(v);
    if (want.body !== undefined) expect(got.request.body.toString()).toBe(want.body);
    expect(got.consumedBytes).toBe(want.consumed ?? Buffer.byteLength(wire, 'latin1'));
  });

  it('does not mutate its input', () => {
    for (const c of cases) {
      const input = Buffer.from(c.wire, 'latin1');
      const copy = Buffer.from(input);
      parse(c.wire);
      expect(input.equals(copy)).toBe(true);
    }
  });

  it('frames interleaved binary data', () => {
    const frame = Buffer.from([0x24, 1, 0, 3, 9, 8, 7, 0x24]);
    const got = parseRtspInbound(frame);
    expect(got).toMatchObject({ kind: 'interleaved', consumedBytes: 7, frame: { channel: 1 } });
    expect(got?.kind === 'interleaved' && [...got.frame.payload]).toEqual([9, 8, 7]);
    expect(parseRtspInbound(frame.subarray(0, 5))).toBeUndefined();
  });

  it('enforces the named limits', () => {
    const longLine = `OPTIONS * RTSP/1.0\r\nX-A: ${'a'.repeat(defaultRtspLimits.maxLineBytes + 1)}\r\n\r\n`;
    expect(parse(longLine)).toBe('error');
    const many = `OPTIONS * RTSP/1.0\r\n${Array.from({ length: defaultRtspLimits.maxHeaderCount + 1 }, (_, i) => `X-${i}: 1\r\n`).join('')}\r\n`;
    expect(parse(many)).toBe('error');
    // Never asks for more than maxHeaderBytes without a blank line.
    const endless = `OPTIONS * RTSP/1.0\r\n${'X-Pad: 0123456789\r\n'.repeat(500)}`;
    expect(parse(endless)).toBe('error');
  });

  it('round-trips what the encoder writes', () => {
    const token = fc.stringMatching(/^[A-Z_]{1,12}$/);
    const value = fc.stringMatching(/^[!-~]([ -~]{0,40}[!-~])?$/);
    fc.assert(
      fc.property(
        token,
        fc.stringMatching(/^rtsp:\/\/[a-z0-9.]{1,20}\/[!-~]{0,40}$/),
        fc.uniqueArray(fc.tuple(fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,15}$/), value), {
          maxLength: 10,
          selector: ([k]) => k.toLowerCase(),
        }),
        fc.option(fc.string({ maxLength: 200 }), { nil: undefined }),
        (method, uri, headers, body) => {
          const filtered = headers.filter(([k]) => k.toLowerCase() !== 'content-length');
          const wire = encodeRtspRequest(method, uri, filtered, body);
          const got = parseRtspInbound(wire);
          expect(got?.kind).toBe('request');
          if (got?.kind !== 'request') return;
          expect(got.consumedBytes).toBe(wire.length);
          expect(got.request.method).toBe(method);
          expect(got.request.uri).toBe(uri);
          for (const [k, v] of filtered) expect(got.request.headers.get(k.toLowerCase())).toBe(v);
          expect(got.request.body.toString('utf8')).toBe(body ?? '');
        },
      ),
      { numRuns: 500 },
    );
  });

  it('fuzz: thousands of mutated requests give a value, undefined or a ParseError, within bounds', () => {
    const seeds = cases.map((c) => Buffer.from(c.wire, 'latin1'));
    const mutation = fc.record({
      seed: fc.integer({ min: 0, max: seeds.length - 1 }),
      edits: fc.array(
        fc.record({
          at: fc.nat(),
          op: fc.constantFrom('flip', 'insert', 'delete', 'dup'),
          byte: fc.integer({ min: 0, max: 255 }),
        }),
        { maxLength: 8 },
      ),
      cut: fc.option(fc.nat(), { nil: undefined }),
    });
    const maxBuffered = defaultRtspLimits.maxHeaderBytes + defaultRtspLimits.maxBodyBytes + 65_540;
    fc.assert(
      fc.property(mutation, ({ seed, edits, cut }) => {
        const bytes = [...seeds[seed]!];
        for (const e of edits) {
          const at = bytes.length === 0 ? 0 : e.at % bytes.length;
          if (e.op === 'flip') bytes[at] = e.byte;
          else if (e.op === 'insert') bytes.splice(at, 0, e.byte);
          else if (e.op === 'delete') bytes.splice(at, 1);
          else bytes.splice(at, 0, ...bytes.slice(at, at + 64));
        }
        const buf = Buffer.from(cut === undefined ? bytes : bytes.slice(0, cut % (bytes.length + 1)));
        try {
          const got = parseRtspInbound(buf);
          if (got === undefined) expect(buf.length).toBeLessThan(maxBuffered);
          else expect(got.consumedBytes).toBeLessThanOrEqual(buf.length);
        } catch (err) {
          expect(err).toBeInstanceOf(ParseError);
        }
      }),
      { numRuns: 5000 },
    );
  });

  it('fuzz: arbitrary bytes never throw anything but ParseError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 12_000 }), (arr) => {
        try {
          parseRtspInbound(Buffer.from(arr));
          parseRtspResponseInbound(Buffer.from(arr));
        } catch (err) {
          expect(err).toBeInstanceOf(ParseError);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('parseRtspResponseInbound', () => {
  it('reads what encodeRtspResponse writes', () => {
    const wire = encodeRtspResponse({
      status: 401,
      headers: [
        ['CSeq', '2'],
        ['WWW-Authenticate', 'Digest realm="r", nonce="n"'],
      ],
      body: 'x',
    });
    const got = parseRtspResponseInbound(wire);
    expect(got?.kind === 'response' && got.response).toMatchObject({ status: 401, reason: 'Unauthorized' });
    expect(got?.kind === 'response' && got.response.headers.get('www-authenticate')).toBe(
      'Digest realm="r", nonce="n"',
    );
    expect(got?.consumedBytes).toBe(wire.length);
  });
});
