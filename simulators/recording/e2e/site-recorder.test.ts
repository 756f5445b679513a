import { createRequire } from 'node:module';
import { createConnection } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Camera } from '../../camera/camera.ts';
import { findBuiltinModel } from '../../camera/camera-model.ts';
import { onvifUrl } from '../../camera/uris.ts';
import { WSD_MULTICAST_ADDRESS } from '../../discovery/ws-discovery-codec.ts';
import { Fleet } from '../../fleet/fleet.ts';
import { fleetSchema } from '../../fleet/fleet-schema.ts';
import { digestPost, soapEnvelope } from '../../onvif/e2e/http-soap-client.ts';
import { call, connectCam } from '../../onvif/e2e/onvif-client.ts';
import { OnvifWsdlFixture, wsdlAvailable } from '../../onvif/e2e/onvif-wsdl-fixture.ts';
import { WsdClient } from '../../onvif/e2e/wsd-client.ts';
import type { ObservationOf } from '../../observations/observation.ts';

const require = createRequire(import.meta.url);
const soap = require('soap') as {
  createClientAsync(wsdl: string, opts: Record<string, unknown>): Promise<SoapClient>;
  WSSecurity: new (user: string, password: string, opts: Record<string, unknown>) => unknown;
};
interface SoapClient {
  setSecurity(s: unknown): void;
  [method: string]: unknown;
}

if (!wsdlAvailable) console.warn('site-recorder e2e: ../shared/onvif-wsdl is absent, skipping');

const BLOCK = '127.41.12';
const base = findBuiltinModel('fixed-1080p')!;

/** Connects and resolves true, or resolves false when the address refuses or resets. */
function answers(address: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: address, port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

describe.skipIf(!wsdlAvailable)('a site recorder and an edge-storage camera, met by real clients', () => {
  let fleet: Fleet;
  let nvr: Camera;
  let wsdl: OnvifWsdlFixture;
  let prober: WsdClient;
  const sockets = () => process.getActiveResourcesInfo().filter((r) => r === 'TCPServerWrap' || r === 'UDPWrap').length;
  let socketsBefore = 0;

  beforeAll(async () => {
    socketsBefore = sockets();
    const def = fleetSchema.parse({
      models: [{ ...base, id: 'sd-bullet', bootTimeMs: 200, edgeStorage: { capacity: '64GB' } }],
      sites: [
        {
          name: 'north',
          addressBlock: `${BLOCK}.0/24`,
          cameras: [
            { model: 'fixed-1080p', count: 1 },
            { model: 'sd-bullet', count: 1 },
          ],
        },
      ],
      users: [{ username: 'admin', password: 'pw' }],
      recorders: [{ id: 'north-nvr', site: 'north', capacity: '8TB', retention: '30d' }],
    });
    fleet = await Fleet.start(def, { ports: { rtsp: 0, onvif: 0 } });
    nvr = fleet.recordings.library('north-nvr')!.device;
    wsdl = await OnvifWsdlFixture.create();
    prober = await WsdClient.prober();
  });

  afterAll(async () => {
    prober?.close();
    await fleet?.close();
    await wsdl?.close();
    await vi.waitFor(() => expect(sockets()).toBe(socketsBefore), { timeout: 5_000 });
  });

  it('the recorder has its own address, after the cameras; the inventory lists it beside the cameras, not among them', () => {
    expect(nvr.network.address).toBe(`${BLOCK}.3`);
    expect(fleet.inventory().cameras.map((c) => c.id)).toEqual(['north-001', 'north-002']);
    expect(fleet.inventory().recorders).toEqual([
      expect.objectContaining({
        id: 'north-nvr',
        site: 'north',
        address: nvr.network.address,
        onvif: onvifUrl(nvr),
        channels: ['north-001', 'north-002'],
        username: 'admin',
      }),
    ]);
    expect(fleet.recordings.libraries().map((l) => [l.deviceId, l.storage])).toEqual([
      ['north-002', 'edge'],
      ['north-nvr', 'recorder'],
    ]);
  });

  it('the onvif npm client reads the recorder as a device without media', async () => {
    // connect() reads time, capabilities, services and device information; a recorder has no media for it to list.
    const client = await connectCam(nvr, 'admin', 'pw', true);
    const info = await call<{ manufacturer: string; model: string }>(client, 'getDeviceInformation');
    expect(info).toMatchObject({ manufacturer: 'Camlab Storage', model: 'CL-NVR32' });
    const time = await call<Date>(client, 'getSystemDateAndTime');
    expect(Math.abs(time.getTime() - Date.now())).toBeLessThan(60_000);
    const scopes = await call<Array<{ scopeItem: string }>>(client, 'getScopes');
    expect(scopes.map((s) => s.scopeItem)).toContain('onvif://www.onvif.org/type/Network_Video_Storage');
    const caps = await call<Record<string, unknown>>(client, 'getCapabilities');
    expect(caps.media).toBeUndefined();
    expect(caps.device).toBeDefined();
  });

  it('node-soap built from devicemgmt.wsdl: information, services, capabilities, time, scopes', async () => {
    const path = await wsdl.serviceWsdl('device', onvifUrl(nvr, 'device'));
    const c = await soap.createClientAsync(path, {
      forceSoap12Headers: true,
      wsdl_options: { overrideImportLocation: OnvifWsdlFixture.overrideImportLocation },
    });
    c.setSecurity(new soap.WSSecurity('admin', 'pw', { passwordType: 'PasswordDigest', hasTimeStamp: false }));
    const op = async <T>(name: string, args: Record<string, unknown> = {}): Promise<T> => {
      const fn = c[`${name}Async`] as (a: Record<string, unknown>) => Promise<[T]>;
      return (await fn.call(c, args))[0];
    };
    expect(await op<{ Manufacturer: string }>('GetDeviceInformation')).toMatchObject({
      Manufacturer: 'Camlab Storage',
      HardwareId: 'CLN-32-R1',
    });
    const services = await op<{ Service: Array<{ Namespace: string; XAddr: string }> }>('GetServices', {
      IncludeCapability: true,
    });
    const namespaces = services.Service.map((s) => s.Namespace);
    expect(namespaces).toContain('http://www.onvif.org/ver10/device/wsdl');
    for (const encoderService of [
      'http://www.onvif.org/ver10/media/wsdl',
      'http://www.onvif.org/ver20/media/wsdl',
      'http://www.onvif.org/ver20/imaging/wsdl',
    ])
      expect(namespaces).not.toContain(encoderService);
    expect(
      services.Service.every((s) => s.XAddr.startsWith(`http://${nvr.network.address}:${nvr.network.onvifPort}/`)),
    ).toBe(true);
    // Profile G: recording control, search and replay, on the recorder's own address.
    for (const profileG of [
      'http://www.onvif.org/ver10/recording/wsdl',
      'http://www.onvif.org/ver10/search/wsdl',
      'http://www.onvif.org/ver10/replay/wsdl',
    ])
      expect(namespaces).toContain(profileG);
    const caps = await op<{ Capabilities: Record<string, unknown> }>('GetCapabilities', { Category: ['All'] });
    expect(caps.Capabilities.Media).toBeUndefined();
    await expect(op('GetCapabilities', { Category: ['Media'] })).rejects.toThrow(/NoSuchService|no Media service/);
    const time = await op<{ SystemDateAndTime: { UTCDateTime: { Date: { Year: number } } } }>('GetSystemDateAndTime');
    expect(Number(time.SystemDateAndTime.UTCDateTime.Date.Year)).toBe(new Date().getUTCFullYear());
    const scopes = await op<{ Scopes: Array<{ ScopeItem: string }> }>('GetScopes');
    const items = scopes.Scopes.map((s) => s.ScopeItem);
    expect(items).toContain('onvif://www.onvif.org/type/Network_Video_Storage');
    expect(items).not.toContain('onvif://www.onvif.org/type/Network_Video_Transmitter');
  });

  it('WS-Discovery: a Probe for NetworkVideoStorage finds the recorder and only it; NetworkVideoTransmitter the cameras only', async () => {
    // Other fleets may run on this machine: only answers from this fleet's block count.
    const ours = (answers: string[]) =>
      answers.filter((a) => a.includes(`http://${BLOCK}.`)).map((a) => /<d:XAddrs>http:\/\/([\d.]+):/.exec(a)?.[1]);
    const storage = prober.probe(WSD_MULTICAST_ADDRESS, [], 'dn:NetworkVideoStorage');
    const transmitters = prober.probe(WSD_MULTICAST_ADDRESS, [], 'dn:NetworkVideoTransmitter');
    const devices = prober.probe(WSD_MULTICAST_ADDRESS, [], 'tds:Device');
    // Devices answer within APP_MAX_DELAY (500 ms): wait for all three to have answered.
    await vi.waitFor(() => expect(ours(devices()).length).toBe(3), { timeout: 5_000 });
    await vi.waitFor(() => expect(ours(transmitters()).length).toBe(2), { timeout: 5_000 });
    await vi.waitFor(() => expect(ours(storage()).length).toBe(1), { timeout: 5_000 });
    expect(ours(storage())).toEqual([nvr.network.address]);
    expect(storage().find((a) => a.includes(`http://${BLOCK}.`))).toContain('dn:NetworkVideoStorage tds:Device');
    expect(ours(transmitters()).sort()).toEqual([`${BLOCK}.1`, `${BLOCK}.2`]);
  });

  it('a recorder power fault stops it answering and recording while the card records on; a client deleting the recording on the card is recorded; the run records what each kept', async () => {
    const port = nvr.network.onvifPort;
    expect(await answers(nvr.network.address, port)).toBe(true);
    await fleet.applyFault({ kind: 'recorder', target: { camera: 'north-nvr' }, params: { mode: 'power' } });
    await vi.waitFor(async () => expect(await answers(nvr.network.address, port)).toBe(false), { timeout: 5_000 });
    const nvrTrack = fleet.recordings.library('north-nvr')!.trackOf('north-002')!;
    const edgeTrack = fleet.recordings.library('north-002')!.trackOf('north-002')!;
    expect(nvrTrack.recording).toBe(false);
    expect(edgeTrack.recording).toBe(true);
    const applied = fleet.log.all().find((o) => o.kind === 'fault.applied' && o.fault === 'recorder');
    expect(applied).toMatchObject({ cameras: ['north-nvr'], params: { mode: 'power' } });
    // A recorder fault on a camera without a card is refused, naming the field.
    await expect(
      fleet.applyFault({ kind: 'recorder', target: { camera: 'north-001' }, params: { mode: 'disk-full' } }),
    ).rejects.toMatchObject({ status: 400 });
    // A client deletes the edge recording: the device records the call (rec-hub judges it) and stops writing that recording.
    const camera = fleet.inventory().cameras.find((c) => c.id === 'north-002')!;
    const url = camera.onvif.replace('/device_service', '/recording_service');
    const reply = await digestPost(
      url,
      soapEnvelope(
        '<trc:DeleteRecording xmlns:trc="http://www.onvif.org/ver10/recording/wsdl"><trc:RecordingToken>rec-north-002</trc:RecordingToken></trc:DeleteRecording>',
      ),
      'admin',
      'pw',
    );
    const control = fleet.log
      .all()
      .filter((o): o is ObservationOf<'recording.control'> => o.kind === 'recording.control');
    expect(control).toEqual([
      expect.objectContaining({
        recorder: 'north-002',
        storage: 'edge',
        operation: 'DeleteRecording',
        effect: 'delete',
        recordingToken: 'rec-north-002',
        camera: 'north-002',
        user: 'admin',
        outcome: reply.status === 200 ? 'applied' : 'refused',
      }),
    ]);
    expect(edgeTrack.recording).toBe(false);
    await fleet.close();
    // The last report of each device, at close, lists every track.
    const reports = fleet.log.all().filter((o): o is ObservationOf<'recorder.tracks'> => o.kind === 'recorder.tracks');
    const last = (recorder: string, camera: string) =>
      reports
        .filter((o) => o.recorder === recorder)
        .at(-1)!
        .tracks.find((t) => t.camera === camera)!;
    const edge = last('north-002', 'north-002');
    const site = last('north-nvr', 'north-002');
    expect(edge.spans).toHaveLength(1);
    expect(site.spans).toHaveLength(1);
    expect(last('north-nvr', 'north-001').spans).toHaveLength(1);
    // The recorder's span stopped when its power went; the card's went on to the end.
    expect(site.spans[0]!.endMs).toBeLessThan(edge.spans[0]!.endMs);
    const down = fleet.log
      .all()
      .find((o) => o.kind === 'camera.state' && o.camera === 'north-nvr' && o.state === 'down')!;
    expect(site.spans[0]!.endMs).toBeGreaterThanOrEqual(down.atMs);
    expect(site.spans[0]!.endMs).toBeLessThanOrEqual(applied!.atMs);
  });
});
