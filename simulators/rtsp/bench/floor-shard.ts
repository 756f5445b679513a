import net from 'node:net';
import { loadPacketizedClip } from '../../../media/clip/clip-cache.ts';
import { clipSpecFromProfile } from '../../../media/clip/clip-spec.ts';
import { encodeSeiNal } from '../../../media/sei/sei-stamp.ts';
import { findBuiltinModel } from '../../camera/camera-model.ts';
import { BENCH_MODEL_ID, settledMemory } from './bench-messages.ts';
import { defaultSessionLimits } from '../rtsp-session.ts';
import type { ServerReply, ServerRequest, StreamTarget } from './bench-messages.ts';
import { exitWithParent } from './bench-messages.ts';

/**
 * The floor: a bare Node server writing the same interleaved bytes (one prebuilt Buffer per
 * frame, SEI included) to every connection at the same cadence, one write per frame, with the
 * same backpressure cap. What the simulator costs beyond this is the price of being a camera.
 */
exitWithParent();
const profile = findBuiltinModel('fixed-1080p')!.profiles.find((p) => p.name === 'main')!;
const sockets: net.Socket[] = [];
const servers: net.Server[] = [];
let timer: NodeJS.Timeout | undefined;
let framesSent = 0;
let framesDropped = 0;

function reply(msg: ServerReply): void {
  process.send?.(msg);
}

async function start(cameras: number, firstIndex: number, profileName: 'main' | 'sub'): Promise<void> {
  const played = findBuiltinModel(BENCH_MODEL_ID)!.profiles.find((p) => p.name === profileName)!;
  const clip = await loadPacketizedClip(clipSpecFromProfile(played));
  const sei = encodeSeiNal('h264', { cameraId: 'bench-floor', frame: 0, sendTimeMs: 0 });
  const frameTicks = 90_000 / clip.spec.fps;
  // Prebuilt for one loop; timestamps only need to advance by one frame each, across loops too.
  const frames = clip.frames.map((f) => {
    const parts = [sei, ...f.payloads];
    const buf = Buffer.alloc(parts.reduce((n, p) => n + 16 + p.length, 0));
    let o = 0;
    parts.forEach((p, i) => {
      buf[o] = 0x24;
      buf.writeUInt16BE(12 + p.length, o + 2);
      buf[o + 4] = 0x80;
      buf[o + 5] = (i === parts.length - 1 ? 0x80 : 0) | clip.payloadType;
      p.copy(buf, o + 16);
      o += 16 + p.length;
    });
    return { buf, keyframe: f.keyframe };
  });
  const targets: StreamTarget[] = [];
  // One listener per 250 connections on its own address, as the simulator spreads cameras.
  for (let i = 0; i < cameras; i += 250) {
    const g = firstIndex + i;
    const server = net.createServer((s) => {
      s.setNoDelay(true);
      s.on('error', () => undefined);
      s.on('close', () => sockets.splice(sockets.indexOf(s), 1));
      phases.set(s, (accepted++ * 37) % frames.length);
      sockets.push(s);
    });
    const host = `127.11.${200 + Math.floor(g / 250)}.1`;
    await new Promise<void>((resolve) => server.listen({ host, port: 0, backlog: 1024 }, resolve));
    servers.push(server);
    const port = (server.address() as net.AddressInfo).port;
    for (let j = i; j < Math.min(cameras, i + 250); j++) targets.push({ host, port });
  }
  const frameMs = 1000 / clip.spec.fps;
  let k = Math.ceil(Date.now() / frameMs);
  let skippedTotal = 0;
  const waiting = new WeakSet<net.Socket>();
  const phases = new WeakMap<net.Socket, number>();
  let accepted = 0;
  // Like the simulator's cameras, each connection runs at its own phase in the clip, so key frames
  // are spread; and like its clock, a late tick skips the slots it missed (counted as drops) and
  // sends the frame due now, the picture continuing where it was.
  const tick = (): void => {
    const dueNow = Math.floor(Date.now() / frameMs);
    if (dueNow > k) {
      framesDropped += (dueNow - k) * sockets.length;
      skippedTotal += dueNow - k;
      k = dueNow;
    }
    const images: (Buffer | undefined)[] = new Array<Buffer | undefined>(frames.length);
    for (let i = 0; i < sockets.length; i++) {
      const s = sockets[i]!;
      const phase = phases.get(s) ?? 0;
      const n = k + phase;
      const index = (n - skippedTotal) % frames.length;
      const f = frames[index]!;
      if (s.writableLength > defaultSessionLimits.maxQueuedBytes) {
        framesDropped++;
        waiting.add(s);
        continue;
      }
      if (waiting.has(s)) {
        if (!f.keyframe) {
          framesDropped++;
          continue;
        }
        waiting.delete(s);
      }
      let buf = images[index];
      if (buf === undefined) {
        // One copy per phase per tick with that frame's timestamp, shared by its sockets, never modified after.
        buf = Buffer.from(f.buf);
        for (let o = 0; o < buf.length; o += 4 + buf.readUInt16BE(o + 2))
          buf.writeUInt32BE((n * frameTicks) >>> 0, o + 8);
        images[index] = buf;
      }
      s.write(buf);
      framesSent++;
    }
    k++;
    timer = setTimeout(tick, Math.max(0, k * frameMs - Date.now()));
  };
  timer = setTimeout(tick, Math.max(0, k * frameMs - Date.now()));
  reply({ type: 'ready', targets, rssKb: Math.round(process.memoryUsage().rss / 1024) });
}

process.on('message', (msg: ServerRequest) => {
  if (msg.type === 'start') {
    // Without a profile, the main one, as bench:streams plays it.
    start(msg.cameras, msg.firstIndex, msg.profile ?? profile.name).catch((err: unknown) =>
      reply({ type: 'error', message: String(err) }),
    );
  } else if (msg.type === 'sample') {
    const cpu = process.cpuUsage();
    reply({
      type: 'sample',
      cpuUs: cpu.user + cpu.system,
      rssKb: Math.round(process.memoryUsage().rss / 1024),
      framesSent,
      framesDropped,
    });
  } else if (msg.type === 'memory') {
    reply(settledMemory());
  } else {
    clearTimeout(timer);
    for (const s of sockets) s.destroy();
    for (const s of servers) s.close();
    process.exit(0);
  }
});
