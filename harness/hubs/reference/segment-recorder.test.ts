import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeSeiNal, type SeiStamp } from '../../../media/sei/sei-stamp.ts';
import { VirtualClock } from '../../../simulators/clock/virtual-clock.ts';
import { ObservationLog } from '../../../simulators/observations/observation-log.ts';
import type { ReadFrame } from './annexb-frame-reader.ts';
import { SegmentRecorder } from './segment-recorder.ts';

const t0 = 1_000_000;
const picture = (stamp: SeiStamp | undefined): ReadFrame =>
  stamp === undefined ? { stamp } : { stamp, sei: { codec: 'h264', nal: encodeSeiNal('h264', stamp) } };

describe('SegmentRecorder: segments on disk, read back by SEI', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'camlab-segments-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('files live pictures under their arrival time, cuts a segment where pictures stop, and reports what each file holds', async () => {
    const clock = new VirtualClock(t0);
    const log = new ObservationLog();
    const recorder = new SegmentRecorder('hub', log, clock, Number.POSITIVE_INFINITY, dir);
    // 3 s of pictures captured 150 ms before they arrive, one without a stamp, then 5 s of nothing.
    for (let i = 0; i < 75; i++) {
      recorder.frame(
        'cam-1',
        picture(i === 10 ? undefined : { cameraId: 'cam-1', frame: i, sendTimeMs: clock.now() - 150 }),
      );
      clock.advance(40);
    }
    clock.advance(5_000);
    recorder.frame('cam-1', picture({ cameraId: 'cam-1', frame: 200, sendTimeMs: clock.now() - 150 }));
    await recorder.close();
    // Each segment is read back from disk on its own: the observations come in the order the reads end.
    const frames = log.ofKind('hub.recording.frames').sort((a, b) => a.recording.localeCompare(b.recording));
    expect(frames.map((f) => [f.recording, f.runs.length, f.unstampedFrames])).toEqual([
      ['cam-1-0001-live', 1, 1],
      ['cam-1-0002-live', 1, 0],
    ]);
    expect(frames[0]!.runs[0]).toEqual({
      firstMs: t0 - 150,
      lastMs: t0 + 74 * 40 - 150,
      frames: 74,
      replayed: false,
      timeErrorMs: { min: 150, max: 150 },
    });
    expect(log.ofKind('hub.recording')).toHaveLength(1);
    expect((await readdir(dir)).sort()).toEqual([
      'cam-1-0001-live.h264',
      'cam-1-0001-live.times',
      'cam-1-0002-live.h264',
      'cam-1-0002-live.times',
    ]);
  });

  it('stores a fetched interval as one segment, filed under the times the hub gives it', async () => {
    const clock = new VirtualClock(t0 + 60_000);
    const log = new ObservationLog();
    const recorder = new SegmentRecorder('hub', log, clock, Number.POSITIVE_INFINITY, dir);
    const pictures = Array.from({ length: 50 }, (_, i) => ({
      frame: picture({ cameraId: 'cam-1', frame: i, sendTimeMs: t0 + i * 40, replayed: true }),
      hubTimeMs: t0 + i * 40,
    }));
    await recorder.store('cam-1', pictures, t0, t0 + 49 * 40);
    await recorder.close();
    const [frames] = log.ofKind('hub.recording.frames');
    expect(frames?.runs).toEqual([
      { firstMs: t0, lastMs: t0 + 49 * 40, frames: 50, replayed: true, timeErrorMs: { min: 0, max: 0 } },
    ]);
    expect(log.ofKind('hub.recording').map((r) => [r.startMs, r.endMs])).toEqual([[t0, t0 + 49 * 40]]);
  });

  it('stops recording a camera once its disk is full', async () => {
    const clock = new VirtualClock(t0);
    const log = new ObservationLog();
    const recorder = new SegmentRecorder('hub', log, clock, 1_000, dir);
    for (let i = 0; i < 100; i++) {
      recorder.frame('cam-1', picture({ cameraId: 'cam-1', frame: i, sendTimeMs: clock.now() }));
      clock.advance(40);
    }
    await recorder.close();
    const [frames] = log.ofKind('hub.recording.frames');
    expect(frames?.runs[0]?.frames).toBe(26);
  });
});
