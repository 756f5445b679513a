import type { Socket } from 'node:net';
import { bench, describe } from 'vitest';
import { Camera } from '../camera/camera.ts';
import { findBuiltinModel } from '../camera/camera-model.ts';
import { VirtualClock } from '../clock/virtual-clock.ts';
import { clipSpecFromProfile } from '../../media/clip/clip-spec.ts';
import { CameraFeed } from './camera-feed.ts';
import { ClipStream } from './clip-stream.ts';
import { RtspSession, defaultSessionLimits } from './rtsp-session.ts';
import { syntheticClip } from './e2e/synthetic-clip.ts';

/**
 * camlab's JavaScript per frame slot of a shard: 1,000 cameras with one TCP session each, the
 * whole path from the feed (stamp, clip position) through the session (verdict, copy, patch)
 * to a stub socket whose write does nothing, so the socket's own cost is left out. Divide by
 * 1,000 for the cost per session-frame.
 */
const model = findBuiltinModel('fixed-1080p')!;
const clock = new VirtualClock(0);
const stream = new ClipStream(syntheticClip(clipSpecFromProfile(model.profiles[0]!)), clock);
let sink = 0;
const socket = {
  writableLength: 0,
  write(buf: Buffer): boolean {
    sink += buf[buf.length - 1]!;
    return true;
  },
} as unknown as Socket;
const feeds = Array.from({ length: 1000 }, (_, i) => {
  const camera = new Camera({
    id: `bench-${i}`,
    name: 'bench',
    site: 'lab',
    model,
    network: { address: '127.11.9.1', rtspPort: 0, onvifPort: 0 },
    users: [],
  });
  const feed = new CameraFeed(camera, 'main', stream);
  new RtspSession({
    id: `s${i}`,
    rtpStart: { sequence: 1, timestampOffset: 0 },
    camera,
    profile: 'main',
    feed,
    transport: { kind: 'tcp', socket, rtpChannel: 0 },
    client: '127.0.0.1',
    user: undefined,
    userPassword: undefined,
    timeoutMs: 60_000,
    clock,
    limits: defaultSessionLimits,
    onClose: () => undefined,
  }).play();
  return feed;
});
// The virtual clock never advances, so the stream's own tick never runs; the bench drives the slots.
let slot = 0;

describe('one frame slot: 1,000 cameras × 1 session, stub sockets', () => {
  bench('per slot', () => {
    for (let i = 0; i < feeds.length; i++) feeds[i]!.onFrame(slot, slot, 0, 1_765_000_000_000 + slot * 40);
    slot++;
  });
});
