import { describe, expect, it } from 'vitest';
import { FixedSpansTrack } from '../../recording/fixed-spans-track.ts';
import { type CatalogRecording, RecordingCatalog } from '../../recording/recording-catalog.ts';
import { HISTORY_TOPICS, historyEvents } from './recording-events.ts';

const CONFIG = {
  source: { sourceId: 's', name: 'n', location: 'l', description: 'd', address: 'a' },
  content: 'c',
  maximumRetentionTimeMs: 0,
};

/** Spans [100, 200) and [300, 400): a gap between them, nothing after 400. */
function recording(): { catalog: RecordingCatalog; rec: CatalogRecording } {
  const catalog = new RecordingCatalog();
  const rec = catalog.addRecorded(
    new FixedSpansTrack('R', 'V', 'cam', [
      { startMs: 100, endMs: 200 },
      { startMs: 300, endMs: 400 },
    ]),
    CONFIG,
  );
  return { catalog, rec };
}

const trackOnly = new Set(['RecordingHistory/Track/State'] as const);
const render = (events: ReturnType<typeof historyEvents>): string[] =>
  events.map((e) => `${e.startState ? 'start ' : ''}${e.timeMs} ${e.value}`);

describe('historyEvents (FindEvents over RecordingHistory)', () => {
  it('forward: true where a span starts, false where it ends, inside the search window only', () => {
    const { catalog, rec } = recording();
    expect(
      render(
        historyEvents(catalog, rec, {
          startMs: 0,
          endMs: 1000,
          includeStartState: false,
          topics: trackOnly,
          nowMs: 1000,
        }),
      ),
    ).toEqual(['100 true', '200 false', '300 true', '400 false']);
    expect(
      render(
        historyEvents(catalog, rec, {
          startMs: 150,
          endMs: 350,
          includeStartState: false,
          topics: trackOnly,
          nowMs: 1000,
        }),
      ),
    ).toEqual(['200 false', '300 true']);
  });

  it('backward (EndPoint before StartPoint): the same edges in reverse order, the start state at StartPoint', () => {
    const { catalog, rec } = recording();
    expect(
      render(
        historyEvents(catalog, rec, {
          startMs: 350,
          endMs: 0,
          includeStartState: true,
          topics: trackOnly,
          nowMs: 1000,
        }),
      ),
    ).toEqual(['start 350 true', '300 true', '200 false', '100 true']);
  });

  it('the start state is the state at StartPoint, and an edge exactly there is not repeated', () => {
    const { catalog, rec } = recording();
    expect(
      render(
        historyEvents(catalog, rec, {
          startMs: 250,
          endMs: 1000,
          includeStartState: true,
          topics: trackOnly,
          nowMs: 1000,
        }),
      ),
    ).toEqual(['start 250 false', '300 true', '400 false']);
    expect(
      render(
        historyEvents(catalog, rec, {
          startMs: 300,
          endMs: 1000,
          includeStartState: true,
          topics: trackOnly,
          nowMs: 1000,
        }),
      ),
    ).toEqual(['start 300 true', '400 false']);
  });

  it('a span still being written at nowMs has no end yet', () => {
    const { catalog, rec } = recording();
    expect(
      render(
        historyEvents(catalog, rec, {
          startMs: 0,
          endMs: 1000,
          includeStartState: false,
          topics: trackOnly,
          nowMs: 400,
        }),
      ),
    ).toEqual(['100 true', '200 false', '300 true']);
  });

  it('Recording/State follows the union of the tracks: one recording event per edge of the union', () => {
    const { catalog, rec } = recording();
    const events = historyEvents(catalog, rec, {
      startMs: 0,
      endMs: 1000,
      includeStartState: false,
      topics: new Set(HISTORY_TOPICS),
      nowMs: 1000,
    });
    expect(events.filter((e) => e.topic === 'RecordingHistory/Recording/State')).toHaveLength(4);
    expect(events.every((e) => e.trackToken === 'V')).toBe(true);
    // Each track's values alternate, as the Recording Search test specification requires.
    const values = events.filter((e) => e.topic === 'RecordingHistory/Track/State').map((e) => e.value);
    expect(values.every((v, i) => i === 0 || v !== values[i - 1])).toBe(true);
  });
});
