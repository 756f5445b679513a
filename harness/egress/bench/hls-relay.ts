import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ffmpegPath } from '../../../media/ffmpeg/ffmpeg-path.ts';
import { track } from '../../../simulators/rtsp/bench/bench-children.ts';

export interface HlsRelay {
  /** Each relayed camera's HLS playlist. */
  streams: { camera: string; url: string }[];
  stop(): Promise<void>;
}

/** A camera id as a folder and URL path segment: the bench's are `bench-N`; anything else is refused. */
const safeName = /^[A-Za-z0-9_-]+$/;

/**
 * What a hub's HLS endpoint is to a player: one ffmpeg per camera pulling its RTSP stream and
 * writing live HLS (stream copy, MPEG-TS segments cut at key frames, 1 s asked, four listed,
 * older ones deleted), and one static HTTP server on loopback serving every camera's folder at
 * `/<camera>/`. Its CPU is the hub's, not the readers'.
 */
export async function startHlsRelay(cameras: { camera: string; url: string }[]): Promise<HlsRelay> {
  const dir = await mkdtemp(join(tmpdir(), 'camlab-bench-hls-'));
  // ffmpeg rewrites a playlist in place (its temp_file flag is refused here), so a GET can catch
  // it half written: each camera's last whole playlist is served instead.
  const lastPlaylist = new Map<string, Buffer>();
  const server = createServer((req, res) => {
    const [camera, file, ...rest] = new URL(req.url ?? '/', 'http://x').pathname.split('/').filter(Boolean);
    if (
      camera === undefined ||
      file === undefined ||
      rest.length > 0 ||
      !safeName.test(camera) ||
      !/^[\w.-]+$/.test(file)
    ) {
      res.writeHead(404).end();
      return;
    }
    const playlist = file.endsWith('.m3u8');
    readFile(join(dir, camera, file)).then(
      (read) => {
        let body: Buffer | undefined = read;
        if (playlist) {
          if (read.subarray(0, 7).toString('latin1') === '#EXTM3U' && read.at(-1) === 0x0a)
            lastPlaylist.set(camera, read);
          body = lastPlaylist.get(camera);
        }
        if (body === undefined) res.writeHead(404).end();
        else
          res.writeHead(200, { 'content-type': playlist ? 'application/vnd.apple.mpegurl' : 'video/mp2t' }).end(body);
      },
      () => res.writeHead(404).end(),
    );
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const writers: ChildProcess[] = [];
  const stop = async (): Promise<void> => {
    await Promise.all(
      writers.map(async (p) => {
        if (p.exitCode !== null || p.signalCode !== null) return;
        const exited = once(p, 'exit');
        p.kill('SIGKILL');
        await exited;
      }),
    );
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await rm(dir, { recursive: true, force: true });
  };
  try {
    for (const c of cameras) {
      if (!safeName.test(c.camera)) throw new Error(`camera id '${c.camera}' cannot name an HLS folder`);
      await mkdir(join(dir, c.camera));
      writers.push(
        track(
          spawn(
            ffmpegPath(),
            [
              '-hide_banner',
              '-nostdin',
              '-loglevel',
              'error',
              '-rtsp_transport',
              'tcp',
              '-i',
              c.url,
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
              'delete_segments',
              join(dir, c.camera, 'index.m3u8'),
            ],
            { stdio: ['ignore', 'ignore', 'inherit'] },
          ),
        ),
      );
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    streams: cameras.map((c) => ({ camera: c.camera, url: `${base}/${c.camera}/index.m3u8` })),
    stop,
  };
}
