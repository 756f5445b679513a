import { describe, expect, it } from 'vitest';
import { encodeSeiNal } from '../../media/sei/sei-stamp.ts';
import { EgressTally } from './egress-tally.ts';

const slice = Buffer.from([0x41, 0x9a, 0x00]);
const hevcSlice = Buffer.from([0x02, 0x01, 0xd0]);
function frame(cameraId: string, counter: number, sendTimeMs: number, codec: 'h264' | 'h265' = 'h264'): Buffer[] {
  return [encodeSeiNal(codec, { cameraId, frame: counter, sendTimeMs }), codec === 'h264' ? slice : hevcSlice];
}

describe('EgressTally', () => {
  it('counts each frame counter of its camera once, with its latency', () => {
    let now = 1_000;
    const tally = new EgressTally('cam-1', () => now);
    tally.onFrame('h264', frame('cam-1', 7, 900));
    tally.onFrame('h264', frame('cam-1', 7, 900)); // a hub repeating a frame
    now = 1_040;
    tally.onFrame('h265', frame('cam-1', 8, 940, 'h265'));
    expect(tally.take()).toEqual({ frames: 2, latencyMs: [100, 100], foreignFrames: 0, unstampedFrames: 0 });
    expect(tally.duplicateFramesTotal).toBe(1);
  });

  it('counts frames of another camera and frames without a stamp apart', () => {
    const tally = new EgressTally('cam-1', () => 0);
    tally.onFrame('h264', frame('cam-2', 1, 0));
    tally.onFrame('h264', frame('cam-2', 1, 0));
    tally.onFrame('h264', [slice]);
    // A foreign encoder's SEI that is malformed is no stamp either.
    tally.onFrame('h264', [Buffer.from([0x06, 0x05, 0x40]), slice]);
    expect(tally.take()).toEqual({ frames: 0, latencyMs: [], foreignFrames: 1, unstampedFrames: 2 });
  });

  it('counts stamps handed over already decoded as it counts the frames that carry them', () => {
    const sequence: [string, number, number][] = [
      ['cam-1', 1, 900],
      ['cam-1', 1, 900],
      ['cam-2', 5, 950],
      ['cam-2', 5, 950],
      ['cam-1', 2, 940],
    ];
    const byFrame = new EgressTally('cam-1', () => 1_000);
    const byStamp = new EgressTally('cam-1', () => 1_000);
    for (const [cameraId, counter, sendTimeMs] of sequence) {
      byFrame.onFrame('h264', frame(cameraId, counter, sendTimeMs));
      byStamp.onStamp({ cameraId, frame: counter, sendTimeMs });
    }
    byFrame.onFrame('h264', [slice]);
    byStamp.onStamp(undefined);
    const counts = byStamp.take();
    expect(counts).toEqual({ frames: 2, latencyMs: [100, 60], foreignFrames: 1, unstampedFrames: 1 });
    expect(byFrame.take()).toEqual(counts);
    expect(byStamp.duplicateFramesTotal).toBe(byFrame.duplicateFramesTotal);
  });

  it('starts each interval at zero', () => {
    const tally = new EgressTally('cam-1', () => 0);
    tally.onFrame('h264', frame('cam-1', 1, 0));
    tally.take();
    expect(tally.take()).toEqual({ frames: 0, latencyMs: [], foreignFrames: 0, unstampedFrames: 0 });
  });

  it('forgets counters far enough back, so a camera that restarts its counter is counted again', () => {
    const tally = new EgressTally('cam-1', () => 0);
    for (let i = 0; i < 2_100; i++) tally.onFrame('h264', frame('cam-1', i, 0));
    tally.onFrame('h264', frame('cam-1', 0, 0));
    tally.onFrame('h264', frame('cam-1', 2_099, 0));
    expect(tally.take().frames).toBe(2_101);
  });
});
