import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { onvifUrl, snapshotUrl } from '../../camera/uris.ts';
import type { ActiveFault } from '../../faults/fault.ts';
import { VirtualClock } from '../../clock/virtual-clock.ts';
import { InvalidStateError } from '../onvif-server.ts';
import { ADMIN, TINY_JPEG, type OnvifFixture, startOnvifFixture } from './onvif-fixture.ts';
import { digestAuthorization, digestPost, httpRequest, soapEnvelope } from './http-soap-client.ts';

/** Fresh each time: a reused UsernameToken nonce is (rightly) refused as a replay. */
const getInfo = (): string => soapEnvelope('<tds:GetDeviceInformation/>', ADMIN);

async function refused(url: string): Promise<boolean> {
  try {
    await httpRequest(url, 'POST', getInfo());
    return false;
  } catch (err) {
    return ['ECONNREFUSED', 'ECONNRESET'].includes((err as NodeJS.ErrnoException).code ?? '');
  }
}

function fault(id: string, hooks: Omit<ActiveFault, 'id' | 'kind' | 'close'>): ActiveFault {
  return { id, kind: 'test', close: () => undefined, ...hooks };
}

describe('camera lifecycle, snapshots and injected faults', () => {
  const clock = new VirtualClock(Date.now());
  let fx: OnvifFixture;

  beforeAll(async () => {
    fx = await startOnvifFixture(5, ['fixed-1080p', 'ptz-dome'], clock);
  });

  afterAll(async () => {
    await fx.close();
  });

  it('SystemReboot answers, goes down for the boot time, then serves again', async () => {
    const camera = fx.cameras[0]!;
    const url = onvifUrl(camera, 'device');
    const reply = await httpRequest(url, 'POST', soapEnvelope('<tds:SystemReboot/>', ADMIN));
    expect(reply.status).toBe(200);
    expect(reply.body).toContain('<tds:Message>Rebooting</tds:Message>');
    await vi.waitFor(() => expect(camera.power).toBe('booting'));
    await vi.waitFor(async () => expect(await refused(url)).toBe(true));
    clock.advance(camera.model.bootTimeMs);
    expect(camera.power).toBe('up');
    await vi.waitFor(async () => expect((await httpRequest(url, 'POST', getInfo())).status).toBe(200));
  });

  it('moves its listener when the camera is readdressed', async () => {
    const camera = fx.cameras[0]!;
    const oldUrl = onvifUrl(camera, 'device');
    camera.readdress({ ...camera.network, address: '127.12.5.77' });
    const newUrl = onvifUrl(camera, 'device');
    await vi.waitFor(async () => expect((await httpRequest(newUrl, 'POST', getInfo())).status).toBe(200));
    expect(await refused(oldUrl)).toBe(true);
  });

  it('serves the snapshot JPEG behind HTTP digest', async () => {
    const camera = fx.cameras[1]!;
    const url = snapshotUrl(camera, 'sub');
    const anon = await httpRequest(url, 'GET', undefined);
    expect(anon.status).toBe(401);
    const path = new URL(url).pathname;
    const res = await fetch(url, { headers: { Authorization: digestAuthorization(String(anon.headers['www-authenticate']), 'GET', path, ADMIN.username, ADMIN.password) } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await res.arrayBuffer())).toEqual(TINY_JPEG);
    expect(fx.log.ofKind('onvif.request').some((o) => o.service === 'snapshot' && o.httpStatus === 200 && o.auth === 'http-digest')).toBe(true);
  });

  it('answers an injected SOAP fault, then recovers when it is cleared', async () => {
    const camera = fx.cameras[1]!;
    const url = onvifUrl(camera, 'media');
    const body = soapEnvelope('<trt:GetProfiles/>', ADMIN);
    camera.addFault(fault('f-soap', { onSoapRequest: (_s, op) => (op === 'GetProfiles' ? { type: 'fault', httpStatus: 500, code: 'env:Receiver', subcode: 'ter:Action', reason: 'injected' } : undefined) }));
    const faulted = await httpRequest(url, 'POST', body);
    expect(faulted.status).toBe(500);
    expect(faulted.body).toContain('injected');
    camera.removeFault('f-soap');
    expect((await digestPost(url, soapEnvelope('<trt:GetProfiles/>'), ADMIN.username, ADMIN.password)).status).toBe(200);
  });

  it('holds a request for an injected delay on the clock', async () => {
    const camera = fx.cameras[1]!;
    camera.addFault(fault('f-delay', { onSoapRequest: () => ({ type: 'delay', delayMs: 5_000 }) }));
    let settled = false;
    const pending = httpRequest(onvifUrl(camera, 'device'), 'POST', getInfo()).finally(() => (settled = true));
    await vi.waitFor(() => expect(clock.pendingCount()).toBeGreaterThan(0));
    expect(settled).toBe(false);
    clock.advance(5_000);
    expect((await pending).status).toBe(200);
    camera.removeFault('f-delay');
  });

  it('resets connections a fault refuses', async () => {
    const camera = fx.cameras[1]!;
    camera.addFault(fault('f-reset', { onConnection: (service) => (service === 'onvif' ? 'reset' : 'accept') }));
    expect(await refused(onvifUrl(camera, 'device'))).toBe(true);
    camera.removeFault('f-reset');
    expect((await httpRequest(onvifUrl(camera, 'device'), 'POST', getInfo())).status).toBe(200);
  });

  it('removes a camera (listener closed, PTZ source unset) and closes idempotently', async () => {
    const camera = fx.cameras[1]!;
    expect(camera.ptz).toBeDefined();
    const url = onvifUrl(camera, 'device');
    await fx.server.removeCamera(camera.id);
    expect(camera.ptz).toBeUndefined();
    expect(await refused(url)).toBe(true);
    await fx.server.close();
    await fx.server.close();
    await expect(fx.server.addCamera(camera)).rejects.toBeInstanceOf(InvalidStateError);
  });
});
