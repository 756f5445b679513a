import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HttpLimits } from './http-limits.ts';
import { HttpParseError } from './http-parse-error.ts';
import { type HttpInbound, parseHttpRequest } from './http-request-parser.ts';

const limits: HttpLimits = { maxHeaderBytes: 1024, maxHeaderCount: 16, maxBodyBytes: 64 };
const parse = (text: string): HttpInbound | undefined => parseHttpRequest(Buffer.from(text, 'latin1'), limits);

function request(text: string) {
  const r = parse(text);
  if (r?.kind !== 'request') throw new Error(`expected a request, got ${JSON.stringify(r)}`);
  return { ...r.request, body: r.request.body.toString('latin1'), consumedBytes: r.consumedBytes };
}

function status(text: string): number {
  try {
    parse(text);
  } catch (err) {
    if (err instanceof HttpParseError) return err.status;
    throw err;
  }
  throw new Error('expected an HttpParseError');
}

/** Requests as clients send them: one table feeds the decoding tests and the split-point property. */
const cases: Array<{
  name: string;
  wire: string;
  method: string;
  target: string;
  body: string;
  keepAlive: boolean;
  headers?: Record<string, string>;
}> = [
  {
    name: 'onvif client POST',
    wire: 'POST /onvif/device_service HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/soap+xml\r\nContent-Length: 5\r\n\r\n<a/>x',
    method: 'POST',
    target: '/onvif/device_service',
    body: '<a/>x',
    keepAlive: true,
  },
  {
    name: 'curl --digest first leg (empty body)',
    wire: 'POST /onvif/device_service HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n',
    method: 'POST',
    target: '/onvif/device_service',
    body: '',
    keepAlive: true,
  },
  {
    name: 'snapshot GET with query',
    wire: 'GET /snap.jpg?profile=main HTTP/1.1\r\nHost: h\r\n\r\n',
    method: 'GET',
    target: '/snap.jpg?profile=main',
    body: '',
    keepAlive: true,
  },
  {
    name: 'chunked body with an extension and a trailer',
    wire: 'POST /x HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3;ext=1\r\nabc\r\n2\r\nde\r\n0\r\nX-Trailer: 1\r\n\r\n',
    method: 'POST',
    target: '/x',
    body: 'abcde',
    keepAlive: true,
  },
  {
    name: 'HTTP/1.0 closes by default',
    wire: 'POST /x HTTP/1.0\r\nContent-Length: 2\r\n\r\nhi',
    method: 'POST',
    target: '/x',
    body: 'hi',
    keepAlive: false,
  },
  {
    name: 'HTTP/1.0 with keep-alive',
    wire: 'GET /x HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n',
    method: 'GET',
    target: '/x',
    body: '',
    keepAlive: true,
  },
  {
    name: 'HTTP/1.1 Connection: close',
    wire: 'GET /x HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n',
    method: 'GET',
    target: '/x',
    body: '',
    keepAlive: false,
  },
  {
    name: 'leading empty lines are ignored',
    wire: '\r\n\r\nGET /x HTTP/1.1\r\nHost: h\r\n\r\n',
    method: 'GET',
    target: '/x',
    body: '',
    keepAlive: true,
  },
  {
    name: 'repeated fields are joined, names lower-cased',
    wire: 'GET /x HTTP/1.1\r\nHost: h\r\nX-A: 1\r\nx-a:2 \r\n\r\n',
    method: 'GET',
    target: '/x',
    body: '',
    keepAlive: true,
    headers: { 'x-a': '1, 2' },
  },
  {
    name: 'repeated equal Content-Length',
    wire: 'POST /x HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nok',
    method: 'POST',
    target: '/x',
    body: 'ok',
    keepAlive: true,
  },
];

describe('parseHttpRequest', () => {
  for (const c of cases) {
    it(`reads ${c.name}`, () => {
      const wire = Buffer.from(c.wire, 'latin1');
      const copy = Buffer.from(wire);
      const r = request(c.wire);
      expect(r).toMatchObject({
        method: c.method,
        target: c.target,
        body: c.body,
        keepAlive: c.keepAlive,
        consumedBytes: wire.length,
      });
      for (const [name, value] of Object.entries(c.headers ?? {})) expect(r.headers.get(name)).toBe(value);
      parseHttpRequest(wire, limits);
      expect(wire.equals(copy)).toBe(true);
    });
  }

  it('waits for the rest of a head and of a body', () => {
    expect(parse('POST /x HTTP/1.1\r\nHost: h\r\n')).toBeUndefined();
    expect(parse('POST /x HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\n\r\nab')?.kind).toBe('incomplete-body');
    expect(parse('POST /x HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nab')?.kind).toBe(
      'incomplete-body',
    );
    expect(parse('POST /x HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n')?.kind).toBe(
      'incomplete-body',
    );
  });

  it('says when a client waits for 100 Continue', () => {
    const r = parse('POST /x HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n');
    expect(r?.kind === 'incomplete-body' && r.head.expectContinue).toBe(true);
  });

  it('leaves a pipelined request in the buffer', () => {
    const r = request('GET /a HTTP/1.1\r\nHost: h\r\n\r\nGET /b HTTP/1.1\r\nHost: h\r\n\r\n');
    expect(r.target).toBe('/a');
    expect(r.consumedBytes).toBe('GET /a HTTP/1.1\r\nHost: h\r\n\r\n'.length);
  });

  it('hands over the head of a body over the limit, declared or chunked', () => {
    expect(parse('POST /x HTTP/1.1\r\nHost: h\r\nContent-Length: 65\r\n\r\n')?.kind).toBe('too-large');
    const chunk = 'a'.repeat(40);
    expect(
      parse(
        `POST /x HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n28\r\n${chunk}\r\n28\r\n${chunk}\r\n0\r\n\r\n`,
      )?.kind,
    ).toBe('too-large');
  });

  const refusals: Array<[string, string, number]> = [
    ['TLS ClientHello', '\x16\x03\x01\x02\x00', 400],
    ['no version', 'GET /x\r\n\r\n', 400],
    ['HTTP/2 preface', 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 505],
    ['missing Host on 1.1', 'GET /x HTTP/1.1\r\n\r\n', 400],
    ['two Hosts', 'GET /x HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n', 400],
    ['space before the colon', 'GET /x HTTP/1.1\r\nHost : h\r\n\r\n', 400],
    ['obs-fold', 'GET /x HTTP/1.1\r\nHost: h\r\nX: a\r\n b\r\n\r\n', 400],
    ['control character in a value', 'GET /x HTTP/1.1\r\nHost: h\r\nX: a\x01b\r\n\r\n', 400],
    ['bare LF inside a line', 'GET /x HTTP/1.1\r\nHost: h\nX: y\r\n\r\n', 400],
    [
      'Content-Length and Transfer-Encoding (smuggling)',
      'POST /x HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n',
      400,
    ],
    ['differing Content-Lengths', 'POST /x HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n', 400],
    ['negative Content-Length', 'POST /x HTTP/1.1\r\nHost: h\r\nContent-Length: -1\r\n\r\n', 400],
    ['gzip transfer coding', 'POST /x HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip, chunked\r\n\r\n', 501],
    ['chunked not last', 'POST /x HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked, gzip\r\n\r\n', 400],
    ['Transfer-Encoding on 1.0', 'POST /x HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n', 400],
    ['bad chunk size', 'POST /x HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n', 400],
    ['chunk data without CRLF', 'POST /x HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabXY', 400],
    ['unknown expectation', 'POST /x HTTP/1.1\r\nHost: h\r\nExpect: 200-ok\r\n\r\n', 417],
    ['oversize head', `GET /x HTTP/1.1\r\nHost: h\r\nX: ${'a'.repeat(1100)}`, 431],
    ['too many fields', `GET /x HTTP/1.1\r\nHost: h\r\n${'X: 1\r\n'.repeat(17)}\r\n`, 431],
  ];
  for (const [name, wire, code] of refusals) {
    it(`refuses ${name} with ${code}`, () => expect(status(wire)).toBe(code));
  }

  it('reads the same request however the bytes are split', () => {
    fc.assert(
      fc.property(fc.constantFrom(...cases), fc.integer({ min: 0, max: 400 }), (c, cutAt) => {
        const wire = Buffer.from(c.wire, 'latin1');
        const cut = Math.min(cutAt, wire.length);
        const partial = parseHttpRequest(wire.subarray(0, cut), limits);
        if (cut < wire.length) expect(partial?.kind).not.toBe('request');
        const whole = parseHttpRequest(wire, limits);
        expect(whole?.kind === 'request' && whole.request.body.toString('latin1')).toBe(c.body);
      }),
    );
  });

  it('gives any bytes a value or an HttpParseError, never another exception', () => {
    const seeds = [...cases.map((c) => c.wire), ...refusals.map(([, w]) => w)];
    fc.assert(
      fc.property(fc.constantFrom(...seeds), fc.uint8Array({ maxLength: 64 }), fc.nat(), (seed, noise, at) => {
        const wire = Buffer.from(seed, 'latin1');
        const i = at % (wire.length + 1);
        const bytes = Buffer.concat([wire.subarray(0, i), Buffer.from(noise), wire.subarray(i)]);
        try {
          parseHttpRequest(bytes, limits);
        } catch (err) {
          expect(err).toBeInstanceOf(HttpParseError);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
