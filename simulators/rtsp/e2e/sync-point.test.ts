import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Camera } from '../../camera/camera.ts';
import { findBuiltinModel } from '../../camera/camera-model.ts';
import { rtspUrl } from '../../camera/uris.ts';
import { VirtualClock } from '../../clock/virtual-clock.ts';
import { ObservationLog } from '../../observations/observation-log.ts';
import { RtspReader } from '../rtsp-reader.ts';
import { RtspServer } from '../rtsp-server.ts';
import { StreamLibrary } from '../stream-library.ts';
import { expectResourcesReleased } from './resources.ts';
import { syntheticLoader } from './synthetic-clip.ts';

/** One received access unit: its RTP timestamp, sequence numbers and whether its slices are IDR (the synthetic clip's NAL header byte). */
interface ReceivedUnit {
  ts: number;
  seqs: number[];
  idr: boolean;
}

/** Collects access units from RTP packets (the SEI packet leads each unit; the marker bit ends it). */
function unitCollector(): { units: ReceivedUnit[]; onRtpPacket: (p: Buffer) => void } {
  const units: ReceivedUnit[] = [];
  let current: ReceivedUnit | undefined;
  return {
    units,
    onRtpPacket(p: Buffer) {
      current ??= { ts: p.readUInt32BE(4), seqs: [], idr: false };
      current.seqs.push(p.readUInt16BE(2));
      if (p[12] === 0x65) current.idr = true;
      if ((p[1]! & 0x80) !== 0) {
        units.push(current);
        current = undefined;
      }
    },
  };
}

// fixed-1080p main: 25 fps (40 ms a frame, 3600 ticks), a key frame every 50.
const FRAME_MS = 40;
const FRAME_TICKS = 3600;

describe('SetSynchronizationPoint on the RTSP server (synthetic clip, virtual clock)', () => {
  let clock: VirtualClock;
  let streams: StreamLibrary;
  let server: RtspServer;
  let camera: Camera;
  let resourcesBefore: string[];
  const readers: RtspReader[] = [];

  beforeEach(async () => {
    resourcesBefore = process.getActiveResourcesInfo();
    clock = new VirtualClock(FRAME_MS * 40_000_000);
    streams = new StreamLibrary({ loadClip: syntheticLoader, clock });
    server = new RtspServer({ log: new ObservationLog(), streams, clock });
    camera = new Camera({
      id: 'sync-1',
      name: 'sync-1',
      site: 'lab',
      model: findBuiltinModel('fixed-1080p')!,
      network: { address: '127.11.7.1', rtspPort: 0, onvifPort: 0 },
      users: [{ username: 'admin', password: 'secret', role: 'Administrator' }],
    });
    await server.addCamera(camera);
  });

  afterEach(async () => {
    for (const r of readers.splice(0)) r.close();
    await server.close();
    streams.close();
    camera.dispose();
    await expectResourcesReleased(resourcesBefore);
  });

  async function play(): Promise<ReceivedUnit[]> {
    const c = unitCollector();
    const r = await RtspReader.connect(camera.network.address, camera.network.rtspPort, {
      username: 'admin',
      password: 'secret',
      onRtpPacket: c.onRtpPacket,
    });
    readers.push(r);
    await r.play(rtspUrl(camera, 'main'));
    return c.units;
  }

  /** Moves the camera's clock on by whole frames, one tick at a time, and waits until every unit sent has arrived. */
  async function frames(n: number, ...receivers: ReceivedUnit[][]): Promise<void> {
    for (let i = 0; i < n; i++) {
      clock.advance(FRAME_MS);
      const sent = server.stats().framesSent;
      await vi.waitFor(() => expect(receivers.reduce((sum, u) => sum + u.length, 0)).toBe(sent));
    }
  }

  it('sends the next key frame at once, with RTP sequence numbers and time running on', async () => {
    const a = await play();
    const b = await play();
    // Sessions start on a key frame: wait for it, then go three frames into the GOP.
    for (let i = 0; a.length === 0 && i < 60; i++) await frames(1, a, b);
    await frames(3, a, b);
    expect(a.map((u) => u.idr)).toEqual([true, false, false, false]);
    camera.requestSyncPoint('main');
    await frames(2, a, b);
    // Both live sessions of the profile: the very next unit is a key frame, the one after is not.
    for (const units of [a, b]) {
      expect(units.slice(-3).map((u) => u.idr)).toEqual([false, true, false]);
      const seqs = units.flatMap((u) => u.seqs);
      expect(seqs.slice(1).every((s, i) => s === ((seqs[i]! + 1) & 0xffff))).toBe(true);
      expect(units.slice(1).every((u, i) => u.ts === (units[i]!.ts + FRAME_TICKS) >>> 0)).toBe(true);
    }
  });

  it('leaves the other profile alone', async () => {
    const c = unitCollector();
    const r = await RtspReader.connect(camera.network.address, camera.network.rtspPort, {
      username: 'admin',
      password: 'secret',
      onRtpPacket: c.onRtpPacket,
    });
    readers.push(r);
    await r.play(rtspUrl(camera, 'sub'));
    for (let i = 0; c.units.length === 0 && i < 60; i++) await frames(1, c.units);
    await frames(1, c.units);
    // A sync point for main, which nobody plays: sub goes on with its GOP.
    camera.requestSyncPoint('main');
    await frames(2, c.units);
    expect(c.units.map((u) => u.idr)).toEqual([true, false, false, false]);
  });
});
