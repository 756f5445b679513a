import { describe, expect, it } from 'vitest';
import { encodeSeiNal } from '../../media/sei/sei-stamp.ts';
import { VirtualClock } from '../../simulators/clock/virtual-clock.ts';
import { ObservationLog } from '../../simulators/observations/observation-log.ts';
import type { FrameSink, ReadEgress } from './egress-reader.ts';
import { EgressWatcher } from './egress-watcher.ts';

/** A reader the test drives: each read() call waits until the test ends or fails it. */
function scriptedReader() {
  const reads: { url: string; onFrame: FrameSink; signal: AbortSignal; end: () => void; fail: (e: Error) => void }[] =
    [];
  const read: ReadEgress = (url, onFrame, signal) =>
    new Promise<void>((resolve, reject) => {
      reads.push({ url, onFrame, signal, end: resolve, fail: reject });
      signal.addEventListener('abort', () => resolve(), { once: true });
    });
  return { read, reads };
}

const slice = Buffer.from([0x41, 0x9a]);
const stamped = (cameraId: string, frame: number, sendTimeMs: number): Buffer[] => [
  encodeSeiNal('h264', { cameraId, frame, sendTimeMs }),
  slice,
];

describe('EgressWatcher', () => {
  it('records one observation per watched camera per interval, zero frames included, until unwatched', async () => {
    const clock = new VirtualClock(10_000);
    const log = new ObservationLog();
    const { read, reads } = scriptedReader();
    const watcher = new EgressWatcher({ hub: 'hub', log, clock, protocol: 'http-flv', intervalMs: 1000, read });
    watcher.watch('c1', 'http://hub/c1.flv');
    watcher.watch('c2', 'http://hub/c2.flv');
    watcher.watch('c1', 'http://hub/other.flv'); // already watched: ignored
    expect(reads.map((r) => r.url)).toEqual(['http://hub/c1.flv', 'http://hub/c2.flv']);

    reads[0]!.onFrame('h264', stamped('c1', 1, 9_950));
    reads[0]!.onFrame('h264', stamped('c1', 2, 9_990));
    clock.advance(1000);
    clock.advance(1000);
    watcher.unwatch('c2');
    clock.advance(1000);
    const rows = log.ofKind('hub.egress').map((o) => [o.atMs, o.camera, o.frames, o.latencyMs, o.unstampedFrames]);
    expect(rows).toEqual([
      [11_000, 'c1', 2, [50, 10], 0],
      [11_000, 'c2', 0, [], 0],
      [12_000, 'c1', 0, [], 0],
      [12_000, 'c2', 0, [], 0],
      [12_000, 'c2', 0, [], 0], // the last (partial) interval at release
      [13_000, 'c1', 0, [], 0],
    ]);
    watcher.close();
    watcher.close();
    expect(log.ofKind('hub.egress').length).toBe(7);
  });

  it('reads again after a failure and logs each kind of failure once until frames return', async () => {
    const clock = new VirtualClock(0);
    const log = new ObservationLog();
    const { read, reads } = scriptedReader();
    const watcher = new EgressWatcher({ hub: 'hub', log, clock, protocol: 'hls', intervalMs: 1000, retryMs: 1, read });
    watcher.watch('c1', 'http://hub/c1.m3u8');
    for (let i = 0; i < 3; i++) {
      reads[i]!.fail(new Error('GET http://hub/c1.m3u8 answered 404'));
      await expect.poll(() => reads.length).toBe(i + 2);
    }
    reads[3]!.end();
    await expect.poll(() => reads.length).toBe(5);
    expect(log.ofKind('hub.log').map((o) => o.message)).toEqual([
      'egress of c1 (hls http://hub/c1.m3u8): GET http://hub/c1.m3u8 answered 404; reading again',
      'egress of c1 (hls http://hub/c1.m3u8): the restream ended; reading again',
    ]);
    expect(reads[4]!.signal.aborted).toBe(false);
    watcher.close();
    // Closing aborts the reader in flight, which ends the loop.
    expect(reads[4]!.signal.aborted).toBe(true);
  });
});
