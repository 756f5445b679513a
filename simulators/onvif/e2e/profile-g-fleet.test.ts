import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Camera } from '../../camera/camera.ts';
import { findBuiltinModel } from '../../camera/camera-model.ts';
import { Fleet } from '../../fleet/fleet.ts';
import { fleetSchema } from '../../fleet/fleet-schema.ts';
import { replayPath } from '../../recording/recorded-track.ts';
import { recordingTokenOf } from '../../recording/stored-track.ts';
import { attr, child, children, textAt } from '../../wire/xml-element.ts';
import { SpecClient } from './testspec-client.ts';

/**
 * Profile G where the fleet puts it: a site recorder and an edge-storage camera serve the
 * recording, search and replay services over what they record, with no wiring by hand, and every
 * Recording Control call a hub makes on them is a `recording.control` observation.
 */
const BLOCK = '127.41.13';
const USER = { username: 'admin', password: 'pw' };
const base = findBuiltinModel('fixed-1080p')!;

describe("Profile G on a fleet's site recorder and edge-storage camera", () => {
  let fleet: Fleet;
  let nvr: Camera;
  let edge: Camera;

  beforeAll(async () => {
    const def = fleetSchema.parse({
      models: [{ ...base, id: 'sd-bullet', bootTimeMs: 200, edgeStorage: { capacity: '64GB' } }],
      sites: [
        {
          name: 'north',
          addressBlock: `${BLOCK}.0/24`,
          cameras: [
            { model: 'fixed-1080p', count: 1 },
            { model: 'sd-bullet', count: 1 },
          ],
        },
      ],
      users: [USER],
      recorders: [{ id: 'north-nvr', site: 'north', capacity: '8TB', retention: '30d' }],
    });
    fleet = await Fleet.start(def, { ports: { rtsp: 0, onvif: 0 } });
    nvr = fleet.recordings.library('north-nvr')!.device;
    edge = fleet.recordings.library('north-002')!.device;
  });

  afterAll(async () => {
    await fleet?.close();
  });

  it('the recorder lists its recordings of both cameras and searches them; GetReplayUri names its RTSP server', async () => {
    const dut = new SpecClient(nvr, USER);
    const services = children(
      await dut.ok('device', 'GetServices', '<tds:IncludeCapability>false</tds:IncludeCapability>'),
      'Service',
    ).map((s) => textAt(s, 'Namespace'));
    expect(services).toEqual(
      expect.arrayContaining([
        'http://www.onvif.org/ver10/recording/wsdl',
        'http://www.onvif.org/ver10/search/wsdl',
        'http://www.onvif.org/ver10/replay/wsdl',
      ]),
    );
    const tokens = children(await dut.ok('recording', 'GetRecordings'), 'RecordingItem').map((i) =>
      textAt(i, 'RecordingToken'),
    );
    expect(tokens).toEqual(['north-001', 'north-002'].map(recordingTokenOf));
    const token = textAt(
      await dut.ok(
        'search',
        'FindRecordings',
        `<tse:Scope><tt:IncludedRecordings>${recordingTokenOf('north-002')}</tt:IncludedRecordings></tse:Scope><tse:KeepAliveTime>PT10S</tse:KeepAliveTime>`,
      ),
      'SearchToken',
    )!;
    const list = child(
      await dut.ok('search', 'GetRecordingSearchResults', `<tse:SearchToken>${token}</tse:SearchToken>`),
      'ResultList',
    )!;
    expect(textAt(list, 'SearchState')).toBe('Completed');
    expect(textAt(list, 'RecordingInformation', 'RecordingStatus')).toBe('Recording');
    await dut.ok('search', 'EndSearch', `<tse:SearchToken>${token}</tse:SearchToken>`);
    const uri = textAt(
      await dut.ok(
        'replay',
        'GetReplayUri',
        `<trp:StreamSetup><tt:Stream>RTP-Unicast</tt:Stream><tt:Transport><tt:Protocol>RTSP</tt:Protocol></tt:Transport></trp:StreamSetup><trp:RecordingToken>${recordingTokenOf('north-001')}</trp:RecordingToken>`,
      ),
      'Uri',
    );
    expect(uri).toBe(
      `rtsp://${nvr.network.address}:${nvr.network.rtspPort}${replayPath(recordingTokenOf('north-001'))}`,
    );
  });

  it("a hub that stops the recorder's job and deletes the camera's edge recording is observed doing so, and the recording stops", async () => {
    const recorder = new SpecClient(nvr, USER);
    const job = children(await recorder.ok('recording', 'GetRecordingJobs'), 'JobItem').find(
      (j) => textAt(j, 'JobConfiguration', 'RecordingToken') === recordingTokenOf('north-001'),
    )!;
    await recorder.ok(
      'recording',
      'SetRecordingJobMode',
      `<trc:JobToken>${textAt(job, 'JobToken')}</trc:JobToken><trc:Mode>Idle</trc:Mode>`,
    );
    expect(fleet.recordings.library('north-nvr')!.trackOf('north-001')!.recording).toBe(false);
    const camera = new SpecClient(edge, USER);
    await camera.ok(
      'recording',
      'DeleteRecording',
      `<trc:RecordingToken>${recordingTokenOf('north-002')}</trc:RecordingToken>`,
    );
    expect(
      await camera.fault(
        'recording',
        'DeleteRecording',
        `<trc:RecordingToken>${recordingTokenOf('north-002')}</trc:RecordingToken>`,
      ),
    ).toBe('env:Sender ter:InvalidArgVal/ter:NoRecording');
    const observed = fleet.log
      .ofKind('recording.control')
      .map(
        (o) => `${o.recorder} ${o.storage} ${o.operation} ${o.effect} ${o.outcome} ${o.camera ?? '-'} ${o.user ?? '-'}`,
      );
    expect(observed).toEqual([
      'north-nvr recorder SetRecordingJobMode change applied north-001 admin',
      'north-002 edge DeleteRecording delete applied north-002 admin',
      'north-002 edge DeleteRecording delete refused - admin',
    ]);
    const topicSet = child(await camera.ok('events', 'GetEventProperties'), 'TopicSet')!;
    expect(attr(child(child(child(topicSet, 'RecordingHistory'), 'Recording'), 'State'), 'topic')).toBe('true');
  });
});
