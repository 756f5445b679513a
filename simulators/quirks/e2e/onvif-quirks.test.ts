import { XMLValidator } from 'fast-xml-parser';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { findBuiltinModel } from '../../camera/camera-model.ts';
import { snapshotUrl } from '../../camera/uris.ts';
import { soapEnvelope } from '../../onvif/e2e/http-soap-client.ts';
import { call, connectCam } from '../../onvif/e2e/onvif-client.ts';
import { OnvifWsdlFixture, wsdlAvailable, xmllintAvailable } from '../../onvif/e2e/onvif-wsdl-fixture.ts';
import {
  ADMIN,
  type QuirkCamera,
  TDS,
  TRT,
  curlAvailable,
  curlGet,
  curlSoap,
  soapRequest,
  startQuirkCamera,
} from './quirk-fixture.ts';

const GET_DEVICE_INFORMATION = soapRequest(TDS, 'GetDeviceInformation');

/** ONVIF request and answer quirks, seen by curl and the onvif npm client; one camera (a PTZ dome) for the group. */
describe.skipIf(!curlAvailable)('ONVIF request and answer quirks on the wire', () => {
  let q: QuirkCamera;
  beforeAll(async () => {
    q = await startQuirkCamera(1);
  });
  afterEach(() => q.off());
  afterAll(() => q.close());

  it('get-capabilities-only: GetServices is ActionNotSupported; the onvif client falls back to GetCapabilities and still reads profiles', async () => {
    q.on('get-capabilities-only');
    const reply = await curlSoap(
      q.url(),
      soapRequest(TDS, 'GetServices', '<IncludeCapability>false</IncludeCapability>'),
      { digest: ADMIN },
    );
    expect(reply.status).toBe(500);
    expect(reply.body).toContain('ter:ActionNotSupported');
    const cam = await connectCam(q.camera, ADMIN.username, ADMIN.password, false);
    expect(cam.profiles.length).toBeGreaterThan(0);
    const ops = q.log.ofKind('onvif.request').map((o) => `${o.operation} ${o.httpStatus}`);
    expect(ops).toContain('GetServices 500');
    expect(ops).toContain('GetCapabilities 200');
  });

  it('unauthorized-as-http-401: a refused UsernameToken gets a bare 401 page where ONVIF says 400 + ter:NotAuthorized', async () => {
    const wrong = soapEnvelope('<GetDeviceInformation xmlns="http://www.onvif.org/ver10/device/wsdl"/>', {
      username: ADMIN.username,
      password: 'wrong',
    });
    const before = await curlSoap(q.url(), wrong);
    expect(before.status).toBe(400);
    expect(before.body).toContain('ter:NotAuthorized');
    q.on('unauthorized-as-http-401');
    const after = await curlSoap(q.url(), wrong);
    expect(after.status).toBe(401);
    expect(after.contentType).toMatch(/^text\/html/);
    expect(after.body).not.toContain('Envelope');
  });

  it('clock-skew: GetSystemDateAndTime reads the offset clock, and the onvif client with WS-Security still logs in', async () => {
    q.on('clock-skew', { offset: '-2h' });
    const reply = await curlSoap(q.url(), soapRequest(TDS, 'GetSystemDateAndTime'));
    const n = (tag: string): number =>
      Number(new RegExp(`<tt:${tag}>(\\d+)</tt:${tag}>`).exec(reply.body.slice(reply.body.indexOf('UTCDateTime')))![1]);
    const deviceMs = Date.UTC(n('Year'), n('Month') - 1, n('Day'), n('Hour'), n('Minute'), n('Second'));
    // Two hours behind, give or take the minute a loaded machine may take to answer.
    expect(Math.abs(deviceMs - (Date.now() - 7_200_000))).toBeLessThan(60_000);
    const cam = await connectCam(q.camera, ADMIN.username, ADMIN.password, true);
    await call(cam, 'getDeviceInformation');
  });

  it('optional-action-not-supported: the listed operations fault ter:ActionNotSupported, others answer', async () => {
    q.on('optional-action-not-supported', { operations: ['GetSnapshotUri'] });
    const snap = await curlSoap(
      q.url('media'),
      soapRequest(TRT, 'GetSnapshotUri', '<ProfileToken>Profile_main</ProfileToken>'),
      { digest: ADMIN },
    );
    expect(snap.status).toBe(500);
    expect(snap.body).toMatch(/<env:Subcode><env:Value>ter:ActionNotSupported<\/env:Value>/);
    expect((await curlSoap(q.url('media'), soapRequest(TRT, 'GetProfiles'), { digest: ADMIN })).status).toBe(200);
  });

  it('not-implemented-500: HTTP 500, env:Receiver, no subcode, "Not Implemented"', async () => {
    q.on('not-implemented-500', { operations: ['GetSnapshotUri'] });
    const snap = await curlSoap(
      q.url('media'),
      soapRequest(TRT, 'GetSnapshotUri', '<ProfileToken>Profile_main</ProfileToken>'),
      { digest: ADMIN },
    );
    expect(snap.status).toBe(500);
    expect(snap.body).toContain('<env:Value>env:Receiver</env:Value></env:Code>');
    expect(snap.body).not.toContain('Subcode');
    expect(snap.body).toContain('Not Implemented');
  });

  it('soap-11-answers: the SOAP 1.1 envelope and text/xml, faults as faultcode/faultstring', async () => {
    q.on('soap-11-answers');
    const ok = await curlSoap(q.url(), GET_DEVICE_INFORMATION, { digest: ADMIN });
    expect(ok.status).toBe(200);
    expect(ok.contentType).toMatch(/^text\/xml/);
    expect(ok.body).toContain('xmlns:env="http://schemas.xmlsoap.org/soap/envelope/"');
    expect(ok.body).not.toContain('http://www.w3.org/2003/05/soap-envelope');
    const fault = await curlSoap(q.url(), soapRequest(TDS, 'NoSuchOperation'), { digest: ADMIN });
    expect(fault.body).toMatch(
      /<env:Fault><faultcode>env:Server<\/faultcode><faultstring>[^<]+<\/faultstring><\/env:Fault>/,
    );
    expect(XMLValidator.validate(fault.body)).toBe(true);
  });

  it('gsoap-prefixes: SOAP-ENV: and ns1: on the wire; the onvif client reads the answer unchanged', async () => {
    q.on('gsoap-prefixes');
    const reply = await curlSoap(q.url(), GET_DEVICE_INFORMATION, { digest: ADMIN });
    expect(reply.body).toContain('<SOAP-ENV:Envelope');
    expect(reply.body).toContain('xmlns:ns2="http://www.onvif.org/ver10/device/wsdl"');
    expect(reply.body).toContain('<ns2:GetDeviceInformationResponse>');
    expect(reply.body).not.toMatch(/<env:|<tds:/);
    expect(XMLValidator.validate(reply.body)).toBe(true);
    const cam = await connectCam(q.camera, ADMIN.username, ADMIN.password, false);
    const info = await call<{ manufacturer: string }>(cam, 'getDeviceInformation');
    expect(info.manufacturer).toBe(q.camera.model.manufacturer);
  });

  it('nat-xaddrs: GetCapabilities and GetStreamUri name the NAT address', async () => {
    q.on('nat-xaddrs', { host: '203.0.113.10', onvifPort: 8080, rtspPort: 10554 });
    const caps = await curlSoap(q.url(), soapRequest(TDS, 'GetCapabilities', '<Category>All</Category>'), {
      digest: ADMIN,
    });
    expect(caps.body).toContain('<tt:XAddr>http://203.0.113.10:8080/onvif/media_service</tt:XAddr>');
    expect(caps.body).not.toContain(q.camera.network.address);
    const uri = await curlSoap(
      q.url('media'),
      soapRequest(
        TRT,
        'GetStreamUri',
        '<StreamSetup><Stream xmlns="http://www.onvif.org/ver10/schema">RTP-Unicast</Stream><Transport xmlns="http://www.onvif.org/ver10/schema"><Protocol>RTSP</Protocol></Transport></StreamSetup><ProfileToken>Profile_main</ProfileToken>',
      ),
      { digest: ADMIN },
    );
    expect(uri.body).toMatch(/<tt:Uri>rtsp:\/\/203\.0\.113\.10:10554\//);
  });

  it('oversized-answers: GetProfiles is padded past the size and stays well-formed', async () => {
    q.on('oversized-answers', { bytes: 3 * 1024 * 1024 });
    const reply = await curlSoap(q.url('media'), soapRequest(TRT, 'GetProfiles'), { digest: ADMIN });
    expect(reply.status).toBe(200);
    expect(Buffer.byteLength(reply.body)).toBeGreaterThanOrEqual(3 * 1024 * 1024);
    expect(XMLValidator.validate(reply.body)).toBe(true);
  });

  it('malformed-xml: the answer is not well-formed; the onvif client fails to read it', async () => {
    q.on('malformed-xml', { operations: ['GetDeviceInformation'] });
    const reply = await curlSoap(q.url(), GET_DEVICE_INFORMATION, { digest: ADMIN });
    expect(reply.status).toBe(200);
    expect(XMLValidator.validate(reply.body)).not.toBe(true);
    const cam = await connectCam(q.camera, ADMIN.username, ADMIN.password, false);
    await expect(call(cam, 'getDeviceInformation')).rejects.toThrow();
  });

  it('schema-invalid-xml: well-formed, but the required Manufacturer element is renamed; the onvif client reads no manufacturer', async () => {
    q.on('schema-invalid-xml', { operations: ['GetDeviceInformation'] });
    const reply = await curlSoap(q.url(), GET_DEVICE_INFORMATION, { digest: ADMIN });
    expect(XMLValidator.validate(reply.body)).toBe(true);
    expect(reply.body).toMatch(/<tds:ManufacturerName>[^<]+<\/tds:ManufacturerName>/);
    expect(reply.body).not.toContain('<tds:Manufacturer>');
    const cam = await connectCam(q.camera, ADMIN.username, ADMIN.password, false);
    const info = await call<{ manufacturer?: string }>(cam, 'getDeviceInformation');
    expect(info.manufacturer).toBeUndefined();
  });

  it('no-authentication: GetDeviceInformation answers 200 to a request with no credentials', async () => {
    expect((await curlSoap(q.url(), GET_DEVICE_INFORMATION)).status).toBe(401);
    q.on('no-authentication');
    const reply = await curlSoap(q.url(), GET_DEVICE_INFORMATION);
    expect(reply.status).toBe(200);
    expect(reply.body).toContain('GetDeviceInformationResponse');
  });

  it('any-password: a known user with a wrong password gets in (digest and UsernameToken); an unknown user does not', async () => {
    q.on('any-password');
    expect(
      (await curlSoap(q.url(), GET_DEVICE_INFORMATION, { digest: { username: ADMIN.username, password: 'guess' } }))
        .status,
    ).toBe(200);
    const token = soapEnvelope('<GetDeviceInformation xmlns="http://www.onvif.org/ver10/device/wsdl"/>', {
      username: ADMIN.username,
      password: 'guess',
    });
    expect((await curlSoap(q.url(), token)).status).toBe(200);
    expect(
      (await curlSoap(q.url(), GET_DEVICE_INFORMATION, { digest: { username: 'mallory', password: 'guess' } })).status,
    ).toBe(401);
  });

  it('snapshot-without-credentials: the snapshot URI answers a bare GET with the JPEG, ONVIF still asks for a login', async () => {
    const url = snapshotUrl(q.camera);
    expect((await curlGet(url)).status).toBe(401);
    q.on('snapshot-without-credentials');
    const snap = await curlGet(url);
    expect(snap.status).toBe(200);
    expect(snap.contentType).toBe('image/jpeg');
    expect((await curlSoap(q.url(), GET_DEVICE_INFORMATION)).status).toBe(401);
  });
});

describe('model quirks still switch on from the model', () => {
  it('legacy-bullet carries clock-skew, stream-uri-query and get-capabilities-only', () => {
    expect(Object.keys(findBuiltinModel('legacy-bullet')!.quirks).sort()).toEqual([
      'clock-skew',
      'get-capabilities-only',
      'stream-uri-query',
    ]);
  });
});

const haveXmllint = await xmllintAvailable();
if (!wsdlAvailable || !haveXmllint)
  console.warn('onvif-quirks.test: ../shared/onvif-wsdl or xmllint is absent, skipping the schema checks');

/** The schema side of the XML quirks, judged by xmllint against onvif.xsd and the device service schema. */
describe.skipIf(!curlAvailable || !wsdlAvailable || !haveXmllint)(
  'XML quirks against the ONVIF schemas (xmllint)',
  () => {
    let q: QuirkCamera;
    let wsdl: OnvifWsdlFixture;
    beforeAll(async () => {
      q = await startQuirkCamera(7);
      wsdl = await OnvifWsdlFixture.create();
    });
    afterAll(async () => {
      await q.close();
      await wsdl.close();
    });

    it('schema-invalid-xml fails validation where the plain answer passes; gsoap-prefixes stays valid', async () => {
      const answer = async (): Promise<string> =>
        (await curlSoap(q.url(), GET_DEVICE_INFORMATION, { digest: ADMIN })).body;
      const plain = await answer();
      q.on('schema-invalid-xml', { operations: ['GetDeviceInformation'] });
      const invalid = await answer();
      q.off();
      q.on('gsoap-prefixes');
      const prefixed = await answer();
      q.off();
      const results = await wsdl.validate([
        { name: 'plain', xml: plain },
        { name: 'schema-invalid-xml', xml: invalid },
        { name: 'gsoap-prefixes', xml: prefixed },
      ]);
      expect(results.map((r) => [r.name, r.ok])).toEqual([
        ['plain', true],
        ['schema-invalid-xml', false],
        ['gsoap-prefixes', true],
      ]);
    });
  },
);
