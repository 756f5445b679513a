import { once } from 'node:events';
import { connect } from 'node:net';
import { XMLValidator } from 'fast-xml-parser';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { VirtualClock } from '../../clock/virtual-clock.ts';
import { soapEnvelope } from '../../onvif/e2e/http-soap-client.ts';
import { call, connectCam } from '../../onvif/e2e/onvif-client.ts';
import {
  ADMIN,
  type QuirkCamera,
  TDS,
  curlAvailable,
  curlSoap,
  soapRequest,
  startQuirkCamera,
} from './quirk-fixture.ts';

const GET_DEVICE_INFORMATION = soapRequest(TDS, 'GetDeviceInformation');
const GET_DATE = soapRequest(TDS, 'GetSystemDateAndTime');

/** Quirks that act over time, on a camera whose clock only moves when the test says (no wall-clock judgement). */
describe.skipIf(!curlAvailable)('ONVIF quirks that act over time, on a virtual clock', () => {
  let q: QuirkCamera;
  const clock = new VirtualClock(Date.now());
  const up = async (): Promise<void> => {
    clock.advance(q.camera.model.bootTimeMs);
    await vi.waitFor(async () => expect((await curlSoap(q.url(), GET_DATE)).status).toBe(200), { timeout: 10_000 });
  };
  beforeAll(async () => {
    q = await startQuirkCamera(2, { clock });
  });
  afterEach(() => q.off());
  afterAll(() => q.close());

  it('slow-answers: the answer is held until the device clock has moved by the delay', async () => {
    q.on('slow-answers', { delay: '4s', operations: ['GetDeviceInformation'] });
    expect(clock.pendingCount()).toBe(0);
    const pending = curlSoap(q.url(), GET_DEVICE_INFORMATION, { digest: ADMIN });
    const answered = (): number =>
      q.log.ofKind('onvif.request').filter((o) => o.operation === 'GetDeviceInformation' && o.httpStatus === 200)
        .length;
    // The answer waits on the camera's clock (a timer is pending): nothing sent yet.
    await vi.waitFor(() => expect(clock.pendingCount()).toBeGreaterThan(0), { timeout: 10_000 });
    expect(answered()).toBe(0);
    clock.advance(3_999);
    expect(answered()).toBe(0);
    clock.advance(1);
    const reply = await pending;
    expect(reply.status).toBe(200);
    expect(answered()).toBe(1);
  });

  it('reboot-on-request-flood: the request past maxPerSecond is never answered and the camera reboots', async () => {
    q.on('reboot-on-request-flood', { maxPerSecond: 3 });
    for (let i = 0; i < 3; i++) expect((await curlSoap(q.url(), GET_DATE)).status).toBe(200);
    const fourth = await curlSoap(q.url(), GET_DATE);
    expect(fourth.status).toBe(0);
    expect(q.camera.power).toBe('booting');
    await up();
    // A second later the count starts again.
    clock.advance(1_000);
    expect((await curlSoap(q.url(), GET_DATE)).status).toBe(200);
  });

  it('clock-reset-on-boot: after a reboot the device clock reads 2000; a fresh UsernameToken is refused until the client corrects for it', async () => {
    q.on('clock-reset-on-boot');
    const token = (): string =>
      soapEnvelope('<GetDeviceInformation xmlns="http://www.onvif.org/ver10/device/wsdl"/>', ADMIN, {
        created: new Date(clock.now()).toISOString(),
      });
    expect((await curlSoap(q.url(), token())).status).toBe(200);
    q.camera.reboot(clock, 'test');
    await up();
    const date = await curlSoap(q.url(), GET_DATE);
    expect(date.body).toMatch(/<tt:UTCDateTime><tt:Time>.*<\/tt:Time><tt:Date><tt:Year>2000<\/tt:Year>/);
    const refused = await curlSoap(q.url(), token());
    expect(refused.status).toBe(400);
    expect(refused.body).toContain('ter:NotAuthorized');
    // The onvif client reads GetSystemDateAndTime first and signs in device time: it gets in.
    const cam = await connectCam(q.camera, ADMIN.username, ADMIN.password, true);
    await call(cam, 'getDeviceInformation');
  });

  it('ptz-never-moves: AbsoluteMove is answered but GetStatus never leaves home; without the quirk the head reaches the target', async () => {
    const cam = await connectCam(q.camera, ADMIN.username, ADMIN.password, false);
    const position = async (): Promise<{ x: number; y: number }> =>
      (await call<{ position: { x: number; y: number } }>(cam, 'getStatus', { profileToken: 'Profile_main' })).position;
    q.on('ptz-never-moves');
    await call(cam, 'absoluteMove', { x: 0.5, y: -0.25, zoom: 0.4, profileToken: 'Profile_main' });
    clock.advance(10_000);
    expect(await position()).toMatchObject({ x: 0, y: 0 });
    q.off();
    await call(cam, 'absoluteMove', { x: 0.5, y: -0.25, zoom: 0.4, profileToken: 'Profile_main' });
    clock.advance(10_000);
    expect(await position()).toMatchObject({ x: 0.5, y: -0.25 });
    await call(cam, 'absoluteMove', { x: 0, y: 0, zoom: 0, profileToken: 'Profile_main' });
    clock.advance(10_000);
  });

  it('drip-fed-answers: the answer reaches a raw socket in many small reads and is whole at the end', async () => {
    q.on('drip-fed-answers', { chunkBytes: 64, interval: '20ms' });
    const socket = connect(q.camera.network.onvifPort, q.camera.network.address);
    await once(socket, 'connect');
    const reads: Buffer[] = [];
    socket.on('data', (b: Buffer) => reads.push(b));
    const path = new URL(q.url()).pathname;
    // The client keeps its side open (as HTTP clients do); the server closes after the answer (Connection: close).
    socket.write(
      `POST ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/soap+xml\r\nContent-Length: ${Buffer.byteLength(GET_DATE)}\r\n\r\n${GET_DATE}`,
    );
    await once(socket, 'close');
    const text = Buffer.concat(reads).toString('utf8');
    const body = text.slice(text.indexOf('\r\n\r\n') + 4);
    expect(text).toMatch(/^HTTP\/1\.1 200/);
    expect(XMLValidator.validate(body)).toBe(true);
    // About 1 KB in 64-byte chunks: far more reads than the one or two a whole answer takes.
    expect(reads.length).toBeGreaterThanOrEqual(8);
  });
});
