import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { onvifUrl } from '../../camera/uris.ts';
import { ADMIN, VIEWER, type OnvifFixture, startOnvifFixture } from './onvif-fixture.ts';
import { digestAuthorization, digestPost, httpRequest, soapEnvelope } from './http-soap-client.ts';

const GET_INFO = '<tds:GetDeviceInformation/>';

describe('bad input gets the right SOAP fault and HTTP status, and the camera keeps serving', () => {
  let fx: OnvifFixture;
  let url: string;

  beforeAll(async () => {
    fx = await startOnvifFixture(4, ['fixed-1080p', 'legacy-bullet']);
    url = onvifUrl(fx.cameras[0]!, 'device');
  });

  afterAll(async () => {
    await fx.close();
  });

  const billionLaughs =
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>' +
    '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body><tds:GetDeviceInformation xmlns:tds="http://www.onvif.org/ver10/device/wsdl">&lol3;</tds:GetDeviceInformation></s:Body></s:Envelope>';
  const externalEntity =
    '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>' +
    '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body><tds:SetHostname xmlns:tds="http://www.onvif.org/ver10/device/wsdl"><tds:Name>&xxe;</tds:Name></tds:SetHostname></s:Body></s:Envelope>';

  const cases: Array<{
    name: string;
    body: () => string | Buffer;
    status: number;
    code: string;
    subcode?: string;
    path?: string;
  }> = [
    {
      name: 'malformed XML',
      body: () =>
        '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body><tds:GetDeviceInformation></s:Body>',
      status: 400,
      code: 'env:Sender',
      subcode: 'ter:WellFormed',
    },
    {
      name: 'not XML at all',
      body: () => 'GET / HTTP/1.1',
      status: 400,
      code: 'env:Sender',
      subcode: 'ter:WellFormed',
    },
    {
      name: 'entity expansion (billion laughs)',
      body: () => billionLaughs,
      status: 400,
      code: 'env:Sender',
      subcode: 'ter:WellFormed',
    },
    { name: 'external entity', body: () => externalEntity, status: 400, code: 'env:Sender', subcode: 'ter:WellFormed' },
    {
      name: 'undeclared entity reference',
      body: () => soapEnvelope('<tds:SetHostname><tds:Name>&xxe;</tds:Name></tds:SetHostname>', ADMIN),
      status: 400,
      code: 'env:Sender',
      subcode: 'ter:WellFormed',
    },
    {
      name: 'oversize body',
      body: () =>
        soapEnvelope(`<tds:SetHostname><tds:Name>${'a'.repeat(300 * 1024)}</tds:Name></tds:SetHostname>`, ADMIN),
      status: 413,
      code: 'env:Sender',
      subcode: 'ter:WellFormed',
    },
    {
      name: 'unknown operation',
      body: () => soapEnvelope('<tds:SelfDestruct/>', ADMIN),
      status: 500,
      code: 'env:Receiver',
      subcode: 'ter:ActionNotSupported',
    },
    {
      name: 'SOAP 1.1 envelope',
      body: () =>
        '<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body><tds:GetDeviceInformation xmlns:tds="http://www.onvif.org/ver10/device/wsdl"/></e:Body></e:Envelope>',
      status: 500,
      code: 'env:VersionMismatch',
    },
    {
      name: 'wrong password (UsernameToken)',
      body: () => soapEnvelope(GET_INFO, { username: 'admin', password: 'guess' }),
      status: 400,
      code: 'env:Sender',
      subcode: 'ter:NotAuthorized',
    },
    {
      name: 'unknown user',
      body: () => soapEnvelope(GET_INFO, { username: 'mallory', password: 'x' }),
      status: 400,
      code: 'env:Sender',
      subcode: 'ter:NotAuthorized',
    },
    {
      name: 'stale Created',
      body: () => soapEnvelope(GET_INFO, ADMIN, { created: new Date(Date.now() - 3_600_000).toISOString() }),
      status: 400,
      code: 'env:Sender',
      subcode: 'ter:NotAuthorized',
    },
    {
      name: 'PasswordText where the model forbids it',
      body: () => soapEnvelope(GET_INFO, ADMIN, { text: true }),
      status: 400,
      code: 'env:Sender',
      subcode: 'ter:NotAuthorized',
    },
    {
      name: 'a User-level account rebooting',
      body: () => soapEnvelope('<tds:SystemReboot/>', VIEWER),
      status: 400,
      code: 'env:Sender',
      subcode: 'ter:NotAuthorized',
    },
    {
      name: 'no credentials at all',
      body: () => soapEnvelope(GET_INFO),
      status: 401,
      code: 'env:Sender',
      subcode: 'ter:NotAuthorized',
    },
  ];

  it.each(cases)('$name → HTTP $status $code $subcode', async (c) => {
    const reply = await httpRequest(url, 'POST', c.body());
    expect(reply.status).toBe(c.status);
    expect(reply.headers['content-type']).toMatch(/^application\/soap\+xml/);
    expect(reply.body).toContain(`<env:Value>${c.code}</env:Value>`);
    if (c.subcode !== undefined) expect(reply.body).toContain(`<env:Value>${c.subcode}</env:Value>`);
    expect(reply.body).not.toContain('root:');
    const after = await httpRequest(url, 'POST', soapEnvelope(GET_INFO, ADMIN));
    expect(after.status).toBe(200);
    expect(after.body).toContain('<tds:Manufacturer>Camlab Optics</tds:Manufacturer>');
  });

  it('refuses a replayed UsernameToken nonce', async () => {
    const token = { nonce: randomBytes(16), created: new Date().toISOString() };
    const first = await httpRequest(url, 'POST', soapEnvelope(GET_INFO, ADMIN, token));
    expect(first.status).toBe(200);
    const replay = await httpRequest(url, 'POST', soapEnvelope(GET_INFO, ADMIN, token));
    expect(replay.status).toBe(400);
    expect(replay.body).toContain('ter:NotAuthorized');
    expect(replay.body).toContain('replayed nonce');
  });

  it('answers a wrong digest password with 401 and a fresh challenge', async () => {
    const body = soapEnvelope(GET_INFO);
    const first = await httpRequest(url, 'POST', body);
    expect(first.status).toBe(401);
    const challenge = String(first.headers['www-authenticate']);
    expect(challenge).toMatch(/^Digest realm="camlab", qop="auth", nonce="[0-9a-f]+", algorithm=MD5$/);
    const wrong = await httpRequest(url, 'POST', body, {
      Authorization: digestAuthorization(challenge, 'POST', '/onvif/device_service', 'admin', 'nope'),
    });
    expect(wrong.status).toBe(401);
    expect(wrong.headers['www-authenticate']).toMatch(/^Digest /);
    const right = await digestPost(url, body, ADMIN.username, ADMIN.password);
    expect(right.status).toBe(200);
  });

  it('keeps pre-auth operations open (GetSystemDateAndTime with no or bad credentials)', async () => {
    const open = await httpRequest(url, 'POST', soapEnvelope('<tds:GetSystemDateAndTime/>'));
    expect(open.status).toBe(200);
    const bad = await httpRequest(
      url,
      'POST',
      soapEnvelope('<tds:GetSystemDateAndTime/>', { username: 'admin', password: 'wrong' }),
    );
    expect(bad.status).toBe(200);
  });

  it('has no Media2 on a camera whose model lacks it', async () => {
    const legacy = fx.cameras[1]!;
    const reply = await httpRequest(onvifUrl(legacy, 'media2'), 'POST', soapEnvelope('<tr2:GetProfiles/>', ADMIN));
    expect(reply.status).toBe(404);
    const services = await httpRequest(
      onvifUrl(legacy, 'device'),
      'POST',
      soapEnvelope('<tds:GetServices><tds:IncludeCapability>false</tds:IncludeCapability></tds:GetServices>', ADMIN),
    );
    expect(services.status).toBe(500);
    expect(services.body).toContain('ter:ActionNotSupported');
    const caps = await httpRequest(onvifUrl(legacy, 'device'), 'POST', soapEnvelope('<tds:GetCapabilities/>', ADMIN));
    expect(caps.status).toBe(200);
    expect(caps.body).toContain('/onvif/media_service');
    expect(caps.body).not.toContain('media2_service');
  });

  it('records every request as an observation, faults included', () => {
    const obs = fx.log.ofKind('onvif.request').filter((o) => o.camera === fx.cameras[0]!.id);
    expect(obs.some((o) => o.fault === 'ter:WellFormed' && o.httpStatus === 400)).toBe(true);
    expect(obs.some((o) => o.fault === 'ter:ActionNotSupported' && o.operation === 'SelfDestruct')).toBe(true);
    expect(obs.some((o) => o.fault === 'env:VersionMismatch')).toBe(true);
    expect(obs.some((o) => o.httpStatus === 413)).toBe(true);
    expect(obs.some((o) => o.auth === 'digest' && o.user === 'admin' && o.httpStatus === 200)).toBe(true);
    expect(obs.some((o) => o.auth === 'http-digest' && o.user === 'admin' && o.httpStatus === 200)).toBe(true);
    // A refused attempt keeps the method and user the client tried: plain text must show in the record.
    expect(
      obs.some(
        (o) => o.auth === 'text' && o.user === 'admin' && o.httpStatus === 400 && o.fault === 'ter:NotAuthorized',
      ),
    ).toBe(true);
    expect(obs.some((o) => o.auth === 'http-digest' && o.user === 'admin' && o.httpStatus === 401)).toBe(true);
  });
});
