import { describe, expect, it } from 'vitest';
import { parseSoapRequest } from '../../simulators/onvif/soap-request.ts';
import { verifyUsernameToken } from '../../simulators/onvif/ws-security.ts';
import { soapEnvelope, type SoapSecurity } from './soap-envelope.ts';

const body = '<tds:GetDeviceInformation xmlns:tds="http://www.onvif.org/ver10/device/wsdl"/>';
const nowMs = Date.UTC(2026, 10, 25, 12, 0, 0);

describe('soapEnvelope', () => {
  const cases: { name: string; security: SoapSecurity; allowText: boolean; verdict: string | undefined }[] = [
    {
      name: 'PasswordDigest with the right password',
      security: { type: 'digest', user: 'admin', password: 'camlab' },
      allowText: false,
      verdict: 'ok',
    },
    {
      name: 'PasswordDigest with a wrong password',
      security: { type: 'digest', user: 'admin', password: 'nope' },
      allowText: false,
      verdict: 'bad-password',
    },
    {
      name: 'PasswordText where the device refuses it',
      security: { type: 'text', user: 'admin', password: 'camlab' },
      allowText: false,
      verdict: 'text-not-allowed',
    },
    {
      name: 'PasswordText where the device takes it',
      security: { type: 'text', user: 'admin', password: 'camlab' },
      allowText: true,
      verdict: 'ok',
    },
    { name: 'no security header', security: { type: 'none' }, allowText: false, verdict: undefined },
  ];
  it.each(cases.map((c) => [c.name, c] as const))('%s, as a device reads it', (_n, c) => {
    const req = parseSoapRequest(Buffer.from(soapEnvelope(body, c.security, nowMs)));
    expect(req.operation).toBe('GetDeviceInformation');
    if (c.verdict === undefined) {
      expect(req.usernameToken).toBeUndefined();
      return;
    }
    expect(req.usernameToken?.username).toBe('admin');
    expect(verifyUsernameToken(req.usernameToken!, 'camlab', nowMs, c.allowText)).toBe(c.verdict);
  });

  it('escapes a user name that is not XML-safe', () => {
    const req = parseSoapRequest(
      Buffer.from(soapEnvelope(body, { type: 'digest', user: 'a<b&c', password: 'x' }, nowMs)),
    );
    expect(req.usernameToken?.username).toBe('a<b&c');
  });
});
