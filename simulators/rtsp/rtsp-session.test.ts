import type { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { Camera } from '../camera/camera.ts';
import { findBuiltinModel } from '../camera/camera-model.ts';
import { VirtualClock } from '../clock/virtual-clock.ts';
import { clipSpecFromProfile } from '../../media/clip/clip-spec.ts';
import { decodeSeiNal } from '../../media/sei/sei-stamp.ts';
import type { SeiStamp } from '../../media/sei/sei-stamp.ts';
import { CameraFeed } from './camera-feed.ts';
import { ClipStream } from './clip-stream.ts';
import { RtspSession, defaultSessionLimits } from './rtsp-session.ts';
import { syntheticClip } from './e2e/synthetic-clip.ts';

const model = findBuiltinModel('fixed-1080p')!;
// One second GOPs of a 2 s clip: a session starts at most 25 frames before its first key frame.
const spec = { ...clipSpecFromProfile(model.profiles.find((p) => p.name === 'main')!), durationS: 2, gopFrames: 25 };

/** A write as the socket was handed it: the buffer itself, a copy taken then, and when. */
interface Written {
  buf: Buffer;
  copy: Buffer;
  atMs: number;
}

/**
 * A camera's sessions over stub sockets that keep every write. A socket with `queue` set reports
 * its writes as still queued, as a slow reader's would, so the session must never touch that
 * memory again.
 */
function rig(queue: boolean[]) {
  const clock = new VirtualClock(40 * 25_000);
  const camera = new Camera({
    id: 'cam-7',
    name: 'Cam 7',
    site: 'lab',
    model,
    network: { address: '127.11.9.7', rtspPort: 0, onvifPort: 0 },
    users: [],
  });
  const stream = new ClipStream(syntheticClip(spec), clock);
  const feed = new CameraFeed(camera, 'main', stream);
  const writes: Written[][] = [];
  const sessions = queue.map((queues, i) => {
    const written: Written[] = [];
    writes.push(written);
    const socket = {
      writableLength: 0,
      write(buf: Buffer): boolean {
        written.push({ buf, copy: Buffer.from(buf), atMs: clock.now() });
        if (queues) socket.writableLength += buf.length;
        return true;
      },
    };
    const session = new RtspSession({
      id: `s${i}`,
      rtpStart: { sequence: 100, timestampOffset: 5000 },
      camera,
      profile: 'main',
      feed,
      transport: { kind: 'tcp', socket: socket as unknown as Socket, rtpChannel: 2 * i },
      client: '127.0.0.1',
      user: undefined,
      userPassword: undefined,
      timeoutMs: 60_000,
      clock,
      limits: { ...defaultSessionLimits, maxQueuedBytes: Number.MAX_SAFE_INTEGER },
      onClose: () => undefined,
    });
    session.play();
    return session;
  });
  return { clock, camera, stream, sessions, writes };
}

/** The SEI stamp at the head of a written frame (the first interleaved packet). */
function stampOf(frame: Buffer): SeiStamp | undefined {
  const packetBytes = frame.readUInt16BE(2);
  return decodeSeiNal('h264', frame.subarray(16, 4 + packetBytes));
}

describe('RtspSession + CameraFeed: the SEI stamp each frame carries', () => {
  it('stamps consecutive counters and the send time into every session’s frames', () => {
    const { clock, stream, writes } = rig([false, false]);
    clock.advance(40 * 60);
    stream.close();
    for (const written of writes) {
      const stamps = written.map((w) => stampOf(w.copy));
      expect(stamps.length).toBeGreaterThan(30);
      const first = stamps[0]!;
      stamps.forEach((s, i) => {
        expect(s?.cameraId).toBe('cam-7');
        expect(s?.frame).toBe(first.frame + i);
        expect(s?.sendTimeMs).toBe(written[i]!.atMs);
      });
    }
    // Both sessions send the same stamps (one per camera frame).
    expect(writes[0]!.map((w) => stampOf(w.copy)?.frame)).toEqual(writes[1]!.map((w) => stampOf(w.copy)?.frame));
  });

  it('a frame held by a delay fault keeps its own stamp while later frames are stamped', () => {
    const { clock, camera, stream, writes } = rig([false]);
    camera.addFault({ id: 'lat', kind: 'latency', onFrame: () => 200, close: () => undefined });
    clock.advance(40 * 60);
    stream.close();
    const written = writes[0]!;
    expect(written.length).toBeGreaterThan(20);
    written.forEach((w, i) => {
      const s = stampOf(w.copy);
      // Stamped when the camera sent it, written 200 ms later; five newer frames were stamped meanwhile.
      expect(s?.sendTimeMs).toBe(w.atMs - 200);
      expect(s?.frame).toBe(stampOf(written[0]!.copy)!.frame + i);
    });
  });

  it('a write a socket queued is never overwritten by the frames written after it', () => {
    // The first session's reader lags (its writes stay queued); the second's keeps up.
    const { clock, stream, writes } = rig([true, false]);
    clock.advance(40 * 60);
    stream.close();
    expect(writes[0]!.length).toBeGreaterThan(20);
    for (const w of writes[0]!) expect(w.buf.equals(w.copy)).toBe(true);
  });
});
