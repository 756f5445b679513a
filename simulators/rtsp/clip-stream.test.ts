import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../clock/virtual-clock.ts';
import { findBuiltinModel } from '../camera/camera-model.ts';
import { clipSpecFromProfile } from '../../media/clip/clip-spec.ts';
import { ClipStream } from './clip-stream.ts';
import type { FrameSink } from './clip-stream.ts';
import { syntheticClip } from './e2e/synthetic-clip.ts';

const spec = clipSpecFromProfile(findBuiltinModel('fixed-1080p')!.profiles.find((p) => p.name === 'main')!);

describe('ClipStream', () => {
  it('skips the slots a late tick missed, counts them, and keeps the picture continuous', () => {
    // 25 fps: slot k is due at k × 40 ms; start on a slot boundary.
    const clock = new VirtualClock(40 * 25_000);
    const stream = new ClipStream(syntheticClip(spec), clock);
    const seen: [slot: number, content: number, skipped: number][] = [];
    const sink: FrameSink = {
      onFrame(frameNumber, contentFrame, skippedFrames) {
        seen.push([frameNumber, contentFrame, skippedFrames]);
        // The third tick stalls the process for 130 ms: the next two slots pass unsent.
        if (seen.length === 3) clock.advance(130);
      },
    };
    stream.subscribe(sink);
    clock.advance(280);
    stream.close();
    expect(seen).toEqual([
      [25_000, 25_000, 0],
      [25_001, 25_001, 0],
      [25_002, 25_002, 0],
      [25_005, 25_003, 2],
      [25_006, 25_004, 0],
      [25_007, 25_005, 0],
    ]);
  });
});

describe('ClipStream.framesToKeyframe', () => {
  // 2 s at 25 fps with a GOP of 20: key frames at 0, 20 and 40 of 50 frames.
  const stream = new ClipStream(syntheticClip({ ...spec, durationS: 2, gopFrames: 20 }), new VirtualClock(0));
  it.each([
    { position: 0, frames: 0 },
    { position: 1, frames: 19 },
    { position: 39, frames: 1 },
    { position: 41, frames: 9 },
    // Past the clip's end, the next loop's first frame is the next key frame.
    { position: 49, frames: 1 },
    { position: 50 + 21, frames: 19 },
  ])('from $position: $frames frames', ({ position, frames }) => {
    expect(stream.framesToKeyframe(position)).toBe(frames);
    expect(stream.frameAt(position + frames).keyframe).toBe(true);
  });
});

describe('ClipStream.clipTicksAt', () => {
  // Decode order I P B B (presentation 0 3 1 2), one frame = 3600 ticks, decode times 0..3 frames.
  const ft = 3600;
  const base = syntheticClip({ ...spec, durationS: 4 / 25, gopFrames: 4 });
  const pts = [1, 4, 2, 3];
  const clip = { ...base, frames: base.frames.map((f, i) => ({ ...f, dtsTicks: i * ft, ptsTicks: pts[i]! * ft })) };
  const stream = new ClipStream(clip, new VirtualClock(0));

  it('is the presentation time of the slot’s own frame, across loops', () => {
    expect([0, 1, 2, 3, 4, 5].map((slot) => stream.clipTicksAt(slot, stream.frameAt(slot)) / ft)).toEqual([
      1, 4, 2, 3, 5, 8,
    ]);
  });

  it('gives another frame in a slot the slot’s decode time plus that frame’s composition offset', () => {
    // After a jump the stream sends frames 0, 1, 2, 3 in slots 6, 7, 8, 9: presentation order holds.
    expect([6, 7, 8, 9].map((slot, i) => stream.clipTicksAt(slot, stream.frameAt(i)) / ft)).toEqual([7, 10, 8, 9]);
  });
});
