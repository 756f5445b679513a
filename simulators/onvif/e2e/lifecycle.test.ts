import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { onvifUrl, snapshotUrl } from '../../camera/uris.ts';
import type { ActiveFault } from '../../faults/fault.ts';
import { VirtualClock } from '../../clock/virtual-clock.ts';
import { InvalidStateError } from '../../wire/invalid-state-error.ts';
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
    const res = await fetch(url, {
      headers: {
        Authorization: digestAuthorization(
          String(anon.headers['www-authenticate']),
          'GET',
          path,
          ADMIN.username,
          ADMIN.password,
        ),
      },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await res.arrayBuffer())).toEqual(TINY_JPEG);
    expect(
      fx.log
        .ofKind('onvif.request')
        .some((o) => o.service === 'snapshot' && o.httpStatus === 200 && o.auth === 'http-digest'),
    ).toBe(true);
  });

  it('answers an injected SOAP fault, then recovers when it is cleared', async () => {
    const camera = fx.cameras[1]!;
    const url = onvifUrl(camera, 'media');
    const body = soapEnvelope('<trt:GetProfiles/>', ADMIN);
    camera.addFault(
      fault('f-soap', {
        onSoapRequest: (_s, op) =>
          op === 'GetProfiles'
            ? { type: 'fault', httpStatus: 500, code: 'env:Receiver', subcode: 'ter:Action', reason: 'injected' }
            : undefined,
      }),
    );
    const faulted = await httpRequest(url, 'POST', body);
    expect(faulted.status).toBe(500);
    expect(faulted.body).toContain('injected');
    camera.removeFault('f-soap');
    expect((await digestPost(url, soapEnvelope('<trt:GetProfiles/>'), ADMIN.username, ADMIN.password)).status).toBe(
      200,
    );
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

  it('lets go of a request held unanswered (a network outage) as soon as its connection closes: no timer left on the clock', async () => {
    const camera = fx.cameras[1]!;
    camera.addFault(fault('f-hold', { onSoapRequest: () => ({ type: 'delay', delayMs: 3_600_000 }) }));
    const before = clock.pendingCount();
    const u = new URL(onvifUrl(camera, 'device'));
    const req = request({
      host: u.hostname,
      port: u.port,
      path: u.pathname,
      method: 'POST',
      agent: false,
      headers: { 'Content-Type': 'application/soap+xml; charset=utf-8' },
    });
    req.on('error', () => undefined);
    req.end(getInfo());
    await vi.waitFor(() => expect(clock.pendingCount()).toBe(before + 1));
    req.destroy();
    await vi.waitFor(() => expect(clock.pendingCount()).toBe(before));
    await vi.waitFor(() =>
      expect(
        fx.log
          .all()
          .filter((o) => o.kind === 'onvif.request' && o.camera === camera.id)
          .at(-1),
      ).toMatchObject({ operation: 'GetDeviceInformation', httpStatus: 499 }),
    );
    camera.removeFault('f-hold');
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

describe('pull-point subscriptions over SOAP: renew, expiry, unsubscribe', () => {
  const clock = new VirtualClock(Date.now());
  let fx: OnvifFixture;

  beforeAll(async () => {
    fx = await startOnvifFixture(7, ['fixed-1080p'], clock);
  });

  afterAll(async () => {
    await fx.close();
  });

  const post = (url: string, body: string): Promise<{ status: number; body: string }> =>
    httpRequest(url, 'POST', soapEnvelope(body, ADMIN));
  const TEV = 'xmlns:tev="http://www.onvif.org/ver10/events/wsdl"';
  const WSNT = 'xmlns:wsnt="http://docs.oasis-open.org/wsn/b-2"';

  it('renews a subscription past its first termination, then lets it expire', async () => {
    const camera = fx.cameras[0]!;
    const created = await post(
      onvifUrl(camera, 'events'),
      `<tev:CreatePullPointSubscription ${TEV}><tev:InitialTerminationTime>PT10S</tev:InitialTerminationTime></tev:CreatePullPointSubscription>`,
    );
    expect(created.status).toBe(200);
    const address = /<wsa:Address>([^<]+)<\/wsa:Address>/.exec(created.body)![1]!;
    expect(address).toContain('/onvif/events_service/pullpoint/');
    const renewed = await post(
      address,
      `<wsnt:Renew ${WSNT}><wsnt:TerminationTime>PT60S</wsnt:TerminationTime></wsnt:Renew>`,
    );
    expect(renewed.status).toBe(200);
    expect(renewed.body).toContain('<wsnt:RenewResponse>');
    clock.advance(30_000);
    camera.raiseEvent('tamper', true);
    const pulled = await post(
      address,
      `<tev:PullMessages ${TEV}><tev:Timeout>PT5S</tev:Timeout><tev:MessageLimit>5</tev:MessageLimit></tev:PullMessages>`,
    );
    expect(pulled.status).toBe(200);
    expect(pulled.body).toContain('tns1:VideoSource/GlobalSceneChange/ImagingService');
    clock.advance(31_000);
    const expired = await post(
      address,
      `<tev:PullMessages ${TEV}><tev:Timeout>PT1S</tev:Timeout><tev:MessageLimit>5</tev:MessageLimit></tev:PullMessages>`,
    );
    expect(expired.status).toBe(400);
    expect(expired.body).toContain('ter:InvalidArgVal');
  });

  it('long-polls until the timeout on the clock, and unsubscribes', async () => {
    const camera = fx.cameras[0]!;
    const created = await post(onvifUrl(camera, 'events'), `<tev:CreatePullPointSubscription ${TEV}/>`);
    const address = /<wsa:Address>([^<]+)<\/wsa:Address>/.exec(created.body)![1]!;
    // The first pull returns the current property state (tamper is still true) as Initialized.
    const initial = await post(
      address,
      `<tev:PullMessages ${TEV}><tev:Timeout>PT10S</tev:Timeout><tev:MessageLimit>10</tev:MessageLimit></tev:PullMessages>`,
    );
    expect(initial.body).toContain('PropertyOperation="Initialized"');
    let settled = false;
    const waiting = post(
      address,
      `<tev:PullMessages ${TEV}><tev:Timeout>PT20S</tev:Timeout><tev:MessageLimit>10</tev:MessageLimit></tev:PullMessages>`,
    ).finally(() => (settled = true));
    await vi.waitFor(() => expect(clock.pendingCount()).toBeGreaterThan(0));
    expect(settled).toBe(false);
    clock.advance(20_000);
    const empty = await waiting;
    expect(empty.status).toBe(200);
    expect(empty.body).not.toContain('NotificationMessage');
    expect((await post(address, `<wsnt:Unsubscribe ${WSNT}/>`)).status).toBe(200);
    expect(fx.server.device(camera.id)!.events.subscriptionCount).toBe(0);
  });
});
