import { describe, expect, it } from 'vitest';
import { FixedSpansTrack } from './fixed-spans-track.ts';
import {
  type CatalogChange,
  CatalogError,
  type RecordingConfiguration,
  RecordingCatalog,
} from './recording-catalog.ts';

const CONFIG: RecordingConfiguration = {
  source: {
    sourceId: 'urn:camlab:cam-1',
    name: 'cam-1',
    location: 'slough',
    description: 'gate',
    address: 'http://127.0.0.1/onvif/device_service',
  },
  content: 'edge',
  maximumRetentionTimeMs: 0,
};

function catalog(): { cat: RecordingCatalog; changes: CatalogChange[] } {
  const cat = new RecordingCatalog({ maxRecordings: 3, maxTracksPerRecording: 2, maxRecordingJobs: 2 });
  const changes: CatalogChange[] = [];
  cat.on((c) => changes.push(c));
  return { cat, changes };
}

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof CatalogError) return err.reason;
    throw err;
  }
  return 'accepted';
}

describe('RecordingCatalog', () => {
  it('serves a recorded track under its own tokens, for search and replay alike', () => {
    const { cat, changes } = catalog();
    const recorded = new FixedSpansTrack('REC-cam-1', 'VIDEO-cam-1', 'cam-1', [
      { startMs: 1_000, endMs: 5_000 },
      { startMs: 8_000, endMs: 12_000 },
    ]);
    const rec = cat.addRecorded(recorded, CONFIG);
    expect(cat.track('REC-cam-1')).toBe(recorded);
    expect(cat.extent(rec, 20_000)).toEqual({ fromMs: 1_000, untilMs: 12_000 });
    expect(cat.extent(rec, 3_000)).toEqual({ fromMs: 1_000, untilMs: 3_001 });
    expect(cat.spans(rec.tracks.get('VIDEO-cam-1')!, 4_000, 9_000)).toEqual([
      { startMs: 4_000, endMs: 5_000 },
      { startMs: 8_000, endMs: 9_000 },
    ]);
    expect(changes).toEqual([
      { kind: 'recording-created', recordingToken: 'REC-cam-1' },
      { kind: 'track-created', recordingToken: 'REC-cam-1', trackToken: 'VIDEO-cam-1' },
    ]);
    expect(refusal(() => cat.addRecorded(recorded, CONFIG))).toBe('duplicate');
  });

  it('is recording only while a job is active and the track holds the present instant', () => {
    const { cat } = catalog();
    const rec = cat.addRecorded(new FixedSpansTrack('R', 'V', 'cam-1', [{ startMs: 0, endMs: 10_000 }]), CONFIG);
    expect(cat.isRecording(rec, 5_000)).toBe(false);
    const job = cat.createRecordingJob({ recordingToken: 'R', mode: 'Active', priority: 1, sources: [] });
    expect(cat.isRecording(rec, 5_000)).toBe(true);
    // A span ending at the present is one still being written (RecordedTrack.spans ends an open span at now).
    expect(cat.isRecording(rec, 10_000)).toBe(true);
    expect(cat.isRecording(rec, 10_001)).toBe(false);
    cat.setRecordingJobMode(job.token, 'Idle');
    expect(cat.isRecording(rec, 5_000)).toBe(false);
  });

  it('creates recordings with a video track, up to its limits, and tells each change', () => {
    const { cat, changes } = catalog();
    const a = cat.createRecording(CONFIG);
    expect([...a.tracks.keys()]).toEqual(['VIDEO001']);
    expect(cat.createTrack(a.token, { trackType: 'Video', description: 'second' }).token).toBe('VIDEO002');
    expect(refusal(() => cat.createTrack(a.token, { trackType: 'Audio', description: 'x' }))).toBe('max-tracks');
    cat.deleteTrack(a.token, 'VIDEO002');
    expect(refusal(() => cat.deleteTrack(a.token, 'VIDEO002'))).toBe('no-track');
    cat.createRecording(CONFIG);
    cat.createRecording(CONFIG);
    expect(refusal(() => cat.createRecording(CONFIG))).toBe('max-recordings');
    const created = ['recording-created', 'track-created'];
    expect(changes.map((c) => c.kind)).toEqual([...created, 'track-created', 'track-deleted', ...created, ...created]);
  });

  it('deleting a recording deletes the jobs recording into it, and an active job goes idle first', () => {
    const { cat, changes } = catalog();
    const rec = cat.createRecording(CONFIG);
    const job = cat.createRecordingJob({
      recordingToken: rec.token,
      mode: 'Active',
      priority: 1,
      sources: [
        {
          sourceToken: undefined,
          autoCreateReceiver: undefined,
          tracks: [{ sourceTag: 'v', destination: 'VIDEO001' }],
        },
      ],
    });
    changes.length = 0;
    cat.deleteRecording(rec.token);
    expect(cat.job(job.token)).toBeUndefined();
    expect(changes).toEqual([
      { kind: 'job-state', jobToken: job.token, recordingToken: rec.token, mode: 'Idle' },
      { kind: 'job-deleted', jobToken: job.token, recordingToken: rec.token },
      { kind: 'track-deleted', recordingToken: rec.token, trackToken: 'VIDEO001' },
      { kind: 'recording-deleted', recordingToken: rec.token },
    ]);
    expect(refusal(() => cat.deleteRecording(rec.token))).toBe('no-recording');
  });

  it('refuses jobs into unknown recordings or tracks, unknown modes and a changed recording', () => {
    const { cat } = catalog();
    const a = cat.createRecording(CONFIG);
    const b = cat.createRecording(CONFIG);
    expect(
      refusal(() => cat.createRecordingJob({ recordingToken: 'nope', mode: 'Idle', priority: 0, sources: [] })),
    ).toBe('no-recording');
    expect(
      refusal(() =>
        cat.createRecordingJob({
          recordingToken: a.token,
          mode: 'Idle',
          priority: 0,
          sources: [
            {
              sourceToken: undefined,
              autoCreateReceiver: undefined,
              tracks: [{ sourceTag: 'v', destination: 'AUDIO009' }],
            },
          ],
        }),
      ),
    ).toBe('bad-track');
    const job = cat.createRecordingJob({ recordingToken: a.token, mode: 'Idle', priority: 0, sources: [] });
    expect(refusal(() => cat.setRecordingJobMode(job.token, 'Paused'))).toBe('bad-mode');
    expect(
      refusal(() =>
        cat.setRecordingJobConfiguration(job.token, {
          recordingToken: b.token,
          mode: 'Idle',
          priority: 0,
          sources: [],
        }),
      ),
    ).toBe('bad-source');
    cat.createRecordingJob({ recordingToken: b.token, mode: 'Idle', priority: 0, sources: [] });
    expect(
      refusal(() => cat.createRecordingJob({ recordingToken: b.token, mode: 'Idle', priority: 0, sources: [] })),
    ).toBe('max-jobs');
  });

  it('keeps an index by Source.SourceId through create, reconfigure and delete', () => {
    const { cat } = catalog();
    const a = cat.createRecording(CONFIG);
    const b = cat.createRecording(CONFIG);
    expect([...cat.recordingsOfSource('urn:camlab:cam-1')]).toEqual([a, b]);
    cat.setRecordingConfiguration(b.token, { ...CONFIG, source: { ...CONFIG.source, sourceId: 'urn:camlab:cam-2' } });
    expect([...cat.recordingsOfSource('urn:camlab:cam-1')]).toEqual([a]);
    expect([...cat.recordingsOfSource('urn:camlab:cam-2')]).toEqual([b]);
    cat.deleteRecording(a.token);
    expect(cat.recordingsOfSource('urn:camlab:cam-1').size).toBe(0);
  });
});
