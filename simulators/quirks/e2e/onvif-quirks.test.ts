import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { findBuiltinModel } from '../../camera/camera-model.ts';
import { soapEnvelope } from '../../onvif/e2e/http-soap-client.ts';
import { call, connectCam } from '../../onvif/e2e/onvif-client.ts';
import { ADMIN, type QuirkCamera, TDS, curlAvailable, curlSoap, soapRequest, startQuirkCamera } from './quirk-fixture.ts';

/** ONVIF request and answer quirks, seen by curl and the onvif npm client; one camera for the group. */
describe.skipIf(!curlAvailable)('ONVIF request and answer quirks on the wire', () => {
  let q: QuirkCamera;
  beforeAll(async () => {
    q = await startQuirkCamera(1);
  });
  afterEach(() => q.off());
  afterAll(() => q.close());

  it('get-capabilities-only: GetServices is ActionNotSupported; the onvif client falls back to GetCapabilities and still reads profiles', async () => {
    q.on('get-capabilities-only');
    const reply = await curlSoap(q.url(), soapRequest(TDS, 'GetServices', '<IncludeCapability>false</IncludeCapability>'), { digest: ADMIN });
    expect(reply.status).toBe(500);
    expect(reply.body).toContain('ter:ActionNotSupported');
    const cam = await connectCam(q.camera, ADMIN.username, ADMIN.password, false);
    expect(cam.profiles.length).toBeGreaterThan(0);
    const ops = q.log.ofKind('onvif.request').map((o) => `${o.operation} ${o.httpStatus}`);
    expect(ops).toContain('GetServices 500');
    expect(ops).toContain('GetCapabilities 200');
  });

  it('unauthorized-as-http-401: a refused UsernameToken gets a bare 401 page where ONVIF says 400 + ter:NotAuthorized', async () => {
    const wrong = soapEnvelope('<GetDeviceInformation xmlns="http://www.onvif.org/ver10/device/wsdl"/>', { username: ADMIN.username, password: 'wrong' });
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
    const n = (tag: string): number => Number(new RegExp(`<tt:${tag}>(\\d+)</tt:${tag}>`).exec(reply.body.slice(reply.body.indexOf('UTCDateTime')))![1]);
    const deviceMs = Date.UTC(n('Year'), n('Month') - 1, n('Day'), n('Hour'), n('Minute'), n('Second'));
    // Two hours behind, give or take the minute a loaded machine may take to answer.
    expect(Math.abs(deviceMs - (Date.now() - 7_200_000))).toBeLessThan(60_000);
    const cam = await connectCam(q.camera, ADMIN.username, ADMIN.password, true);
    await call(cam, 'getDeviceInformation');
  });
});

describe('model quirks still switch on from the model', () => {
  it('legacy-bullet carries clock-skew, stream-uri-query and get-capabilities-only', () => {
    expect(Object.keys(findBuiltinModel('legacy-bullet')!.quirks).sort()).toEqual(['clock-skew', 'get-capabilities-only', 'stream-uri-query']);
  });
});
