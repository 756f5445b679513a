import { bench, describe } from 'vitest';
import { Camera } from '../camera/camera.ts';
import { findBuiltinModel } from '../camera/camera-model.ts';
import { VirtualClock } from '../clock/virtual-clock.ts';
import { CameraFeed } from './camera-feed.ts';
import { ClipStream } from './clip-stream.ts';
import type { RtspSession } from './rtsp-session.ts';
import { syntheticClip } from './e2e/synthetic-clip.ts';
import { clipSpecFromProfile } from '../../media/clip/clip-spec.ts';

/**
 * A camera profile's per-frame work (SEI stamp, clip position, fan-out to 100 sessions whose
 * send is a stub), so a change to CameraFeed.onFrame can be measured before and after.
 */
const model = findBuiltinModel('fixed-1080p')!;
const camera = new Camera({
  id: 'bench-1',
  name: 'bench',
  site: 'lab',
  model,
  network: { address: '127.11.9.1', rtspPort: 0, onvifPort: 0 },
  users: [],
});
const stream = new ClipStream(syntheticClip(clipSpecFromProfile(model.profiles[0]!)), new VirtualClock(0));
const feed = new CameraFeed(camera, 'main', stream);
let sink = 0;
// Stub sessions: the bench measures the feed, not the socket writes. The virtual clock never
// advances, so the stream's own tick never runs; the bench drives onFrame itself.
for (let i = 0; i < 100; i++)
  feed.add({
    sendFrame: (_sei: Buffer, frame: { index: number }) => void (sink += frame.index),
    skipFrames: () => undefined,
  } as unknown as RtspSession);
let slot = 0;

describe('CameraFeed.onFrame (one camera, 100 sessions)', () => {
  bench('per frame', () => {
    feed.onFrame(slot, slot, 0, slot * 40);
    slot++;
  });
});
