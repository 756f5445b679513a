import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../clock/virtual-clock.ts';
import type { RecordedSpan } from './recorded-track.ts';
import { RecordingStore } from './recording-store.ts';
import { SpanTimeline } from './span-timeline.ts';

/** What each track was told to record, clipped from `floorMs` to `nowMs`: what the store should still hold. */
function truthFrom(intervals: readonly RecordedSpan[], floorMs: number, nowMs: number): RecordedSpan[] {
  const out: RecordedSpan[] = [];
  for (const { startMs, endMs } of intervals) {
    const s = Math.max(startMs, floorMs);
    const e = Math.min(endMs, nowMs);
    if (e <= s) continue;
    const last = out.at(-1);
    if (last !== undefined && last.endMs >= s) last.endMs = Math.max(last.endMs, e);
    else out.push({ startMs: s, endMs: e });
  }
  return out;
}

const op = fc.record({
  track: fc.integer({ min: 0, max: 2 }),
  on: fc.boolean(),
  afterMs: fc.integer({ min: 0, max: 500 }),
});

describe('RecordingStore: a ring over every track', () => {
  it('keeps exactly what each track recorded from one global instant on, within the budget and the retention (property)', () => {
    fc.assert(
      fc.property(
        fc.array(op, { maxLength: 40 }),
        fc.integer({ min: 1_000, max: 2_000_000 }),
        fc.option(fc.integer({ min: 1, max: 5_000 }), { nil: undefined }),
        (ops, capacityBytes, retentionMs) => {
          const clock = new VirtualClock(0);
          const store = new RecordingStore({
            clock,
            capacityBytes,
            ...(retentionMs === undefined ? {} : { retentionMs }),
          });
          const rates = [500, 64, 1];
          const tracks = rates.map((bytesPerMs) => ({ timeline: new SpanTimeline(), bytesPerMs }));
          for (const t of tracks) store.add(t);
          const truth: RecordedSpan[][] = rates.map(() => []);
          const openAt: (number | undefined)[] = rates.map(() => undefined);
          for (const o of ops) {
            clock.advance(o.afterMs);
            const nowMs = clock.now();
            store.enforce(nowMs);
            const t = tracks[o.track]!;
            if (o.on && openAt[o.track] === undefined) {
              openAt[o.track] = nowMs;
              t.timeline.begin(nowMs);
            } else if (!o.on && openAt[o.track] !== undefined) {
              truth[o.track]!.push({ startMs: openAt[o.track]!, endMs: nowMs });
              openAt[o.track] = undefined;
              t.timeline.end(nowMs);
            }
          }
          clock.advance(100);
          const nowMs = clock.now();
          store.enforce(nowMs);
          const floorMs = store.oldestKeptMs;
          expect(store.usedBytes(nowMs)).toBeLessThanOrEqual(capacityBytes * (1 + 1e-9));
          if (retentionMs !== undefined) expect(floorMs).toBeGreaterThanOrEqual(nowMs - retentionMs);
          tracks.forEach((t, k) => {
            const told = openAt[k] === undefined ? truth[k]! : [...truth[k]!, { startMs: openAt[k]!, endMs: nowMs }];
            const kept = t.timeline.spans(Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, nowMs);
            const expected = truthFrom(told, floorMs, nowMs);
            expect(kept.length).toBe(expected.length);
            kept.forEach((span, i) => {
              expect(span.startMs).toBeCloseTo(expected[i]!.startMs, 6);
              expect(span.endMs).toBeCloseTo(expected[i]!.endMs, 6);
            });
          });
          // The budget, not retention, moved the floor: the disk is full to the byte.
          const byRetention = retentionMs === undefined ? Number.NEGATIVE_INFINITY : nowMs - retentionMs;
          if (floorMs > byRetention) expect(store.usedBytes(nowMs)).toBeCloseTo(capacityBytes, 3);
        },
      ),
      { numRuns: 300 },
    );
  });
});
