import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ffmpegAvailable, ffmpegPath } from '../../../media/ffmpeg/ffmpeg-path.ts';
import { systemClock } from '../../../simulators/clock/clock.ts';
import { type LabRig, inventoryOf, startLabRig } from '../../hubs/nms/e2e/lab-camera.ts';
import { EgressWatcher } from '../egress-watcher.ts';

const available = await ffmpegAvailable();
if (!available) console.warn('skipping the HLS egress reader e2e: ffmpeg is not available (set FFMPEG_PATH)');

/** Serves the files of one folder, flat: what a hub's HLS endpoint looks like to a player. */
async function serveFolder(dir: string): Promise<Server> {
  const server = createServer((req, res) => {
    const name = basename(new URL(req.url ?? '/', 'http://x').pathname);
    readFile(join(dir, name)).then(
      (body) =>
        res
          .writeHead(200, { 'content-type': name.endsWith('.m3u8') ? 'application/vnd.apple.mpegurl' : 'video/mp2t' })
          .end(body),
      () => res.writeHead(404).end(),
    );
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return server;
}

/**
 * camlab's HLS egress reader against the HLS a real ffmpeg writes while relaying a camlab camera
 * (stream copy, 1 s segments), served by a small static server: playlist reloads, MPEG-TS
 * segments demuxed, every frame's SEI stamp read; the playlist answering 404 at first is read again.
 */
describe.skipIf(!available)('HLS egress reader against ffmpeg writing HLS from a camlab camera', () => {
  let rig: LabRig;
  let dir: string;
  let server: Server;
  let ffmpeg: ChildProcess | undefined;
  let watcher: EgressWatcher | undefined;

  beforeEach(async () => {
    rig = await startLabRig('egress-hls', '127.16.90.11');
    dir = await mkdtemp(join(tmpdir(), 'camlab-hls-egress-'));
    server = await serveFolder(dir);
  });
  afterEach(async () => {
    watcher?.close();
    if (ffmpeg !== undefined && ffmpeg.exitCode === null && ffmpeg.signalCode === null) {
      const exited = once(ffmpeg, 'exit');
      ffmpeg.kill('SIGKILL');
      await exited;
    }
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await rig.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('reads each new segment once and counts the camera stamped frames in it', async () => {
    const { log, camera } = rig;
    const url = new URL(inventoryOf(camera).rtsp.main);
    url.username = 'hub';
    url.password = 'hub-secret';
    const playlistUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/index.m3u8`;
    watcher = new EgressWatcher({
      hub: 'hub',
      log,
      clock: systemClock,
      protocol: 'hls',
      intervalMs: 500,
      retryMs: 200,
    });
    watcher.watch(camera.id, playlistUrl);
    ffmpeg = spawn(
      ffmpegPath(),
      [
        '-hide_banner',
        '-nostdin',
        '-loglevel',
        'error',
        '-rtsp_transport',
        'tcp',
        '-i',
        url.toString(),
        '-map',
        '0:v:0',
        '-c',
        'copy',
        '-f',
        'hls',
        '-hls_time',
        '1',
        '-hls_list_size',
        '4',
        '-hls_flags',
        'delete_segments+temp_file',
        join(dir, 'index.m3u8'),
      ],
      { stdio: 'ignore' },
    );

    const own = () => log.ofKind('hub.egress').filter((o) => o.camera === camera.id);
    // Three segments' worth of frames (25 fps, 1 s segments), read as the playlist grows.
    await expect
      .poll(() => own().reduce((n, o) => n + o.frames, 0), { timeout: 30_000, interval: 200 })
      .toBeGreaterThanOrEqual(75);
    expect(own().every((o) => o.foreignFrames === 0 && o.unstampedFrames === 0)).toBe(true);
    // Before ffmpeg wrote the playlist (a 1 s segment needs 1 s of stream) the reader got 404,
    // said so, recorded a zero-frame interval, and read again.
    expect(log.ofKind('hub.log').find((o) => o.message.includes('answered 404'))?.message).toMatch(
      /GET http:\/\/127\.0\.0\.1:\d+\/index\.m3u8 answered 404/,
    );
    expect(own()[0]!.frames).toBe(0);
    // Latency comes from the stamps: the reader shares the cameras' clock, so never negative.
    expect(Math.min(...own().flatMap((o) => o.latencyMs))).toBeGreaterThanOrEqual(0);
  });
});
