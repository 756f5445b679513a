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
