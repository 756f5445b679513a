import { createRequire } from 'node:module';
import { bench, describe } from 'vitest';
import { parseHttpRequest } from './http-request-parser.ts';

/**
 * The parse of one ONVIF request as a hub sends it (HTTP Digest, a GetProfiles envelope), by
 * camlab's parser and, beside it, by llhttp through node:http's own binding (the peer the
 * ONVIF listeners used before). llhttp only tokenises here: node:http then builds
 * IncomingMessage, a headers object and the body stream on top, which this does not count.
 */
const body =
  '<?xml version="1.0" encoding="UTF-8"?><s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body><GetProfiles xmlns="http://www.onvif.org/ver10/media/wsdl"/></s:Body></s:Envelope>';
const wire = Buffer.from(
  'POST /onvif/media_service HTTP/1.1\r\nHost: 127.12.128.1:8080\r\nContent-Type: application/soap+xml; charset=utf-8\r\n' +
    'Authorization: Digest username="admin", realm="camlab", nonce="AAABk3Xa0QAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", uri="/onvif/media_service", ' +
    'qop=auth, nc=000001a2, cnonce="0123456789abcdef", response="0123456789abcdef0123456789abcdef", algorithm=MD5\r\n' +
    `Content-Length: ${body.length}\r\n\r\n${body}`,
  'latin1',
);

interface LlhttpParser {
  initialize(type: number, resource: object): void;
  execute(buf: Buffer): number;
  [key: number]: unknown;
}
const { HTTPParser } = createRequire(import.meta.url)('_http_common') as {
  HTTPParser: {
    new (): LlhttpParser;
    REQUEST: number;
    kOnHeadersComplete: number;
    kOnBody: number;
    kOnMessageComplete: number;
  };
};
const llhttp = new HTTPParser();
llhttp.initialize(HTTPParser.REQUEST, {});
let sink = 0;
llhttp[HTTPParser.kOnHeadersComplete] = (_maj: number, _min: number, headers: string[]) => {
  sink += headers.length;
  return 0;
};
llhttp[HTTPParser.kOnBody] = (b: Buffer) => {
  sink += b.length;
};
llhttp[HTTPParser.kOnMessageComplete] = () => undefined;

describe('parse one digest-authenticated GetProfiles request', () => {
  bench('camlab parseHttpRequest', () => {
    const r = parseHttpRequest(wire);
    if (r?.kind === 'request') sink += r.request.body.length;
  });

  bench('llhttp (node:http) tokenising only', () => {
    sink += llhttp.execute(wire);
  });
});
