import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { loadPacketizedClip } from '../../../media/clip/clip-cache.ts';
import { clipSpecFromProfile } from '../../../media/clip/clip-spec.ts';
import { encodeSeiNal } from '../../../media/sei/sei-stamp.ts';
import { findBuiltinModel } from '../../camera/camera-model.ts';
import { BENCH_MODEL_ID, settledMemory } from './bench-messages.ts';
import { defaultSessionLimits } from '../rtsp-session.ts';
import type { ServerReply, ServerRequest, StreamTarget } from './bench-messages.ts';
import { exitWithParent } from './bench-messages.ts';
import { SendSpread } from './send-spread.ts';

/**
 * The floor: a bare Node server writing the same interleaved bytes (one prebuilt Buffer per
 * frame, SEI included) to every connection at the same cadence, one write per frame, with the
 * same backpressure cap. What the simulator costs beyond this is the price of being a camera.
 * `--merge-frames K` (K > 1) is the merged-writes variant: each connection's frames are corked
 * and written K at a time in one writev, fewer syscalls at the price of send-time fidelity.
 */
exitWithParent();
const { values: args } = parseArgs({ options: { 'merge-frames': { type: 'string', default: '1' } } });
const mergeFrames = Math.max(1, Number(args['merge-frames']));
const profile = findBuiltinModel('fixed-1080p')!.profiles.find((p) => p.name === 'main')!;
const frameMs = 1000 / profile.fps;

interface Connection {
  socket: net.Socket;
  phase: number;
  /** Waiting for a key frame after the backpressure cap dropped one. */
  waiting: boolean;
  /** Frames written since the socket was corked, not yet on the wire. */
  corked: number;
  /** Which tick of every `mergeFrames` flushes this connection. */
  slot: number;
}

const connections: Connection[] = [];
const servers: net.Server[] = [];
const spread = new SendSpread();
let timer: NodeJS.Timeout | undefined;
let framesSent = 0;
let framesDropped = 0;
const wallMs = (): number => performance.timeOrigin + performance.now();

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
  // One listener per camera on its own address, as the simulator has; the camera sets the
  // connection's phase in the clip, so its sessions share one image per tick, as a camera's do.
  for (let i = 0; i < cameras; i++) {
    const g = firstIndex + i;
    const phase = (g * 37) % frames.length;
    const server = net.createServer((s) => {
      s.setNoDelay(true);
      s.on('error', () => undefined);
      s.on('close', () => connections.splice(connections.indexOf(connection), 1));
      // Spread sessions over the write slots of a merged write, as a server would.
      const connection: Connection = { socket: s, phase, waiting: false, corked: 0, slot: accepted++ % mergeFrames };
      connections.push(connection);
    });
    const host = `127.11.${200 + Math.floor(g / 250)}.${(g % 250) + 1}`;
    await new Promise<void>((resolve) => server.listen({ host, port: 0, backlog: 1024 }, resolve));
    servers.push(server);
    targets.push({ host, port: (server.address() as net.AddressInfo).port });
  }
  let k = Math.ceil(Date.now() / frameMs);
  let skippedTotal = 0;
  let accepted = 0;
  // Like the simulator's cameras, each camera runs at its own phase in the clip, so key frames
  // are spread; and like its clock, a late tick skips the slots it missed (counted as drops) and
  // sends the frame due now, the picture continuing where it was.
  const tick = (): void => {
    const dueNow = Math.floor(Date.now() / frameMs);
    if (dueNow > k) {
      framesDropped += (dueNow - k) * connections.length;
      skippedTotal += dueNow - k;
      k = dueNow;
    }
    const dueMs = k * frameMs;
    const images: (Buffer | undefined)[] = new Array<Buffer | undefined>(frames.length);
    for (let i = 0; i < connections.length; i++) {
      const c = connections[i]!;
      const s = c.socket;
      const n = k + c.phase;
      const index = (n - skippedTotal) % frames.length;
      const f = frames[index]!;
      if (s.writableLength > defaultSessionLimits.maxQueuedBytes * mergeFrames) {
        framesDropped++;
        c.waiting = true;
        flush(c, k, dueMs);
        continue;
      }
      if (c.waiting) {
        if (!f.keyframe) {
          framesDropped++;
          flush(c, k, dueMs);
          continue;
        }
        c.waiting = false;
      }
      let buf = images[index];
      if (buf === undefined) {
        // One copy per phase per tick with that frame's timestamp, shared by its sockets, never modified after.
        buf = Buffer.from(f.buf);
        for (let o = 0; o < buf.length; o += 4 + buf.readUInt16BE(o + 2))
          buf.writeUInt32BE((n * frameTicks) >>> 0, o + 8);
        images[index] = buf;
      }
      if (mergeFrames === 1) {
        s.write(buf);
        // One clock read per write: the floor's cost grows by it (well under 1% of a write).
        spread.record(wallMs() - dueMs, 1);
      } else {
        if (c.corked === 0) s.cork();
        s.write(buf);
        c.corked++;
        flush(c, k, dueMs);
      }
      framesSent++;
    }
    k++;
    timer = setTimeout(tick, Math.max(0, k * frameMs - Date.now()));
  };
  timer = setTimeout(tick, Math.max(0, k * frameMs - Date.now()));
  reply({ type: 'ready', targets, rssKb: Math.round(process.memoryUsage().rss / 1024) });
}

/**
 * Merged writes: a connection's frames wait, corked, until its slot comes round (every
 * `mergeFrames` ticks), then go out in one writev. Each frame's send time is then its flush
 * time, up to `mergeFrames - 1` frame periods after it was due.
 */
function flush(c: Connection, k: number, dueMs: number): void {
  if (c.corked === 0 || (k + c.slot) % mergeFrames !== 0) return;
  c.socket.uncork();
  // The batch's newest frame is due this tick, each older one a frame period earlier.
  const late = wallMs() - dueMs;
  for (let j = 0; j < c.corked; j++) spread.record(late + j * frameMs, 1);
  c.corked = 0;
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
      sendSpread: spread.take(),
    });
  } else if (msg.type === 'memory') {
    reply(settledMemory());
  } else {
    clearTimeout(timer);
    for (const c of connections) c.socket.destroy();
    for (const s of servers) s.close();
    process.exit(0);
  }
});
