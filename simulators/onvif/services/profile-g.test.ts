import { describe, expect, it } from 'vitest';
import { Camera } from '../../camera/camera.ts';
import { findBuiltinModel } from '../../camera/camera-model.ts';
import { VirtualClock } from '../../clock/virtual-clock.ts';
import type { EventMessage } from '../../events/event-message.ts';
import { FixedSpansTrack } from '../../recording/fixed-spans-track.ts';
import { RecordingCatalog } from '../../recording/recording-catalog.ts';
import { InvalidStateError } from '../../wire/invalid-state-error.ts';
import { profileGOf, serveProfileG } from './profile-g.ts';

const CONFIG = {
  source: { sourceId: 's', name: 'n', location: 'l', description: 'd', address: 'a' },
  content: 'c',
  maximumRetentionTimeMs: 0,
};

function setup(): { clock: VirtualClock; camera: Camera; catalog: RecordingCatalog; published: EventMessage[] } {
  const clock = new VirtualClock(0);
  const camera = new Camera({
    id: 'edge-1',
    name: 'Edge 1',
    site: 'slough',
    model: findBuiltinModel('fixed-1080p')!,
    network: { address: '127.0.0.1', rtspPort: 8554, onvifPort: 0 },
    users: [],
  });
  const catalog = new RecordingCatalog();
  // Recorded from 0 to 5 s, then a gap.
  catalog.addRecorded(new FixedSpansTrack('R', 'V', 'edge-1', [{ startMs: 0, endMs: 5_000 }]), CONFIG);
  catalog.createRecordingJob({ recordingToken: 'R', mode: 'Active', priority: 1, sources: [] });
  return { clock, camera, catalog, published: [] };
}

const states = (ms: EventMessage[]): string[] => ms.map((m) => `${m.topic} ${m.operation} ${m.data[0]?.[1] ?? ''}`);

describe('serveProfileG', () => {
  it('publishes the RecordingHistory states on its poll when they change, and catalog changes at once', () => {
    const { clock, camera, catalog, published } = setup();
    const device = serveProfileG(camera, {
      catalog,
      clock,
      events: { publishEvents: (_id, m) => published.push(...m) },
      statePollMs: 1_000,
    });
    clock.advance(1_000);
    expect(states(published)).toEqual([
      'tns1:RecordingHistory/Recording/State Changed true',
      'tns1:RecordingHistory/Track/State Changed true',
    ]);
    published.length = 0;
    clock.advance(3_000);
    expect(published).toEqual([]);
    clock.advance(2_000);
    expect(states(published)).toEqual([
      'tns1:RecordingHistory/Recording/State Changed false',
      'tns1:RecordingHistory/Track/State Changed false',
    ]);
    published.length = 0;
    catalog.deleteRecording('R');
    expect(states(published)).toEqual([
      'tns1:RecordingConfig/JobState Changed Idle',
      'tns1:RecordingConfig/JobState Deleted ',
      'tns1:RecordingConfig/DeleteTrack Changed ',
      'tns1:RecordingHistory/Track/State Deleted ',
      'tns1:RecordingConfig/DeleteRecording Changed ',
      'tns1:RecordingHistory/Recording/State Deleted ',
    ]);
    device.close();
  });

  it('is one per camera; close() withdraws it, stops its poll and its search timers', () => {
    const { clock, camera, catalog } = setup();
    const device = serveProfileG(camera, { catalog, clock, events: { publishEvents: () => undefined } });
    expect(profileGOf(camera)).toBe(device);
    expect(() => serveProfileG(camera, { catalog, clock, events: { publishEvents: () => undefined } })).toThrow(
      InvalidStateError,
    );
    device.searches.start('recordings', [], 60_000, 0);
    expect(clock.pendingCount()).toBe(2);
    device.close();
    device.close();
    expect(clock.pendingCount()).toBe(0);
    expect(profileGOf(camera)).toBeUndefined();
  });

  it('names the replay URI on the RTSP server: the camera address and RTSP port, or the authority it is given', () => {
    const { clock, camera, catalog } = setup();
    const device = serveProfileG(camera, {
      catalog,
      clock,
      events: { publishEvents: () => undefined },
      statePollMs: 0,
    });
    expect(device.replayUri('R 1')).toBe('rtsp://127.0.0.1:8554/replay/R%201');
    device.close();
    const nvr = serveProfileG(camera, {
      catalog,
      clock,
      events: { publishEvents: () => undefined },
      statePollMs: 0,
      rtspAuthority: () => '127.5.0.1:554',
    });
    expect(nvr.replayUri('R')).toBe('rtsp://127.5.0.1:554/replay/R');
    nvr.close();
  });
});
