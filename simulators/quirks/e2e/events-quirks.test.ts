import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { cameraModelSchema, findBuiltinModel } from '../../camera/camera-model.ts';
import { systemClock } from '../../clock/clock.ts';
import {
  ADMIN,
  type QuirkCamera,
  TDS,
  TEV,
  curlAvailable,
  curlSoap,
  soapRequest,
  startQuirkCamera,
} from './quirk-fixture.ts';

const WSNT = 'http://docs.oasis-open.org/wsn/b-2';
/** A camera that boots at once, so a reboot in a test costs nothing. */
const quickBoot = cameraModelSchema.parse({ ...findBuiltinModel('fixed-1080p')!, id: 'quick-boot', bootTimeMs: 0 });

/** Event quirks, seen by curl speaking the pull-point protocol to one camera. */
describe.skipIf(!curlAvailable)('event quirks on the wire', () => {
  let q: QuirkCamera;
  beforeAll(async () => {
    q = await startQuirkCamera(5, { model: quickBoot });
  });
  afterEach(() => {
    q.off();
    // Each test starts with no subscriptions and motion off (the camera keeps property state across subscriptions).
    q.camera.raiseEvent('motion', false);
    q.server.device(q.camera.id)!.dropEvents();
  });
  afterAll(() => q.close());

  const createPullPoint = async (): Promise<{ status: number; address: string | undefined; body: string }> => {
    const reply = await curlSoap(
      q.url('events'),
      soapRequest(TEV, 'CreatePullPointSubscription', '<InitialTerminationTime>PT60S</InitialTerminationTime>'),
      { digest: ADMIN },
    );
    return {
      status: reply.status,
      address: /<wsa:Address>([^<]+)<\/wsa:Address>/.exec(reply.body)?.[1],
      body: reply.body,
    };
  };
  const pull = (address: string) =>
    curlSoap(address, soapRequest(TEV, 'PullMessages', '<Timeout>PT0S</Timeout><MessageLimit>100</MessageLimit>'), {
      digest: ADMIN,
    });
  /** The IsMotion values in a PullMessages answer, in order. */
  const isMotion = (body: string): string[] =>
    [...body.matchAll(/<tt:SimpleItem Name="IsMotion" Value="([^"]*)"\/>/g)].map((m) => m[1]!);
  const messageCount = (body: string): number => body.split('<wsnt:NotificationMessage>').length - 1;

  it('subscription-slots, whenFull fault: the third pull point is refused with ter:MaxPullPoints', async () => {
    q.on('subscription-slots', { max: 2, whenFull: 'fault' });
    expect((await createPullPoint()).status).toBe(200);
    expect((await createPullPoint()).status).toBe(200);
    const third = await createPullPoint();
    expect(third.status).toBe(500);
    expect(third.body).toContain('ter:MaxPullPoints');
  });

  it('subscription-slots, whenFull evict-oldest: the third is taken and the first answers ResourceUnknown', async () => {
    q.on('subscription-slots', { max: 2, whenFull: 'evict-oldest' });
    const [first, second, third] = [await createPullPoint(), await createPullPoint(), await createPullPoint()];
    expect(third.status).toBe(200);
    const gone = await pull(first.address!);
    expect(gone.status).toBe(400);
    expect(gone.body).toContain('ResourceUnknownFault');
    expect((await pull(second.address!)).status).toBe(200);
    expect((await pull(third.address!)).status).toBe(200);
  });

  it('subscription-slots, whenFull silent-drop: the third is taken and never gets a message', async () => {
    q.on('subscription-slots', { max: 2, whenFull: 'silent-drop' });
    const [first, , third] = [await createPullPoint(), await createPullPoint(), await createPullPoint()];
    expect(third.status).toBe(200);
    q.camera.raiseEvent('motion', true);
    expect(isMotion((await pull(first.address!)).body)).toEqual(['false', 'true']);
    const muted = await pull(third.address!);
    expect(muted.status).toBe(200);
    expect(messageCount(muted.body)).toBe(0);
  });

  it('motion-never-clears: IsMotion=true arrives, IsMotion=false never does (it does without the quirk)', async () => {
    q.on('motion-never-clears');
    const sub = (await createPullPoint()).address!;
    expect(isMotion((await pull(sub)).body)).toEqual(['false']);
    q.camera.raiseEvent('motion', true);
    expect(isMotion((await pull(sub)).body)).toEqual(['true']);
    q.camera.raiseEvent('motion', false);
    expect(messageCount((await pull(sub)).body)).toBe(0);
    q.off();
    q.camera.raiseEvent('motion', true);
    q.camera.raiseEvent('motion', false);
    expect(isMotion((await pull(sub)).body)).toEqual(['true', 'false']);
  });

  it("motion-state-shape: IsMotion and State are '1'/'0' (numeric) or 'True'/'False' (capitalised)", async () => {
    q.on('motion-state-shape', { shape: 'numeric' });
    const sub = (await createPullPoint()).address!;
    q.camera.raiseEvent('motion', true);
    const body = (await pull(sub)).body;
    expect(isMotion(body)).toEqual(['0', '1']);
    expect(body).toContain('<tt:SimpleItem Name="State" Value="1"/>');
    q.off();
    q.on('motion-state-shape', { shape: 'capitalised' });
    q.camera.raiseEvent('motion', false);
    expect(isMotion((await pull(sub)).body)).toEqual(['False']);
  });

  it('events-never-delivered: the subscription answers but carries nothing, not even the Initialized state', async () => {
    q.on('events-never-delivered');
    const sub = (await createPullPoint()).address!;
    q.camera.raiseEvent('motion', true);
    const reply = await pull(sub);
    expect(reply.status).toBe(200);
    expect(reply.body).toContain('PullMessagesResponse');
    expect(messageCount(reply.body)).toBe(0);
  });

  it('subscription-gone-404: after a reboot the old pull point answers a bare 404 (without the quirk, ResourceUnknown)', async () => {
    const reboot = async (): Promise<void> => {
      q.camera.reboot(systemClock, 'test');
      await vi.waitFor(
        async () => expect((await curlSoap(q.url(), soapRequest(TDS, 'GetSystemDateAndTime'))).status).toBe(200),
        { timeout: 10_000 },
      );
    };
    const before = (await createPullPoint()).address!;
    await reboot();
    const fault = await pull(before);
    expect(fault.status).toBe(400);
    expect(fault.body).toContain('ResourceUnknownFault');
    q.on('subscription-gone-404');
    const sub = (await createPullPoint()).address!;
    await reboot();
    const gone = await pull(sub);
    expect(gone.status).toBe(404);
    expect(gone.body).not.toContain('Envelope');
  });

  it('subscription-manager-own-port: each pull point is on a port of its own that answers PullMessages; the ports close when the camera goes down', async () => {
    q.on('subscription-manager-own-port');
    const [a, b] = [(await createPullPoint()).address!, (await createPullPoint()).address!];
    const servicePort = q.camera.network.onvifPort;
    const ports = [a, b].map((u) => Number(new URL(u).port));
    expect(ports[0]).not.toBe(servicePort);
    expect(ports[1]).not.toBe(servicePort);
    expect(ports[0]).not.toBe(ports[1]);
    q.camera.raiseEvent('motion', true);
    expect(isMotion((await pull(a)).body)).toEqual(['false', 'true']);
    expect(isMotion((await pull(b)).body)).toEqual(['false', 'true']);
    q.camera.reboot(systemClock, 'test');
    await vi.waitFor(
      async () => expect((await curlSoap(q.url(), soapRequest(TDS, 'GetSystemDateAndTime'))).status).toBe(200),
      { timeout: 10_000 },
    );
    const gone = await pull(a);
    expect(gone.status).toBe(0);
    expect(gone.exitCode).toBe(7);
  });

  it('renew-fails: Renew answers 500 after `after` good renewals', async () => {
    q.on('renew-fails', { after: 1 });
    const sub = (await createPullPoint()).address!;
    const renew = () =>
      curlSoap(sub, soapRequest(WSNT, 'Renew', '<TerminationTime>PT120S</TerminationTime>'), { digest: ADMIN });
    expect((await renew()).status).toBe(200);
    const refused = await renew();
    expect(refused.status).toBe(500);
    expect(refused.body).toContain('Renew failed');
  });
});
