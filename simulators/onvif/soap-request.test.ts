import { describe, expect, it } from 'vitest';
import { SoapFault } from '../wire/soap-fault.ts';
import { parseSoapRequest } from './soap-request.ts';
import { faultResponse } from '../wire/soap-writer.ts';

const env = (body: string, header = ''): Buffer =>
  Buffer.from(
    `<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope">${header === '' ? '' : `<s:Header>${header}</s:Header>`}<s:Body>${body}</s:Body></s:Envelope>`,
  );

describe('parseSoapRequest', () => {
  it('reads the operation, its namespace and a PasswordDigest UsernameToken', () => {
    const security =
      '<wsse:Security xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"><wsse:UsernameToken><wsse:Username>admin</wsse:Username>' +
      '<wsse:Password Type="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest">abc=</wsse:Password><wsse:Nonce>bm9uY2U=</wsse:Nonce>' +
      '<wsu:Created xmlns:wsu="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd">2026-01-01T00:00:00Z</wsu:Created></wsse:UsernameToken></wsse:Security>';
    const input = env('<GetProfiles xmlns="http://www.onvif.org/ver10/media/wsdl"/>', security);
    const copy = Buffer.from(input);
    const req = parseSoapRequest(input);
    expect(input).toEqual(copy);
    expect(req.operation).toBe('GetProfiles');
    expect(req.operationNs).toBe('http://www.onvif.org/ver10/media/wsdl');
    expect(req.usernameToken).toEqual({
      username: 'admin',
      password: 'abc=',
      passwordType: 'digest',
      nonceBase64: 'bm9uY2U=',
      created: '2026-01-01T00:00:00Z',
    });
  });

  const faultCases: Array<{ name: string; input: Buffer; code: string; subcode?: string; status: number }> = [
    {
      name: 'SOAP 1.1',
      input: Buffer.from(
        '<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body><x/></e:Body></e:Envelope>',
      ),
      code: 'env:VersionMismatch',
      status: 500,
    },
    { name: 'not an envelope', input: Buffer.from('<a/>'), code: 'env:Sender', subcode: 'ter:WellFormed', status: 400 },
    {
      name: 'no body',
      input: Buffer.from('<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"/>'),
      code: 'env:Sender',
      subcode: 'ter:WellFormed',
      status: 400,
    },
    { name: 'empty body', input: env(''), code: 'env:Sender', subcode: 'ter:WellFormed', status: 400 },
    { name: 'two operations', input: env('<a/><b/>'), code: 'env:Sender', subcode: 'ter:WellFormed', status: 400 },
    {
      name: 'DOCTYPE',
      input: Buffer.from(
        '<!DOCTYPE s:Envelope SYSTEM "http://evil/x.dtd"><s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"/>',
      ),
      code: 'env:Sender',
      subcode: 'ter:WellFormed',
      status: 400,
    },
    {
      name: 'oversize',
      input: env(`<a>${'x'.repeat(1000)}</a>`),
      code: 'env:Sender',
      subcode: 'ter:WellFormed',
      status: 413,
    },
  ];

  it.each(faultCases)('faults on $name', ({ input, code, subcode, status }) => {
    let err: unknown;
    try {
      parseSoapRequest(input, 800);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SoapFault);
    const f = err as SoapFault;
    expect([f.code, f.subcode, f.httpStatus]).toEqual([code, subcode, status]);
    const res = faultResponse(f);
    expect(res.status).toBe(status);
    expect(res.body).toContain(`<env:Code><env:Value>${code}</env:Value>`);
  });

  it('nests dotted subcodes as SOAP 1.2 Subcode chains', () => {
    const body = faultResponse(
      new SoapFault('env:Sender', 'ter:InvalidArgVal/ter:NoProfile', 400, 'no <such> profile'),
    ).body;
    expect(body).toContain(
      '<env:Subcode><env:Value>ter:InvalidArgVal</env:Value><env:Subcode><env:Value>ter:NoProfile</env:Value></env:Subcode></env:Subcode>',
    );
    expect(body).toContain('no &lt;such&gt; profile');
  });
});
