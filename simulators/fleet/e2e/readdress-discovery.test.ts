import { createSocket, type Socket } from 'node:dgram';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { findBuiltinModel } from '../../camera/camera-model.ts';
import { ffmpegAvailable } from '../../../media/ffmpeg/ffmpeg-path.ts';
import { ffprobe } from '../../faults/e2e/ffmpeg-watch.ts';
import { digestPost, soapEnvelope } from '../../onvif/e2e/http-soap-client.ts';
import { Fleet } from '../fleet.ts';
import { fleetSchema } from '../fleet-schema.ts';

const available = await ffmpegAvailable();
if (!available) console.warn('skipping readdress e2e: ffmpeg/ffprobe do not run here');

interface Heard {
  from: string;
  xml: string;
}

/** A listener on the WS-Discovery group, joined on loopback as a hub on this machine would. */
class DiscoveryListener {
  readonly heard: Heard[] = [];
  private readonly waiters = new Set<() => void>();
  private constructor(private readonly socket: Socket) {
    socket.on('message', (msg, rinfo) => {
      this.heard.push({ from: rinfo.address, xml: msg.toString('utf8') });
      for (const w of [...this.waiters]) w();
    });
  }
  static async open(): Promise<DiscoveryListener> {
    const socket = createSocket({ type: 'udp4', reuseAddr: true });
    await new Promise<void>((resolve) => socket.bind(3702, () => resolve()));
    socket.addMembership('239.255.255.250', '127.0.0.1');
    return new DiscoveryListener(socket);
  }
  until(match: (h: Heard) => boolean, timeoutMs: number, what: string): Promise<Heard> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const h = this.heard.find(match);
        if (h === undefined) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(h);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(
          new Error(
            `${what} not heard within ${timeoutMs} ms; heard ${this.heard.map((x) => `${x.from}:${/<[^>]*:(Hello|Bye|ProbeMatches|Probe)\b/.exec(x.xml)?.[1] ?? '?'}`).join(', ')}`,
          ),
        );
      }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }
  close(): Promise<void> {
    return new Promise((r) => this.socket.close(() => r()));
  }
}

const isHello = (xml: string) => /:Hello[\s>]/.test(xml);
const isBye = (xml: string) => /:Bye[\s>]/.test(xml);

describe.skipIf(!available)('readdress and power seen through WS-Discovery and RTSP', () => {
  let fleet: Fleet;
  let listener: DiscoveryListener;
  const sockets = () => process.getActiveResourcesInfo().filter((r) => r === 'TCPServerWrap' || r === 'UDPWrap').length;
  let socketsBefore = 0;

  beforeAll(async () => {
    socketsBefore = sockets();
    const base = findBuiltinModel('fixed-1080p')!;
    const def = fleetSchema.parse({
      models: [{ ...base, id: 'quick-boot', bootTimeMs: 300 }],
      sites: [{ name: 'east', addressBlock: '127.13.30.0/24', cameras: [{ model: 'quick-boot', count: 2 }] }],
      users: [{ username: 'admin', password: 'pw' }],
    });
    listener = await DiscoveryListener.open();
    fleet = await Fleet.start(def, { ports: { rtsp: 0, onvif: 0 } });
  });
  afterAll(async () => {
    await fleet?.close();
    await listener?.close();
    // Every listener and discovery socket the fleet opened is closed.
    await vi.waitFor(() => expect(sockets()).toBe(socketsBefore), { timeout: 5_000 });
  });

  it('readdress: Bye from the old address, Hello naming the new one; the stream moves; clearing moves it back', async () => {
    const { id } = await fleet.applyFault({
      kind: 'readdress',
      target: { site: 'east' },
      params: { addressBlock: '127.13.31.0/24' },
    });
    await listener.until((h) => h.from === '127.13.30.1' && isBye(h.xml), 5_000, 'Bye from 127.13.30.1');
    const hello = await listener.until(
      (h) => isHello(h.xml) && h.xml.includes('http://127.13.31.1'),
      5_000,
      'Hello with 127.13.31.1',
    );
    expect(hello.from).toBe('127.13.31.1');
    const moved = fleet.inventory().cameras[0]!;
    expect(moved.address).toBe('127.13.31.1');
    const probe = await ffprobe(moved.rtsp.main.replace('rtsp://', 'rtsp://admin:pw@'));
    expect(probe.code, probe.stderr).toBe(0);
    await fleet.clearFault(id);
    await listener.until(
      (h) => isHello(h.xml) && h.xml.includes('http://127.13.30.1') && h.from === '127.13.30.1',
      5_000,
      'Hello back at 127.13.30.1',
    );
    expect(fleet.inventory().cameras[0]!.address).toBe('127.13.30.1');
  });

  it('a client adds a scope: the fleet says Hello with it (ONVIF Core 7.3.2.3, DISCOVERY-1-1-11)', async () => {
    const start = listener.heard.length;
    const camera = fleet.inventory().cameras[0]!;
    const scope = 'onvif://www.onvif.org/location/control-room-b';
    const added = await digestPost(
      camera.onvif,
      soapEnvelope(
        `<tds:AddScopes xmlns:tds="http://www.onvif.org/ver10/device/wsdl"><tds:ScopeItem>${scope}</tds:ScopeItem></tds:AddScopes>`,
      ),
      'admin',
      'pw',
    );
    expect(added.status, added.body).toBe(200);
    const hello = await listener.until(
      (h) => listener.heard.indexOf(h) >= start && isHello(h.xml) && h.from === camera.address,
      5_000,
      `Hello from ${camera.address}`,
    );
    expect(hello.xml).toContain(scope);
  });

  it('power outage: Bye when it goes down, Hello when it is back', async () => {
    const start = listener.heard.length;
    const { id } = await fleet.applyFault({
      kind: 'outage',
      target: { camera: 'east-002' },
      params: { mode: 'power' },
    });
    await listener.until(
      (h) => listener.heard.indexOf(h) >= start && h.from === '127.13.30.2' && isBye(h.xml),
      5_000,
      'Bye from 127.13.30.2',
    );
    await fleet.clearFault(id);
    await listener.until(
      (h) => listener.heard.indexOf(h) >= start && h.from === '127.13.30.2' && isHello(h.xml),
      5_000,
      'Hello from 127.13.30.2',
    );
  });
});
