import { describe, expect, it } from 'vitest';
import { describeReply, notSupported, readSoapReply } from './soap-call.ts';

const env12 = (body: string, prefix = 'env', extra = ''): string =>
  `<?xml version="1.0"?><${prefix}:Envelope xmlns:${prefix}="http://www.w3.org/2003/05/soap-envelope"${extra}><${prefix}:Body>${body}</${prefix}:Body></${prefix}:Envelope>`;
const fault12 = (subcode: string, reason: string): string =>
  env12(
    `<env:Fault><env:Code><env:Value>env:Receiver</env:Value><env:Subcode><env:Value>${subcode}</env:Value></env:Subcode></env:Code><env:Reason><env:Text xml:lang="en">${reason}</env:Text></env:Reason></env:Fault>`,
    'env',
    ' xmlns:ter="http://www.onvif.org/ver10/error"',
  );

/** Answers as vendors write them: each must be read the same whatever its prefixes or SOAP version. */
const cases = [
  {
    name: 'SOAP 1.2 with the usual prefixes',
    status: 200,
    text: env12(
      '<tds:GetDeviceInformationResponse xmlns:tds="http://www.onvif.org/ver10/device/wsdl"><tds:Model>X</tds:Model></tds:GetDeviceInformationResponse>',
    ),
    payload: 'GetDeviceInformationResponse',
    version: '1.2',
  },
  {
    name: 'gSOAP-style SOAP-ENV prefix and many declarations',
    status: 200,
    text: '<?xml version="1.0" encoding="UTF-8"?>\n<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://www.w3.org/2003/05/soap-envelope" xmlns:SOAP-ENC="http://www.w3.org/2003/05/soap-encoding" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:ns1="http://www.onvif.org/ver10/device/wsdl"><SOAP-ENV:Header></SOAP-ENV:Header><SOAP-ENV:Body><ns1:GetDeviceInformationResponse><ns1:Model>X</ns1:Model></ns1:GetDeviceInformationResponse></SOAP-ENV:Body></SOAP-ENV:Envelope>',
    payload: 'GetDeviceInformationResponse',
    version: '1.2',
  },
  {
    name: 'default namespace, no prefixes',
    status: 200,
    text: '<Envelope xmlns="http://www.w3.org/2003/05/soap-envelope"><Body><GetDeviceInformationResponse xmlns="http://www.onvif.org/ver10/device/wsdl"/></Body></Envelope>',
    payload: 'GetDeviceInformationResponse',
    version: '1.2',
  },
  {
    name: 'SOAP 1.1',
    status: 200,
    text: '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><d:GetDeviceInformationResponse xmlns:d="http://www.onvif.org/ver10/device/wsdl"/></s:Body></s:Envelope>',
    payload: 'GetDeviceInformationResponse',
    version: '1.1',
  },
] as const;

describe('readSoapReply', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_n, c) => {
    const reply = readSoapReply(c.status, c.text);
    expect(reply.unreadable).toBeUndefined();
    expect(reply.payload?.local).toBe(c.payload);
    expect(reply.soapVersion).toBe(c.version);
    expect(reply.fault).toBeUndefined();
  });

  it('reads a SOAP 1.2 fault: subcode and reason', () => {
    const reply = readSoapReply(500, fault12('ter:ActionNotSupported', 'Optional Action Not Implemented'));
    expect(reply.fault).toBe('ter:ActionNotSupported');
    expect(reply.faultReason).toBe('Optional Action Not Implemented');
    expect(notSupported(reply)).toBe(true);
    expect(describeReply(reply)).toBe('HTTP 500 ter:ActionNotSupported (Optional Action Not Implemented)');
  });

  it('reads a SOAP 1.1 fault', () => {
    const reply = readSoapReply(
      500,
      '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><s:Fault><faultcode>s:Server</faultcode><faultstring>not implemented</faultstring></s:Fault></s:Body></s:Envelope>',
    );
    expect(reply.soapVersion).toBe('1.1');
    expect(reply.faultReason).toBe('not implemented');
    expect(notSupported(reply)).toBe(true);
  });

  it('tells a "not implemented" fault from a refusal and from a real error', () => {
    expect(notSupported(readSoapReply(500, fault12('ter:CriticalError', 'internal error')))).toBe(false);
    expect(notSupported(readSoapReply(400, fault12('ter:NotAuthorized', 'Sender not authorized')))).toBe(false);
    expect(notSupported(readSoapReply(500, fault12('ter:Action', 'Action not implemented')))).toBe(true);
  });

  it.each([
    [
      'not well-formed XML',
      '<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope"><env:Body><a></b></env:Body></env:Envelope>',
      'not well-formed XML',
    ],
    ['not a SOAP envelope', '<html><body>Login</body></html>', 'not a SOAP envelope'],
    [
      'an envelope without a Body',
      '<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope"/>',
      'without a Body',
    ],
    ['no XML at all', 'OK', 'not well-formed XML'],
  ])('says why an answer is unreadable: %s', (_n, text, why) => {
    const reply = readSoapReply(200, text);
    expect(reply.payload).toBeUndefined();
    expect(reply.unreadable).toContain(why);
  });
});
