import { describe, expect, it } from 'vitest';
import type { PacketizedFrame } from '../../media/clip/packetized-clip.ts';
import { builtinCameraModels } from '../camera/camera-model.ts';
import type { RecordedSpan } from '../recording/recorded-track.ts';
import { type ReplayFrame, type ReplayRequest, ReplayCursor } from './replay-cursor.ts';
import { SpanListLibrary } from './e2e/span-list-library.ts';

const T0 = Date.UTC(2026, 11, 6, 9, 0, 0);
const FRAME_MS = 40;
const profile = builtinCameraModels[0]!.profiles[0]!;

/** A 50-frame clip, key frame every 10, no B-frames (as the synthetic clip has). */
function clip(gop = 10, count = 50): PacketizedFrame[] {
  return Array.from({ length: count }, (_, index) => ({
    index,
    ptsTicks: index * 3600,
    dtsTicks: index * 3600,
    keyframe: index % gop === 0,
    payloads: [],
    bytes: 0,
  }));
}

function play(
  spans: RecordedSpan[],
  req: Partial<ReplayRequest>,
  opts: { nowMs?: number; frames?: PacketizedFrame[] } = {},
): ReplayFrame[] {
  const nowMs = opts.nowMs ?? T0 + 100_000;
  const library = new SpanListLibrary([{ recordingToken: 'r', cameraId: 'cam', profile, spans }], () => nowMs);
  const cursor = new ReplayCursor(library.track('r')!, opts.frames ?? clip(), FRAME_MS, {
    startMs: T0,
    endMs: undefined,
    reverse: false,
    frames: { kind: 'all' },
    discontinuousStart: false,
    ...req,
  });
  const out: ReplayFrame[] = [];
  for (let f = cursor.next(nowMs); f !== undefined && out.length < 1000; f = cursor.next(nowMs)) out.push(f);
  return out;
}

const twoSpans: RecordedSpan[] = [
  { startMs: T0, endMs: T0 + 1000 },
  { startMs: T0 + 2000, endMs: T0 + 2400 },
];
const rel = (frames: ReplayFrame[]): number[] => frames.map((f) => f.captureMs - T0);
const flagged = (frames: ReplayFrame[], flag: 'discontinuity' | 'endOfSection' | 'terminal' | 'keyframe'): number[] =>
  rel(frames.filter((f) => f[flag]));

describe('ReplayCursor', () => {
  it('plays forward on the frame grid from the first instant at or after the start, skipping the gap', () => {
    const frames = play(twoSpans, { startMs: T0 + 100 });
    // Grid T0, T0+40, ...: the first instant at or after T0+100 is T0+120.
    expect(rel(frames).slice(0, 3)).toEqual([120, 160, 200]);
    expect(frames).toHaveLength(22 + 10);
    expect(rel(frames).slice(21, 23)).toEqual([960, 2000]);
    // A section starts on a key frame; the clip's GOP (10 frames) runs on from there.
    expect(flagged(frames, 'keyframe')).toEqual([120, 520, 920, 2000]);
    expect(flagged(frames, 'discontinuity')).toEqual([2000]);
    expect(flagged(frames, 'endOfSection')).toEqual([960, 2360]);
    expect(flagged(frames, 'terminal')).toEqual([2360]);
    // Media time runs one frame per grid step; the gap counts as one frame.
    expect(frames.map((f) => f.renderMs).slice(20, 23)).toEqual([800, 840, 880]);
    expect(frames.every((f) => f.dueMs === f.renderMs)).toBe(true);
  });

  it('stops before the end of a closed range, the last frame terminal', () => {
    const frames = play(twoSpans, { startMs: T0 + 120, endMs: T0 + 400 });
    expect(rel(frames)).toEqual([120, 160, 200, 240, 280, 320, 360]);
    expect(flagged(frames, 'terminal')).toEqual([360]);
  });

  it('starts at the next span when the start falls in a gap; D only when the play repositions', () => {
    expect(rel(play(twoSpans, { startMs: T0 + 1500 })).slice(0, 2)).toEqual([2000, 2040]);
    expect(flagged(play(twoSpans, { startMs: T0 + 1500 }), 'discontinuity')).toEqual([]);
    expect(flagged(play(twoSpans, { startMs: T0 + 1500, discontinuousStart: true }), 'discontinuity')).toEqual([2000]);
    expect(play(twoSpans, { startMs: T0 + 3000 })).toEqual([]);
  });

  it('plays in reverse GOP by GOP: GOPs backwards, frames within a GOP forwards, D on each GOP', () => {
    const frames = play(twoSpans, { startMs: T0 + 2400, reverse: true });
    const gopStarts = flagged(frames, 'discontinuity');
    // Span 2: slots 0-9 (one GOP); span 1: slots 0-24, GOPs anchored at its start: 20-24, 10-19, 0-9.
    expect(gopStarts).toEqual([2000, 800, 400, 0]);
    expect(flagged(frames, 'keyframe')).toEqual(gopStarts);
    expect(rel(frames).slice(0, 12)).toEqual([2000, 2040, 2080, 2120, 2160, 2200, 2240, 2280, 2320, 2360, 800, 840]);
    expect(frames).toHaveLength(35);
    expect(flagged(frames, 'endOfSection')).toEqual([2360, 360]);
    expect(flagged(frames, 'terminal')).toEqual([360]);
    // Rendered latest first: the GOP goes as one burst when its top frame (T0+2360) is due.
    expect(frames.slice(0, 10).map((f) => f.renderMs)).toEqual([360, 320, 280, 240, 200, 160, 120, 80, 40, 0]);
    expect(new Set(frames.slice(0, 10).map((f) => f.dueMs))).toEqual(new Set([0]));
    expect(frames[10]!.dueMs).toBe(440);
  });

  it('in reverse, starts at the instant asked for and ends with the GOP that holds the range end', () => {
    const frames = play(twoSpans, { startMs: T0 + 500, endMs: T0 + 300, reverse: true });
    // Slot 12 (T0+480) is the top of GOP 10-19; the range end T0+300 lies in GOP 0-9, sent whole.
    expect(rel(frames)).toEqual([400, 440, 480, 0, 40, 80, 120, 160, 200, 240, 280, 320, 360]);
    expect(flagged(frames, 'terminal')).toEqual([360]);
  });

  it('Frames: intra sends key frames only; intra/<ms> at most one per interval, and always the first after a gap', () => {
    expect(rel(play(twoSpans, { frames: { kind: 'intra', intervalMs: undefined } }))).toEqual([0, 400, 800, 2000]);
    expect(rel(play(twoSpans, { frames: { kind: 'intra', intervalMs: 800 } }))).toEqual([0, 800, 2000]);
    expect(
      rel(play(twoSpans, { reverse: true, startMs: T0 + 999, frames: { kind: 'intra', intervalMs: undefined } })),
    ).toEqual([800, 400, 0]);
  });

  it('Frames: predicted leaves out B-frames (shown before a frame decoded earlier)', () => {
    // Decode order I0 P3 B1 B2 P6 B4 B5 ... (presentation order in 40 ms units).
    const pts = [0, 3, 1, 2, 6, 4, 5, 9, 7, 8];
    const frames = pts.map((p, index) => ({
      index,
      ptsTicks: p * 3600,
      dtsTicks: index * 3600,
      keyframe: index === 0,
      payloads: [],
      bytes: 0,
    }));
    const all = play([{ startMs: T0, endMs: T0 + 400 }], {}, { frames });
    expect(all.map((f) => f.clipIndex)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // Capture instants follow presentation: slot plus the frame's composition offset.
    expect(rel(all).slice(0, 4)).toEqual([0, 120, 40, 80]);
    const predicted = play([{ startMs: T0, endMs: T0 + 400 }], { frames: { kind: 'predicted' } }, { frames });
    expect(predicted.map((f) => f.clipIndex)).toEqual([0, 1, 4, 7]);
  });

  it('follows a recording in progress: a span still open grows with now, and the play ends when it catches up', () => {
    let nowMs = T0 + 1000;
    const library = new SpanListLibrary(
      [{ recordingToken: 'r', cameraId: 'cam', profile, spans: [{ startMs: T0, endMs: Infinity }] }],
      () => nowMs,
    );
    const cursor = new ReplayCursor(library.track('r')!, clip(), FRAME_MS, {
      startMs: T0,
      endMs: undefined,
      reverse: false,
      frames: { kind: 'all' },
      discontinuousStart: false,
    });
    const seen: number[] = [];
    // Played at the capture rate, one frame per 40 ms of now: it stays 1 s behind and never ends.
    for (let i = 0; i < 100; i++, nowMs += FRAME_MS) seen.push(cursor.next(nowMs)!.captureMs - T0);
    expect(seen).toEqual(Array.from({ length: 100 }, (_, i) => i * FRAME_MS));
    // Read as fast as it goes (now stands still), it reaches now and ends there.
    let last: ReplayFrame | undefined;
    for (let f = cursor.next(nowMs), n = 0; f !== undefined && n < 100; f = cursor.next(nowMs), n++) last = f;
    expect(last!.terminal).toBe(true);
    expect(last!.captureMs).toBeLessThan(nowMs);
    expect(last!.captureMs).toBeGreaterThanOrEqual(nowMs - 2 * FRAME_MS);
  });
});
