import type { Clock } from '../../clock/clock.ts';
import { FixedSpansTrack } from '../../recording/fixed-spans-track.ts';
import type { RecordedSpan } from '../../recording/recorded-track.ts';
import { type RecordingConfiguration, RecordingCatalog } from '../../recording/recording-catalog.ts';
import {
  type ProfileGDevice,
  type ProfileGOptions,
  type RecordingClientChange,
  serveProfileG,
} from '../services/profile-g.ts';
import { type OnvifFixture, startOnvifFixture } from './onvif-fixture.ts';

const MINUTE_MS = 60_000;

/** A device recording of one camera, as edge storage or an NVR channel keeps it. */
export interface RecordedChannel {
  recordingToken: string;
  trackToken: string;
  cameraId: string;
  spans: RecordedSpan[];
}

export interface ProfileGFixture extends OnvifFixture {
  profileG: ProfileGDevice;
  catalog: RecordingCatalog;
  /** Every Recording Control call that changed (or tried to change) recordings or jobs. */
  changes: RecordingClientChange[];
}

export function channelConfiguration(c: RecordedChannel, address: string): RecordingConfiguration {
  return {
    source: {
      sourceId: `urn:camlab:camera:${c.cameraId}`,
      name: c.cameraId,
      location: 'milton-keynes',
      description: `edge recording of ${c.cameraId}`,
      address,
    },
    content: 'continuous',
    maximumRetentionTimeMs: 7 * 24 * 60 * MINUTE_MS,
  };
}

/**
 * Two recordings a site recorder would hold around `nowMs`: one of the PTZ camera with a gap
 * (the camera was down for 20 minutes) and still recording, one that stopped 30 minutes ago.
 */
export function twoChannels(nowMs: number): RecordedChannel[] {
  return [
    {
      recordingToken: 'REC-cam-a',
      trackToken: 'VIDEO-cam-a',
      cameraId: 'cam-a',
      spans: [
        { startMs: nowMs - 120 * MINUTE_MS, endMs: nowMs - 60 * MINUTE_MS },
        { startMs: nowMs - 40 * MINUTE_MS, endMs: nowMs + 24 * 60 * MINUTE_MS },
      ],
    },
    {
      recordingToken: 'REC-cam-b',
      trackToken: 'VIDEO-cam-b',
      cameraId: 'cam-b',
      spans: [{ startMs: nowMs - 90 * MINUTE_MS, endMs: nowMs - 30 * MINUTE_MS }],
    },
  ];
}

/**
 * An ONVIF fixture whose first camera serves Profile G over a catalog of the given channels, each
 * with an active recording job (the device records them), on the given clock.
 */
export async function startProfileGFixture(
  block: number,
  model: string,
  clock: Clock,
  channels: RecordedChannel[],
  extra: Partial<ProfileGOptions> = {},
): Promise<ProfileGFixture> {
  const fx = await startOnvifFixture(block, [model], clock);
  const camera = fx.cameras[0]!;
  const catalog = new RecordingCatalog();
  const changes: RecordingClientChange[] = [];
  const profileG = serveProfileG(camera, {
    catalog,
    clock,
    events: fx.server,
    statePollMs: 0,
    onClientChange: (c) => changes.push(c),
    ...extra,
  });
  for (const c of channels) {
    catalog.addRecorded(
      new FixedSpansTrack(c.recordingToken, c.trackToken, c.cameraId, c.spans),
      channelConfiguration(c, `http://127.0.0.1/onvif/device_service#${c.cameraId}`),
    );
    catalog.createRecordingJob({
      recordingToken: c.recordingToken,
      mode: 'Active',
      priority: 1,
      sources: [
        {
          sourceToken: { token: 'Profile_main', type: 'http://www.onvif.org/ver10/schema/Profile' },
          autoCreateReceiver: undefined,
          tracks: [{ sourceTag: 'video', destination: c.trackToken }],
        },
      ],
    });
  }
  return {
    ...fx,
    profileG,
    catalog,
    changes,
    async close() {
      profileG.close();
      await fx.close();
    },
  };
}
