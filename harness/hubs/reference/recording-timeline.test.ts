import { describe, expect, it } from 'vitest';
import { RecordingTimeline } from './recording-timeline.ts';

/** Ten seconds of a 10 fps stream arriving on time, whose stream clock jumps by `jumpMs` after 5 s. */
function play(mode: 'stream' | 'rebased', jumpMs: number): { atMs: number; mediaMs: number }[] {
  const timeline = new RecordingTimeline(mode, 0);
  for (let wall = 0; wall <= 10_000; wall += 100) {
    timeline.packet(90_000 + wall + (wall > 5_000 ? jumpMs : 0), wall);
    timeline.picture(wall);
  }
  return timeline.samples;
}

describe('RecordingTimeline', () => {
  it('samples about once a second, positions from the first picture', () => {
    const samples = play('rebased', 0);
    expect(samples.length).toBe(11);
    expect(samples[0]).toEqual({ atMs: 0, mediaMs: 0 });
    expect(samples.at(-1)).toEqual({ atMs: 10_000, mediaMs: 10_000 });
  });

  it('trusting the stream, a jump back an hour moves the recording back an hour', () => {
    const samples = play('stream', -3_600_000);
    expect(samples.at(-1)!.mediaMs).toBe(10_000 - 3_600_000);
  });

  it('rebased, the recording keeps pace with the hub clock across a jump back or ahead', () => {
    for (const jump of [-3_600_000, 44_122_000]) {
      const samples = play('rebased', jump);
      for (const s of samples) expect(Math.abs(s.mediaMs - s.atMs)).toBeLessThanOrEqual(100);
    }
  });

  it('rebased, a burst of late packets still advances by the stream', () => {
    const timeline = new RecordingTimeline('rebased', 0);
    // Ten packets 100 ms apart in stream time arrive at once, a second late.
    for (let i = 0; i < 10; i++) timeline.packet(i * 100, 1_000);
    timeline.picture(1_000);
    expect(timeline.samples).toEqual([{ atMs: 1_000, mediaMs: 900 }]);
  });
});
