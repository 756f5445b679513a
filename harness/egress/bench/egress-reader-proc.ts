import { setMaxListeners } from 'node:events';
import http from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { systemClock } from '../../../simulators/clock/clock.ts';
import { ObservationLog } from '../../../simulators/observations/observation-log.ts';
import { exitWithParent } from '../../../simulators/rtsp/bench/bench-messages.ts';
import { RtspReader } from '../../../simulators/rtsp/rtsp-reader.ts';
import { EgressWatcher } from '../egress-watcher.ts';
import { followHlsPlaylist } from '../hls-egress-reader.ts';
import type { EgressBenchReply, EgressBenchRequest } from './egress-bench-messages.ts';

/**
 * The egress benchmark's reader process: camlab's egress readers (an EgressWatcher, on this
 * thread or in workers) or the floor (RTSP: RtspReader in streaming mode, the RTSP exchange, then
 * each interleaved packet's header looked at and its bytes dropped, nothing depacketised;
 * HTTP-FLV: each GET's body drained; HLS: the same playlist reloads and segment GETs as camlab's
 * reader makes, each segment's bytes drained, nothing demuxed).
 */
exitWithParent();
const reply = (msg: EgressBenchReply): void => void process.send?.(msg);
const floorConcurrency = 32;
const floorKeepAliveMs = 10_000;

let watcher: EgressWatcher | undefined;
let log: ObservationLog | undefined;
const floor: RtspReader[] = [];
let keepAlive: NodeJS.Timeout | undefined;
/** HTTP-FLV and HLS floor: each stream's bytes and HLS segments so far, and the abort for all of them. */
const bodies: { bytes: number; seenBytes: number; segments: number }[] = [];
let hlsFloor = false;
const bodiesAbort = new AbortController();
// One abort for every drained body: as many listeners as streams.
setMaxListeners(0, bodiesAbort.signal);
/** Frames of hub.egress observations so far, and per camera whether its last interval had any. */
let counted = 0;
const delivering = new Map<string, boolean>();

async function openFloor(urls: string[]): Promise<void> {
  let next = 0;
  const one = async (): Promise<void> => {
    while (next < urls.length) {
      const u = new URL(urls[next++]!);
      const username = decodeURIComponent(u.username);
      const password = decodeURIComponent(u.password);
      u.username = '';
      u.password = '';
      try {
        const r = await RtspReader.connect(u.hostname, Number(u.port), {
          username,
          password,
          requestTimeoutMs: 10_000,
        });
        floor.push(r);
        await r.play(u.toString());
      } catch (err) {
        console.error(`floor reader: ${u.toString()}: ${(err as Error).message}`);
      }
    }
  };
  await Promise.all(Array.from({ length: floorConcurrency }, one));
  keepAlive = setInterval(() => {
    for (const r of floor) if (!r.closed) r.sendReceiverReport();
  }, floorKeepAliveMs);
}

/** Drains one HTTP-FLV body (node:http, as camlab's FLV reader reads), counting its bytes, until the phase stops. */
function drain(url: string): void {
  const body = { bytes: 0, seenBytes: 0, segments: 0 };
  bodies.push(body);
  const req = http.get(url, { signal: bodiesAbort.signal }, (res) => {
    res.on('data', (chunk: Buffer) => {
      body.bytes += chunk.length;
    });
  });
  req.on('error', (err) => {
    if (!bodiesAbort.signal.aborted) console.error(`floor reader: ${url}: ${err.message}`);
  });
}

/** Follows one HLS playlist as camlab's reader does, draining each new segment, until the phase stops. */
function drainHls(url: string): void {
  const body = { bytes: 0, seenBytes: 0, segments: 0 };
  bodies.push(body);
  const signal = bodiesAbort.signal;
  const sink = {
    chunk: (bytes: Buffer): void => {
      body.bytes += bytes.length;
    },
    end: (): void => {
      body.segments++;
    },
  };
  void (async () => {
    // Read again after a failure, as camlab's watcher does (retryMs 500).
    while (!signal.aborted) {
      await followHlsPlaylist(url, signal, () => sink).catch((err: Error) => {
        if (!signal.aborted) console.error(`floor reader: ${url}: ${err.message}`);
      });
      await delay(500, undefined, { signal }).catch(() => undefined);
    }
  })();
}

process.on('message', (msg: EgressBenchRequest) => {
  switch (msg.type) {
    case 'start':
      if (msg.mode === 'floor' && msg.protocol === 'http-flv') {
        for (const s of msg.streams) drain(s.url);
        reply({ type: 'started' });
        return;
      }
      if (msg.mode === 'floor' && msg.protocol === 'hls') {
        hlsFloor = true;
        for (const s of msg.streams) drainHls(s.url);
        reply({ type: 'started' });
        return;
      }
      if (msg.mode === 'floor') {
        void openFloor(msg.streams.map((s) => s.url)).then(() => reply({ type: 'started' }));
        return;
      }
      // Only the counts matter here: a small log, read as it is recorded.
      log = new ObservationLog(10_000);
      // HLS arrives a segment (a GOP, 2 s here) at a time, so an interval without frames is
      // normal: a stream counts as delivering once it has delivered.
      const sticky = msg.protocol === 'hls';
      log.subscribe((o) => {
        if (o.kind !== 'hub.egress') return;
        counted += o.frames;
        delivering.set(o.camera, o.frames > 0 || (sticky && delivering.get(o.camera) === true));
      });
      watcher = new EgressWatcher({
        hub: 'bench',
        log,
        clock: systemClock,
        protocol: msg.protocol,
        workers: msg.workers,
      });
      for (const s of msg.streams) watcher.watch(s.camera, s.url);
      reply({ type: 'started' });
      return;
    case 'sample': {
      const cpu = process.cpuUsage();
      const frames = watcher !== undefined ? counted : floor.reduce((n, r) => n + r.stats.frames, 0);
      // A drained body is open while bytes keep coming between samples; an HLS stream once it gave a segment.
      const flowing = bodies.filter((b) => (hlsFloor ? b.segments > 0 : b.bytes > b.seenBytes)).length;
      for (const b of bodies) b.seenBytes = b.bytes;
      const open =
        watcher !== undefined
          ? [...delivering.values()].filter(Boolean).length
          : bodies.length > 0
            ? flowing
            : floor.filter((r) => !r.closed).length;
      reply({ type: 'sample', cpuUs: cpu.user + cpu.system, frames, open });
      return;
    }
    case 'stop':
      clearInterval(keepAlive);
      void (async () => {
        await watcher?.close();
        for (const r of floor) r.close();
        bodiesAbort.abort();
        reply({
          type: 'stopped',
          frames: watcher !== undefined ? counted : floor.reduce((n, r) => n + r.stats.frames, 0),
        });
        process.exit(0);
      })();
      return;
  }
});
