import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onvifUrl } from '../../camera/uris.ts';
import { VirtualClock } from '../../clock/virtual-clock.ts';
import { replayPath } from '../../recording/recorded-track.ts';
import { ADMIN } from './onvif-fixture.ts';
import { call, connectCam } from './onvif-client.ts';
import { OnvifWsdlFixture, type WsdlService, wsdlAvailable } from './onvif-wsdl-fixture.ts';
import { type ProfileGFixture, startProfileGFixture, twoChannels } from './profile-g-fixture.ts';

/**
 * Outside clients against a camera serving Profile G, as a hub retrieving edge recordings calls it:
 * node-soap built from the official recording, search and replay WSDLs, and the `onvif` package's
 * recording and replay calls. What they parse is compared with the catalog behind the device.
 */
const require = createRequire(import.meta.url);
const soap = require('soap') as {
  createClientAsync(wsdl: string, opts: Record<string, unknown>): Promise<SoapClient>;
  WSSecurity: new (user: string, password: string, opts: Record<string, unknown>) => unknown;
};
interface SoapClient {
  setSecurity(s: unknown): void;
  [method: string]: unknown;
}

const MINUTE_MS = 60_000;
let fx: ProfileGFixture;
let t0: number;

beforeAll(async () => {
  t0 = Math.floor(Date.now() / 1000) * 1000;
  fx = await startProfileGFixture(62, 'fixed-1080p', new VirtualClock(t0), twoChannels(t0));
});
afterAll(async () => {
  await fx.close();
});

describe.skipIf(!wsdlAvailable)('a node-soap client built from recording.wsdl, search.wsdl and replay.wsdl', () => {
  let wsdl: OnvifWsdlFixture;
  const clients = new Map<string, SoapClient>();
  beforeAll(async () => {
    wsdl = await OnvifWsdlFixture.create();
  });
  afterAll(async () => {
    await wsdl.close();
  });

  async function callOp<T>(service: WsdlService, operation: string, args: Record<string, unknown> = {}): Promise<T> {
    let c = clients.get(service);
    if (c === undefined) {
      c = await soap.createClientAsync(await wsdl.serviceWsdl(service, onvifUrl(fx.cameras[0]!, service)), {
        forceSoap12Headers: true,
        wsdl_options: { overrideImportLocation: OnvifWsdlFixture.overrideImportLocation },
      });
      c.setSecurity(
        new soap.WSSecurity(ADMIN.username, ADMIN.password, { passwordType: 'PasswordDigest', hasTimeStamp: false }),
      );
      clients.set(service, c);
    }
    const fn = c[`${operation}Async`] as (a: Record<string, unknown>) => Promise<[T, string]>;
    return (await fn.call(c, args))[0];
  }

  it('finds the recordings of one camera, their information and gaps, and the replay URI, as a backfilling hub does', async () => {
    const summary = await callOp<{ Summary: { NumberRecordings: number; DataFrom: Date } }>(
      'search',
      'GetRecordingSummary',
    );
    expect(Number(summary.Summary.NumberRecordings)).toBe(2);
    const found = await callOp<{ SearchToken: string }>('search', 'FindRecordings', {
      Scope: { IncludedSources: [{ Token: 'urn:camlab:camera:cam-a' }] },
      KeepAliveTime: 'PT10S',
    });
    const results = await callOp<{
      ResultList: {
        SearchState: string;
        RecordingInformation: Array<{ RecordingToken: string; RecordingStatus: string }>;
      };
    }>('search', 'GetRecordingSearchResults', { SearchToken: found.SearchToken, MaxResults: 10, WaitTime: 'PT1S' });
    expect(results.ResultList.SearchState).toBe('Completed');
    expect(results.ResultList.RecordingInformation.map((r) => [r.RecordingToken, r.RecordingStatus])).toEqual([
      ['REC-cam-a', 'Recording'],
    ]);
    await callOp('search', 'EndSearch', { SearchToken: found.SearchToken });
    const info = await callOp<{ RecordingInformation: { EarliestRecording: Date; LatestRecording: Date } }>(
      'search',
      'GetRecordingInformation',
      { RecordingToken: 'REC-cam-a' },
    );
    expect(new Date(info.RecordingInformation.EarliestRecording).getTime()).toBe(t0 - 120 * MINUTE_MS);
    const events = await callOp<{ SearchToken: string }>('search', 'FindEvents', {
      StartPoint: new Date(t0 - 180 * MINUTE_MS).toISOString(),
      EndPoint: new Date(t0).toISOString(),
      Scope: { IncludedRecordings: ['REC-cam-a'] },
      SearchFilter: {},
      IncludeStartState: false,
      KeepAliveTime: 'PT10S',
    });
    const history = await callOp<{
      ResultList: { SearchState: string; Result: Array<{ Time: Date; TrackToken: string }> };
    }>('search', 'GetEventSearchResults', { SearchToken: events.SearchToken, MaxResults: 100, WaitTime: 'PT1S' });
    expect(history.ResultList.SearchState).toBe('Completed');
    // The gap: data present from -120 min, absent at -60 min, present again at -40 min (each for the recording and its track).
    const minutes = [...new Set(history.ResultList.Result.map((r) => (t0 - new Date(r.Time).getTime()) / MINUTE_MS))];
    expect(minutes).toEqual([120, 60, 40]);
    const jobs = await callOp<{ JobItem: Array<{ JobConfiguration: { RecordingToken: string; Mode: string } }> }>(
      'recording',
      'GetRecordingJobs',
    );
    expect(jobs.JobItem.map((j) => `${j.JobConfiguration.RecordingToken} ${j.JobConfiguration.Mode}`)).toEqual([
      'REC-cam-a Active',
      'REC-cam-b Active',
    ]);
    const uri = await callOp<{ Uri: string }>('replay', 'GetReplayUri', {
      StreamSetup: { Stream: 'RTP-Unicast', Transport: { Protocol: 'RTSP' } },
      RecordingToken: 'REC-cam-a',
    });
    const cam = fx.cameras[0]!;
    expect(uri.Uri).toBe(`rtsp://${cam.network.address}:${cam.network.rtspPort}${replayPath('REC-cam-a')}`);
  });
});

describe('the onvif package against a Profile G device', () => {
  it('finds the recording, search and replay services, and reads recordings, jobs, summary, options and the replay URI', async () => {
    const cam = await connectCam(fx.cameras[0]!, ADMIN.username, ADMIN.password, true);
    const uri = cam.uri as Record<string, { href: string }>;
    expect(uri.recording?.href).toBe(onvifUrl(fx.cameras[0]!, 'recording'));
    expect(uri.search?.href).toBe(onvifUrl(fx.cameras[0]!, 'search'));
    expect(uri.replay?.href).toBe(onvifUrl(fx.cameras[0]!, 'replay'));
    const items = await call<Array<{ recordingToken: string }>>(cam, 'getRecordings');
    expect(items.map((i) => i.recordingToken)).toEqual(['REC-cam-a', 'REC-cam-b']);
    const jobs = await call<Array<{ jobToken: string }>>(cam, 'getRecordingJobs');
    expect(jobs).toHaveLength(2);
    const state = await call<{ state: string }>(cam, 'getRecordingJobState', { JobToken: jobs[0]!.jobToken });
    expect(state.state).toBe('Active');
    const summary = await call<{ numberRecordings: number }>(cam, 'getRecordingSummary');
    expect(Number(summary.numberRecordings)).toBe(2);
    // The package turns attribute values into booleans and numbers.
    const caps = await call<{ $: Record<string, unknown> }>(cam, 'getRecordingServiceCapabilities');
    expect(caps.$.DynamicRecordings).toBe(true);
    const options = await call<{ job: { $: { Spare: string } } }>(cam, 'getRecordingOptions', {
      RecordingToken: 'REC-cam-a',
    });
    expect(Number(options.job.$.Spare)).toBeGreaterThan(0);
    const replay = await call<string>(cam, 'getReplayUri', { recordingToken: 'REC-cam-b' });
    const device = fx.cameras[0]!;
    expect(replay).toBe(`rtsp://${device.network.address}:${device.network.rtspPort}${replayPath('REC-cam-b')}`);
  });
});
