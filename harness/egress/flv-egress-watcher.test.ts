import { once } from 'node:events';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeSeiNal } from '../../media/sei/sei-stamp.ts';
import { VirtualClock } from '../../simulators/clock/virtual-clock.ts';
import { ObservationLog } from '../../simulators/observations/observation-log.ts';
import { EgressWatcher } from './egress-watcher.ts';

/** One FLV tag (Annex E): 11-byte header, data, previous-tag-size. */
function tag(type: number, timestampMs: number, data: Buffer): Buffer {
  const header = Buffer.alloc(11);
  header[0] = type;
  header.writeUIntBE(data.length, 1, 3);
  header.writeUIntBE(timestampMs & 0xffffff, 4, 3);
  header[7] = timestampMs >>> 24;
  const size = Buffer.alloc(4);
  size.writeUInt32BE(11 + data.length);
  return Buffer.concat([header, data, size]);
}

const sps = Buffer.from('6742c01e8c8d40', 'hex');
const pps = Buffer.from('68ce3c80', 'hex');
const flvHeader = Buffer.from('464c5601010000000900000000', 'hex');
const sequenceHeader = tag(
  9,
  0,
  Buffer.concat([
    Buffer.from([0x17, 0, 0, 0, 0, 1, 0x42, 0xc0, 0x1e, 0xff, 0xe1]),
    u16(sps.length),
    sps,
    Buffer.from([1]),
    u16(pps.length),
    pps,
  ]),
);

function u16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n);
  return b;
}

function lengthPrefixed(nal: Buffer): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(nal.length);
  return Buffer.concat([b, nal]);
}

/** A video tag carrying camlab's SEI stamp and a (dummy) IDR slice. */
function stampedFrame(cameraId: string, frame: number, sendTimeMs: number): Buffer {
  const sei = encodeSeiNal('h264', { cameraId, frame, sendTimeMs });
  const slice = Buffer.from([0x65, 0x88, 0x84, 0x00]);
  return tag(
    9,
    frame * 40,
    Buffer.concat([Buffer.from([0x17, 1, 0, 0, 0]), lengthPrefixed(sei), lengthPrefixed(slice)]),
  );
}

/** A video tag with a picture but no SEI: what a hub that strips SEI sends. */
function unstampedFrame(frame: number): Buffer {
  const slice = Buffer.from([0x65, 0x88, 0x84, 0x00]);
  return tag(9, frame * 40, Buffer.concat([Buffer.from([0x17, 1, 0, 0, 0]), lengthPrefixed(slice)]));
}

/**
 * What node-media-server's adapter relies on: the shared watcher over HTTP-FLV, on the main
 * thread and in two worker threads, counting the same frames of a real HTTP restream.
 */
describe.each([0, 2])('EgressWatcher over HTTP-FLV with %i workers', (workers) => {
  let server: Server;
  let base: string;
  let responses: ServerResponse[];
  let clock: VirtualClock;
  let log: ObservationLog;
  let watcher: EgressWatcher | undefined;

  beforeEach(async () => {
    responses = [];
    server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'video/x-flv' });
      res.write(Buffer.concat([flvHeader, sequenceHeader]));
      responses.push(res);
    });
    server.listen(0, '127.16.3.1');
    await once(server, 'listening');
    base = `http://127.16.3.1:${(server.address() as AddressInfo).port}`;
    clock = new VirtualClock(1_000_000);
    log = new ObservationLog();
  });

  afterEach(async () => {
    await watcher?.close();
    watcher = undefined;
    server.closeAllConnections();
    server.close();
    await once(server, 'close');
  });

  /** Moves the run clock one interval on and waits for the interval's observations. */
  async function tick(): Promise<void> {
    clock.advance(1_000);
    await watcher!.settled();
  }

  it('counts unique stamped frames, measures latency from the stamps, flags frames of another camera and pictures without a stamp', async () => {
    watcher = new EgressWatcher({ hub: 'hub', log, clock, protocol: 'http-flv', workers });
    watcher.watch('cam-a', `${base}/live/cam-a.flv`);
    await expect.poll(() => responses.length, { timeout: 10_000 }).toBe(1);
    const res = responses[0]!;
    res.write(Buffer.concat([stampedFrame('cam-a', 1, clock.now() - 120), stampedFrame('cam-a', 2, clock.now() - 80)]));
    // A frame the hub repeats is one frame: counted by its SEI frame counter, not by FLV tags.
    res.write(stampedFrame('cam-a', 2, clock.now() - 80));
    // A frame split across two writes still counts once.
    const mixed = stampedFrame('cam-b', 3, clock.now() - 50);
    res.write(mixed.subarray(0, 10));
    res.write(mixed.subarray(10));
    res.write(unstampedFrame(4));
    const totals = (): number[] => {
      const egress = log.ofKind('hub.egress');
      return [
        egress.reduce((n, o) => n + o.frames, 0),
        egress.reduce((n, o) => n + o.foreignFrames, 0),
        egress.reduce((n, o) => n + o.unstampedFrames, 0),
      ];
    };
    await expect
      .poll(
        async () => {
          await tick();
          return totals();
        },
        { timeout: 10_000 },
      )
      .toEqual([2, 1, 1]);
    const egress = log.ofKind('hub.egress');
    expect(egress.every((o) => o.hub === 'hub' && o.camera === 'cam-a')).toBe(true);
    const latencies = egress.flatMap((o) => o.latencyMs);
    expect(latencies).toHaveLength(2);
    expect(latencies.every((l) => l >= 80)).toBe(true);
    await watcher.close();
    await watcher.close();
  });

  it('records zero-frame intervals while nothing arrives, and reads the restream again when the hub ends it', async () => {
    watcher = new EgressWatcher({ hub: 'hub', log, clock, protocol: 'http-flv', workers, retryMs: 10 });
    watcher.watch('cam-a', `${base}/live/cam-a.flv`);
    await expect.poll(() => responses.length, { timeout: 10_000 }).toBe(1);
    await tick();
    await tick();
    await tick();
    expect(log.ofKind('hub.egress').map((o) => [o.atMs, o.camera, o.frames, o.unstampedFrames])).toEqual([
      [1_001_000, 'cam-a', 0, 0],
      [1_002_000, 'cam-a', 0, 0],
      [1_003_000, 'cam-a', 0, 0],
    ]);
    responses[0]!.end();
    await expect.poll(() => responses.length, { timeout: 10_000 }).toBe(2);
    responses[1]!.write(stampedFrame('cam-a', 9, clock.now()));
    const frames = (): number => log.ofKind('hub.egress').reduce((n, o) => n + o.frames, 0);
    await expect
      .poll(
        async () => {
          await tick();
          return frames();
        },
        { timeout: 10_000 },
      )
      .toBe(1);
    expect(log.ofKind('hub.log').map((o) => o.message)).toEqual([
      `egress of cam-a (http-flv ${base}/live/cam-a.flv): the restream ended; reading again`,
    ]);
    const before = log.ofKind('hub.egress').length;
    watcher.unwatch('cam-a');
    await watcher.settled();
    // Unwatching records the last interval, then the camera is no longer reported.
    expect(log.ofKind('hub.egress')).toHaveLength(before + 1);
    await tick();
    expect(log.ofKind('hub.egress')).toHaveLength(before + 1);
  });
});
