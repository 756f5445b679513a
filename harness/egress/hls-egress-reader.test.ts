import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeSeiNal, encodeSeiNal } from '../../media/sei/sei-stamp.ts';
import { packets, pat, pes, pmt, PMT_PID, VIDEO_PID } from '../../media/ts/ts-fixture.ts';
import { EgressReadError } from './egress-reader.ts';
import { followHlsPlaylist, readHlsEgress } from './hls-egress-reader.ts';

const startCode = Buffer.from([0, 0, 0, 1]);
const slice = Buffer.from([0x65, 0x88, 0x84, 0x00]);

/** One MPEG-TS segment of `frames` access units (SEI stamp + IDR slice), frame counters from `first`. */
function segment(first: number, frames: number): Buffer {
  const units = Array.from({ length: frames }, (_, i) =>
    pes(
      0xe0,
      (first + i) * 3_600,
      Buffer.concat([
        startCode,
        encodeSeiNal('h264', { cameraId: 'c1', frame: first + i, sendTimeMs: 0 }),
        startCode,
        slice,
      ]),
    ),
  );
  let cc = 0;
  return Buffer.concat([
    ...packets(0, pat),
    ...packets(PMT_PID, pmt),
    ...units.flatMap((u) => {
      const p = packets(VIDEO_PID, u, cc);
      cc += p.length;
      return p;
    }),
  ]);
}

function mediaPlaylist(mediaSequence: number, count: number, ended = false): string {
  return [
    '#EXTM3U',
    '#EXT-X-VERSION:3',
    '#EXT-X-TARGETDURATION:1',
    `#EXT-X-MEDIA-SEQUENCE:${mediaSequence}`,
    ...Array.from({ length: count }, (_, i) => `#EXTINF:1.0,\nseg${mediaSequence + i}.ts`),
    ...(ended ? ['#EXT-X-ENDLIST'] : []),
    '',
  ].join('\n');
}

/** A live HLS endpoint the test moves on: what the playlist says now, and every GET it answered. */
interface Hub {
  base: string;
  playlist: string;
  gets: string[];
  missing: Set<string>;
}

let server: http.Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  server?.close();
  server = undefined;
});

async function serve(): Promise<Hub> {
  const hub: Hub = { base: '', playlist: mediaPlaylist(5, 2), gets: [], missing: new Set() };
  server = http.createServer((req, res) => {
    const path = req.url ?? '/';
    hub.gets.push(path);
    if (path === '/master.m3u8') {
      res.end('#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=512000\nlive/index.m3u8\n');
    } else if (path === '/live/index.m3u8') {
      res.end(hub.playlist);
    } else {
      const m = /^\/live\/seg(\d+)\.ts$/.exec(path);
      if (m === null || hub.missing.has(path)) res.writeHead(404).end();
      else res.end(segment(Number(m[1]) * 10, 3));
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  hub.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return hub;
}

describe('readHlsEgress', () => {
  it('follows a master playlist, joins at the newest segment and reads each new one once, in order, until the playlist ends', async () => {
    const hub = await serve();
    const counters: number[] = [];
    const done = readHlsEgress(
      `${hub.base}/master.m3u8`,
      (codec, nals) => {
        for (const nal of nals) if ((nal[0]! & 0x1f) === 6) counters.push(decodeSeiNal(codec, nal)!.frame);
      },
      new AbortController().signal,
    );
    // The newest segment (6) first: a live reader does not replay the window.
    await expect.poll(() => counters.length, { timeout: 5_000 }).toBe(3);
    hub.playlist = mediaPlaylist(6, 2);
    await expect.poll(() => counters.length, { timeout: 5_000 }).toBe(6);
    hub.playlist = mediaPlaylist(6, 3, true);
    await done;
    expect(counters).toEqual([60, 61, 62, 70, 71, 72, 80, 81, 82]);
    const segmentGets = hub.gets.filter((g) => g.endsWith('.ts'));
    expect(segmentGets).toEqual(['/live/seg6.ts', '/live/seg7.ts', '/live/seg8.ts']);
  });

  it('fails naming the URL and status when a segment is gone, and when the playlist is refused', async () => {
    const hub = await serve();
    hub.missing.add('/live/seg6.ts');
    const read = readHlsEgress(`${hub.base}/live/index.m3u8`, () => undefined, new AbortController().signal);
    await expect(read).rejects.toThrow(EgressReadError);
    await expect(read).rejects.toThrow(`GET ${hub.base}/live/seg6.ts answered 404`);
    await expect(
      readHlsEgress(`${hub.base}/nothing.m3u8`, () => undefined, new AbortController().signal),
    ).rejects.toThrow(`GET ${hub.base}/nothing.m3u8 answered 404`);
  });

  it('resolves when aborted while waiting for the playlist to move', async () => {
    const hub = await serve();
    const abort = new AbortController();
    let frames = 0;
    const read = readHlsEgress(`${hub.base}/live/index.m3u8`, () => frames++, abort.signal);
    await expect.poll(() => frames, { timeout: 5_000 }).toBe(3);
    abort.abort();
    await expect(read).resolves.toBeUndefined();
  });
});

describe('followHlsPlaylist', () => {
  it('hands each new segment whole to a fresh sink: every byte, then its end', async () => {
    const hub = await serve();
    hub.playlist = mediaPlaylist(1, 2, true);
    const sinks: { bytes: number; ended: boolean }[] = [];
    await followHlsPlaylist(`${hub.base}/live/index.m3u8`, new AbortController().signal, () => {
      const s = { bytes: 0, ended: false };
      sinks.push(s);
      return {
        chunk: (b) => {
          s.bytes += b.length;
        },
        end: () => {
          s.ended = true;
        },
      };
    });
    // An ended playlist is read from its start.
    expect(sinks).toEqual([
      { bytes: segment(10, 3).length, ended: true },
      { bytes: segment(20, 3).length, ended: true },
    ]);
  });
});
