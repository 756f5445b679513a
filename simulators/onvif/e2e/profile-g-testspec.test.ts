import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../clock/virtual-clock.ts';
import { onvifUrl } from '../../camera/uris.ts';
import { replayPath } from '../../recording/recorded-track.ts';
import { type XmlElement, attr, child, children, parseXml, textAt } from '../../wire/xml-element.ts';
import { ADMIN } from './onvif-fixture.ts';
import { httpRequest, soapEnvelope } from './http-soap-client.ts';
import { type ProfileGFixture, startProfileGFixture, twoChannels } from './profile-g-fixture.ts';
import { eventSchemaFailures } from './event-schemas.ts';
import { SpecClient, findAll, schemaFailures } from './testspec-client.ts';
import { wsdlAvailable, xmllintAvailable } from './onvif-wsdl-fixture.ts';

/**
 * ONVIF Recording Control, Recording Search and Replay Control Device Test Specifications
 * (v21.12), followed step by step against a PTZ camera serving Profile G over two recordings of
 * its edge storage (one with a gap and still recording, one stopped). Time is virtual: keep-alive
 * expiry is the clock advanced past it, never a wait. Test names carry the specifications' ids;
 * simulators/onvif/CONFORMANCE.md maps every id to its test.
 */
const MINUTE_MS = 60_000;
const TT = 'xmlns:tt="http://www.onvif.org/ver10/schema"';
const WSNT = 'xmlns:wsnt="http://docs.oasis-open.org/wsn/b-2"';
const TEV = 'xmlns:tev="http://www.onvif.org/ver10/events/wsdl"';
const xmllint = await xmllintAvailable();
if (!wsdlAvailable || !xmllint)
  console.warn(
    `profile-g-testspec.test: ${wsdlAvailable ? 'xmllint' : '../shared/onvif-wsdl'} is absent, schema validation is skipped`,
  );

let clock: VirtualClock;
let fx: ProfileGFixture;
let dut: SpecClient;
let t0: number;
const responses: Array<{ name: string; xml: string }> = [];

function freshDevice(): void {
  beforeAll(async () => {
    t0 = Math.floor(Date.now() / 1000) * 1000;
    clock = new VirtualClock(t0);
    fx = await startProfileGFixture(61, 'ptz-dome', clock, twoChannels(t0), {
      // A pan sweep from -1 to 1 over the first recorded hour, one sample a minute.
      ptzPositions: (token, fromMs, toMs) =>
        token !== 'REC-cam-a'
          ? []
          : Array.from({ length: 61 }, (_, i) => ({
              atMs: t0 - 120 * MINUTE_MS + i * MINUTE_MS,
              pan: -1 + i / 30,
              tilt: 0,
              zoom: 0,
            })).filter((s) => s.atMs >= fromMs && s.atMs < toMs),
    });
    dut = new SpecClient(fx.cameras[0]!);
  });
  afterAll(async () => {
    for (const r of dut.responses) if (responses.filter((k) => k.name === r.name).length < 3) responses.push(r);
    await fx.close();
  });
}

const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const ms = (text: string | undefined): number => Date.parse(text ?? '');
const keepAlive = (d = 'PT10S'): string => `<tse:KeepAliveTime>${d}</tse:KeepAliveTime>`;

async function recordingTokens(): Promise<string[]> {
  return children(await dut.ok('recording', 'GetRecordings'), 'RecordingItem').map((i) => textAt(i, 'RecordingToken')!);
}

/** FindRecordings then GetRecordingSearchResults until Completed (bounded); returns every RecordingInformation. */
async function searchRecordings(scope = '', rest = '', pageXml = ''): Promise<XmlElement[]> {
  const token = textAt(
    await dut.ok('search', 'FindRecordings', `<tse:Scope ${TT}>${scope}</tse:Scope>${rest}${keepAlive()}`),
    'SearchToken',
  )!;
  const out: XmlElement[] = [];
  for (let i = 0; i < 100; i++) {
    const list = child(
      await dut.ok(
        'search',
        'GetRecordingSearchResults',
        `<tse:SearchToken>${token}</tse:SearchToken>${pageXml}<tse:WaitTime>PT5S</tse:WaitTime>`,
      ),
      'ResultList',
    )!;
    out.push(...children(list, 'RecordingInformation'));
    if (textAt(list, 'SearchState') === 'Completed') return out;
  }
  throw new Error('the recording search never completed');
}

interface FoundEvent {
  recording: string;
  track: string;
  timeMs: number;
  topic: string;
  value: string;
  startState: boolean;
}

async function searchEvents(
  startMs: number,
  endMs: number,
  includeStartState: boolean,
  scope = '',
  rest = '',
): Promise<FoundEvent[]> {
  const token = textAt(
    await dut.ok(
      'search',
      'FindEvents',
      `<tse:StartPoint>${iso(startMs)}</tse:StartPoint><tse:EndPoint>${iso(endMs)}</tse:EndPoint><tse:Scope ${TT}>${scope}</tse:Scope><tse:SearchFilter/><tse:IncludeStartState>${includeStartState}</tse:IncludeStartState>${rest}${keepAlive()}`,
    ),
    'SearchToken',
  )!;
  const out: FoundEvent[] = [];
  for (let i = 0; i < 100; i++) {
    const list = child(
      await dut.ok(
        'search',
        'GetEventSearchResults',
        `<tse:SearchToken>${token}</tse:SearchToken><tse:WaitTime>PT5S</tse:WaitTime>`,
      ),
      'ResultList',
    )!;
    for (const r of children(list, 'Result')) {
      const item = findAll(child(r, 'Event')!, 'SimpleItem').find(
        (s) => attr(s, 'Name') === 'IsRecording' || attr(s, 'Name') === 'IsDataPresent',
      );
      out.push({
        recording: textAt(r, 'RecordingToken')!,
        track: textAt(r, 'TrackToken')!,
        timeMs: ms(textAt(r, 'Time')),
        topic: textAt(r, 'Event', 'Topic')!,
        value: attr(item, 'Value')!,
        startState: textAt(r, 'StartStateEvent') === 'true',
      });
    }
    if (textAt(list, 'SearchState') === 'Completed') return out;
  }
  throw new Error('the event search never completed');
}

async function serviceCapabilities(ns: string): Promise<XmlElement | undefined> {
  const services = children(
    await dut.ok('device', 'GetServices', '<tds:IncludeCapability>true</tds:IncludeCapability>'),
    'Service',
  );
  return child(
    child(
      services.find((s) => textAt(s, 'Namespace') === ns),
      'Capabilities',
    ),
    'Capabilities',
  );
}

describe('ONVIF Recording Control Device Test Specification', () => {
  freshDevice();

  it('RECORDING-1-1-1 RECORDING CONTROL SERVICE CAPABILITIES / RECORDING-1-1-3 GET SERVICES AND GET RECORDING CONTROL SERVICE CAPABILITIES CONSISTENCY', async () => {
    const caps = child(await dut.ok('recording', 'GetServiceCapabilities'), 'Capabilities')!;
    expect(Number(attr(caps, 'MaxRate'))).toBeGreaterThan(0);
    expect(Number(attr(caps, 'MaxTotalRate'))).toBeGreaterThan(0);
    expect(Number(attr(caps, 'MaxRecordings'))).toBeGreaterThanOrEqual(1);
    expect(attr(caps, 'Encoding')?.split(' ')).toContain('H264');
    const embedded = await serviceCapabilities('http://www.onvif.org/ver10/recording/wsdl');
    expect(embedded?.attrs).toEqual(caps.attrs);
    const all = child(await dut.ok('device', 'GetCapabilities', '<tds:Category>All</tds:Category>'), 'Capabilities')!;
    expect(textAt(all, 'Extension', 'Recording', 'XAddr')).toBe(onvifUrl(fx.cameras[0]!, 'recording'));
  });

  it('RECORDING-4-1-1 GET RECORDINGS / RECORDING-4-1-2 GET RECORDING CONFIGURATION / RECORDING-4-1-9 GET TRACK CONFIGURATION', async () => {
    const items = children(await dut.ok('recording', 'GetRecordings'), 'RecordingItem');
    expect(items.map((i) => textAt(i, 'RecordingToken'))).toEqual(['REC-cam-a', 'REC-cam-b']);
    for (const item of items) {
      const token = textAt(item, 'RecordingToken')!;
      const conf = child(
        await dut.ok('recording', 'GetRecordingConfiguration', `<trc:RecordingToken>${token}</trc:RecordingToken>`),
        'RecordingConfiguration',
      )!;
      expect(textAt(conf, 'Source', 'SourceId')).toBe(textAt(item, 'Configuration', 'Source', 'SourceId'));
      expect(textAt(conf, 'MaximumRetentionTime')).toBe(textAt(item, 'Configuration', 'MaximumRetentionTime'));
      for (const track of children(child(item, 'Tracks'), 'Track')) {
        const tc = child(
          await dut.ok(
            'recording',
            'GetTrackConfiguration',
            `<trc:RecordingToken>${token}</trc:RecordingToken><trc:TrackToken>${textAt(track, 'TrackToken')}</trc:TrackToken>`,
          ),
          'TrackConfiguration',
        )!;
        expect(textAt(tc, 'TrackType')).toBe(textAt(track, 'Configuration', 'TrackType'));
      }
    }
  });

  it('RECORDING-4-1-3 GET RECORDING CONFIGURATION WITH INVALID TOKEN / RECORDING-4-1-10 GET TRACK CONFIGURATION WITH INVALID TOKEN', async () => {
    expect(
      await dut.fault(
        'recording',
        'GetRecordingConfiguration',
        '<trc:RecordingToken>NoSuchRecording</trc:RecordingToken>',
      ),
    ).toBe('env:Sender ter:InvalidArgVal/ter:NoRecording');
    expect(
      await dut.fault(
        'recording',
        'GetTrackConfiguration',
        '<trc:RecordingToken>REC-cam-a</trc:RecordingToken><trc:TrackToken>NoSuchTrack</trc:TrackToken>',
      ),
    ).toBe('env:Sender ter:InvalidArgVal/ter:NoTrack');
  });

  it('RECORDING-4-1-4 GET RECORDING JOBS / RECORDING-4-1-5 GET RECORDING JOB CONFIGURATION / RECORDING-4-1-7 GET RECORDING JOB STATE', async () => {
    const jobs = children(await dut.ok('recording', 'GetRecordingJobs'), 'JobItem');
    expect(jobs).toHaveLength(2);
    for (const job of jobs) {
      const token = textAt(job, 'JobToken')!;
      const conf = child(
        await dut.ok('recording', 'GetRecordingJobConfiguration', `<trc:JobToken>${token}</trc:JobToken>`),
        'JobConfiguration',
      )!;
      expect(textAt(conf, 'RecordingToken')).toBe(textAt(job, 'JobConfiguration', 'RecordingToken'));
      expect(textAt(conf, 'Mode')).toBe('Active');
      const state = child(
        await dut.ok('recording', 'GetRecordingJobState', `<trc:JobToken>${token}</trc:JobToken>`),
        'State',
      )!;
      expect(textAt(state, 'RecordingToken')).toBe(textAt(conf, 'RecordingToken'));
      expect(textAt(state, 'State')).toBe('Active');
      expect(textAt(state, 'Sources', 'Tracks', 'Track', 'Destination')).toBe(
        textAt(conf, 'Source', 'Tracks', 'Destination'),
      );
    }
  });

  it('RECORDING-4-1-13 GET RECORDING JOB CONFIGURATION WITH INVALID TOKEN / RECORDING-4-1-14 GET RECORDING JOB STATE WITH INVALID TOKEN', async () => {
    expect(await dut.fault('recording', 'GetRecordingJobConfiguration', '<trc:JobToken>NoSuchJob</trc:JobToken>')).toBe(
      'env:Sender ter:InvalidArgVal/ter:NoRecordingJob',
    );
    expect(await dut.fault('recording', 'GetRecordingJobState', '<trc:JobToken>NoSuchJob</trc:JobToken>')).toBe(
      'env:Sender ter:InvalidArgVal/ter:NoRecordingJob',
    );
  });

  const configuration = (content: string, name = 'CameraName', extra = ''): string =>
    `<tt:Source><tt:SourceId>http://127.0.0.1/onvif/device_service</tt:SourceId><tt:Name>${name}</tt:Name><tt:Location>LocationDescription</tt:Location><tt:Description>Source Description${extra}</tt:Description><tt:Address>http://127.0.0.1/onvif/device_service</tt:Address></tt:Source>` +
    `<tt:Content>${content}</tt:Content><tt:MaximumRetentionTime>PT0S</tt:MaximumRetentionTime>`;
  const createRecording = async (content: string, name?: string, extra?: string): Promise<string> =>
    textAt(
      await dut.ok(
        'recording',
        'CreateRecording',
        `<trc:RecordingConfiguration ${TT}>${configuration(content, name, extra)}</trc:RecordingConfiguration>`,
      ),
      'RecordingToken',
    )!;

  it('RECORDING-3-1-10 DYNAMIC RECORDINGS CONFIGURATION', async () => {
    const before = await recordingTokens();
    const token = await createRecording('Create/Delete recordings test');
    expect(before).not.toContain(token);
    const item = children(await dut.ok('recording', 'GetRecordings'), 'RecordingItem').find(
      (i) => textAt(i, 'RecordingToken') === token,
    )!;
    expect(textAt(item, 'Configuration', 'Content')).toBe('Create/Delete recordings test');
    expect(textAt(item, 'Configuration', 'Source', 'Name')).toBe('CameraName');
    expect(textAt(item, 'Configuration', 'MaximumRetentionTime')).toBe('PT0S');
    expect(children(child(item, 'Tracks'), 'Track').map((t) => textAt(t, 'Configuration', 'TrackType'))).toContain(
      'Video',
    );
    await dut.ok('recording', 'DeleteRecording', `<trc:RecordingToken>${token}</trc:RecordingToken>`);
    expect(await recordingTokens()).toEqual(before);
    expect(
      fx.changes
        .filter((c) => c.recordingToken === token)
        .map((c) => `${c.operation} ${c.outcome} ${c.deviceRecording}`),
    ).toEqual(['CreateRecording done false', 'DeleteRecording done false']);
  });

  it('RECORDING-3-1-7 DYNAMIC TRACKS CONFIGURATION', async () => {
    const token = await createRecording('Dynamic tracks test');
    const created = textAt(
      await dut.ok(
        'recording',
        'CreateTrack',
        `<trc:RecordingToken>${token}</trc:RecordingToken><trc:TrackConfiguration ${TT}><tt:TrackType>Video</tt:TrackType><tt:Description>second video</tt:Description></trc:TrackConfiguration>`,
      ),
      'TrackToken',
    )!;
    const tc = child(
      await dut.ok(
        'recording',
        'GetTrackConfiguration',
        `<trc:RecordingToken>${token}</trc:RecordingToken><trc:TrackToken>${created}</trc:TrackToken>`,
      ),
      'TrackConfiguration',
    )!;
    expect(textAt(tc, 'Description')).toBe('second video');
    await dut.ok(
      'recording',
      'DeleteTrack',
      `<trc:RecordingToken>${token}</trc:RecordingToken><trc:TrackToken>${created}</trc:TrackToken>`,
    );
    expect(
      await dut.fault(
        'recording',
        'GetTrackConfiguration',
        `<trc:RecordingToken>${token}</trc:RecordingToken><trc:TrackToken>${created}</trc:TrackToken>`,
      ),
    ).toBe('env:Sender ter:InvalidArgVal/ter:NoTrack');
    await dut.ok('recording', 'DeleteRecording', `<trc:RecordingToken>${token}</trc:RecordingToken>`);
  });

  it('RECORDING-4-1-11 SET RECORDINGS CONFIGURATION (MAXIMUM LENGTH OF RECORDING SOURCE INFORMATION) / RECORDING-4-1-12 DYNAMIC RECORDINGS CONFIGURATION (MAXIMUM LENGTH OF RECORDING SOURCE INFORMATION)', async () => {
    const caps = child(await dut.ok('device', 'GetCapabilities', '<tds:Category>All</tds:Category>'), 'Capabilities')!;
    const maxLength = Number(textAt(caps, 'Extension', 'Recording', 'MaxStringLength'));
    expect(maxLength).toBeGreaterThan(64);
    const long = 'x'.repeat(maxLength - 'Source Description'.length);
    const token = await createRecording('c'.repeat(maxLength), 'n'.repeat(64), long);
    const conf = child(
      await dut.ok('recording', 'GetRecordingConfiguration', `<trc:RecordingToken>${token}</trc:RecordingToken>`),
      'RecordingConfiguration',
    )!;
    expect(textAt(conf, 'Source', 'Description')).toHaveLength(maxLength);
    await dut.ok(
      'recording',
      'SetRecordingConfiguration',
      `<trc:RecordingToken>REC-cam-b</trc:RecordingToken><trc:RecordingConfiguration ${TT}>${configuration('d'.repeat(maxLength), 'm'.repeat(64))}</trc:RecordingConfiguration>`,
    );
    const changed = child(
      await dut.ok('recording', 'GetRecordingConfiguration', '<trc:RecordingToken>REC-cam-b</trc:RecordingToken>'),
      'RecordingConfiguration',
    )!;
    expect(textAt(changed, 'Content')).toHaveLength(maxLength);
    expect(
      await dut.fault(
        'recording',
        'SetRecordingConfiguration',
        `<trc:RecordingToken>REC-cam-b</trc:RecordingToken><trc:RecordingConfiguration ${TT}>${configuration('d'.repeat(maxLength + 1))}</trc:RecordingConfiguration>`,
      ),
    ).toBe('env:Sender ter:InvalidArgVal/ter:BadConfiguration');
    await dut.ok('recording', 'DeleteRecording', `<trc:RecordingToken>${token}</trc:RecordingToken>`);
    // The device's own recording was overwritten by a client: the hook says so.
    expect(fx.changes.find((c) => c.operation === 'SetRecordingConfiguration' && c.outcome === 'done')).toMatchObject({
      recordingToken: 'REC-cam-b',
      deviceRecording: true,
      user: ADMIN.username,
    });
  });

  const jobXml = (recording: string, mode: string, priority: number, track = 'VIDEO001'): string =>
    `<trc:JobConfiguration ${TT}><tt:RecordingToken>${recording}</tt:RecordingToken><tt:Mode>${mode}</tt:Mode><tt:Priority>${priority}</tt:Priority>` +
    `<tt:Source><tt:SourceToken Type="http://www.onvif.org/ver10/schema/Profile"><tt:Token>Profile_main</tt:Token></tt:SourceToken><tt:Tracks><tt:SourceTag>video</tt:SourceTag><tt:Destination>${track}</tt:Destination></tt:Tracks></tt:Source></trc:JobConfiguration>`;

  it('RECORDING-3-1-11 RECORDING JOB CONFIGURATION - DIFFERENT PRIORITIES (ON MEDIA PROFILE)', async () => {
    const token = await createRecording('Priorities test');
    const options = child(
      await dut.ok('recording', 'GetRecordingOptions', `<trc:RecordingToken>${token}</trc:RecordingToken>`),
      'Options',
    )!;
    expect(attr(child(options, 'Job'), 'CompatibleSources')?.split(' ')).toContain('Profile_main');
    const low = textAt(await dut.ok('recording', 'CreateRecordingJob', jobXml(token, 'Active', 1)), 'JobToken')!;
    const high = textAt(await dut.ok('recording', 'CreateRecordingJob', jobXml(token, 'Active', 10)), 'JobToken')!;
    for (const job of [low, high]) {
      const state = await dut.ok('recording', 'GetRecordingJobState', `<trc:JobToken>${job}</trc:JobToken>`);
      expect(textAt(state, 'State', 'State')).toBe('Active');
    }
    expect(
      textAt(
        await dut.ok('recording', 'GetRecordingJobConfiguration', `<trc:JobToken>${high}</trc:JobToken>`),
        'JobConfiguration',
        'Priority',
      ),
    ).toBe('10');
    const set = await dut.ok(
      'recording',
      'SetRecordingJobConfiguration',
      `<trc:JobToken>${low}</trc:JobToken>${jobXml(token, 'Active', 20)}`,
    );
    expect(textAt(set, 'JobConfiguration', 'Priority')).toBe('20');
    for (const job of [low, high])
      await dut.ok('recording', 'DeleteRecordingJob', `<trc:JobToken>${job}</trc:JobToken>`);
    await dut.ok('recording', 'DeleteRecording', `<trc:RecordingToken>${token}</trc:RecordingToken>`);
  });

  it("SetRecordingJobMode on the device's own job: Idle stops its recording, Active resumes it, and the hook hears each call", async () => {
    const job = children(await dut.ok('recording', 'GetRecordingJobs'), 'JobItem').find(
      (j) => textAt(j, 'JobConfiguration', 'RecordingToken') === 'REC-cam-a',
    )!;
    const jobToken = textAt(job, 'JobToken')!;
    const info = async (): Promise<string | undefined> =>
      textAt(
        await dut.ok('search', 'GetRecordingInformation', '<tse:RecordingToken>REC-cam-a</tse:RecordingToken>'),
        'RecordingInformation',
        'RecordingStatus',
      );
    expect(await info()).toBe('Recording');
    await dut.ok(
      'recording',
      'SetRecordingJobMode',
      `<trc:JobToken>${jobToken}</trc:JobToken><trc:Mode>Idle</trc:Mode>`,
    );
    expect(
      textAt(
        await dut.ok('recording', 'GetRecordingJobState', `<trc:JobToken>${jobToken}</trc:JobToken>`),
        'State',
        'State',
      ),
    ).toBe('Idle');
    expect(await info()).toBe('Stopped');
    await dut.ok(
      'recording',
      'SetRecordingJobMode',
      `<trc:JobToken>${jobToken}</trc:JobToken><trc:Mode>Active</trc:Mode>`,
    );
    expect(await info()).toBe('Recording');
    expect(
      await dut.fault(
        'recording',
        'SetRecordingJobMode',
        `<trc:JobToken>${jobToken}</trc:JobToken><trc:Mode>Paused</trc:Mode>`,
      ),
    ).toBe('env:Sender ter:InvalidArgVal/ter:BadMode');
    expect(
      fx.changes
        .filter((c) => c.operation === 'SetRecordingJobMode')
        .map((c) => `${c.outcome} ${c.recordingToken} ${c.deviceRecording} ${c.fault ?? ''}`),
    ).toEqual(['done REC-cam-a true ', 'done REC-cam-a true ', 'refused REC-cam-a true ter:InvalidArgVal/ter:BadMode']);
  });

  // ---- events (Recording Control §5.21) ----

  async function pullPoint(topic: string): Promise<string> {
    const el = await dut.ok(
      'events',
      'CreatePullPointSubscription',
      `<tev:Filter ${WSNT}><wsnt:TopicExpression Dialect="http://www.onvif.org/ver10/tev/topicExpression/ConcreteSet" xmlns:tns1="http://www.onvif.org/ver10/topics">${topic}</wsnt:TopicExpression></tev:Filter><tev:InitialTerminationTime>PT60S</tev:InitialTerminationTime>`,
    );
    return textAt(el, 'SubscriptionReference', 'Address')!;
  }

  interface Message {
    topic: string;
    operation: string | undefined;
    source: Record<string, string>;
    data: Record<string, string>;
    elements: string[];
  }

  /** PullMessages until nothing is left (the pull point answers from what it holds: time is virtual, so an empty one would park the poll). */
  async function pullAll(address: string, expected: number): Promise<Message[]> {
    const out: Message[] = [];
    for (let i = 0; i < expected; i++) {
      const reply = await httpRequest(
        address,
        'POST',
        soapEnvelope(
          `<tev:PullMessages ${TEV}><tev:Timeout>PT1S</tev:Timeout><tev:MessageLimit>1</tev:MessageLimit></tev:PullMessages>`,
          ADMIN,
        ),
      );
      expect(reply.status).toBe(200);
      responses.push({ name: 'events.PullMessages (recording)', xml: reply.body });
      for (const n of findAll(child(parseXml(reply.body), 'Body')!, 'NotificationMessage')) {
        const msg = findAll(n, 'Message').find((m) => m.ns === 'http://www.onvif.org/ver10/schema')!;
        const items = (part: string): Record<string, string> =>
          Object.fromEntries(
            children(child(msg, part), 'SimpleItem').map((s) => [attr(s, 'Name')!, attr(s, 'Value')!]),
          );
        out.push({
          topic: textAt(n, 'Topic')!,
          operation: attr(msg, 'PropertyOperation'),
          source: items('Source'),
          data: items('Data'),
          elements: children(child(msg, 'Data'), 'ElementItem').map((e) => attr(e, 'Name')!),
        });
      }
    }
    return out;
  }

  async function topicDescription(path: string[]): Promise<XmlElement> {
    let el = child(await dut.ok('events', 'GetEventProperties'), 'TopicSet');
    for (const p of path) el = child(el, p);
    expect(el, `topic ${path.join('/')} in GetEventProperties`).toBeDefined();
    return child(el, 'MessageDescription')!;
  }

  const items = (d: XmlElement, part: string, kind = 'SimpleItemDescription'): string[] =>
    children(child(d, part), kind).map((s) => `${attr(s, 'Name')}:${attr(s, 'Type')}`);

  it('RECORDING-5-1-6 RECORDING CONTROL – CREATE RECORDING EVENT / RECORDING-5-1-10 CREATE TRACK EVENT (CREATE RECORDING) / RECORDING-5-1-17 DELETE RECORDING EVENT / RECORDING-5-1-11 DELETE TRACK EVENT (DELETE RECORDING)', async () => {
    const create = await topicDescription(['RecordingConfig', 'CreateRecording']);
    expect(attr(create, 'IsProperty')).toBe('false');
    expect(items(create, 'Source')).toEqual(['RecordingToken:tt:RecordingReference']);
    expect(items(await topicDescription(['RecordingConfig', 'CreateTrack']), 'Source')).toEqual([
      'RecordingToken:tt:RecordingReference',
      'TrackToken:tt:TrackReference',
    ]);
    const address = await pullPoint(
      'tns1:RecordingConfig/CreateRecording|tns1:RecordingConfig/CreateTrack|tns1:RecordingConfig/DeleteRecording|tns1:RecordingConfig/DeleteTrack',
    );
    const token = await createRecording('Create recording event test');
    await dut.ok('recording', 'DeleteRecording', `<trc:RecordingToken>${token}</trc:RecordingToken>`);
    const got = await pullAll(address, 4);
    expect(got.map((m) => `${m.topic} ${m.source.RecordingToken} ${m.source.TrackToken ?? ''}`)).toEqual([
      `tns1:RecordingConfig/CreateRecording ${token} `,
      `tns1:RecordingConfig/CreateTrack ${token} VIDEO001`,
      `tns1:RecordingConfig/DeleteTrack ${token} VIDEO001`,
      `tns1:RecordingConfig/DeleteRecording ${token} `,
    ]);
  });

  it('RECORDING-5-1-8 RECORDING CONTROL – CREATE TRACK EVENT / RECORDING-5-1-15 CREATE TRACK EVENT (CREATE TRACK) / RECORDING-5-1-9 DELETE TRACK EVENT / RECORDING-5-1-16 DELETE TRACK EVENT (DELETE TRACK) / RECORDING-5-1-4 TRACK CONFIGURATION EVENT', async () => {
    const token = await createRecording('Track events test');
    expect(
      items(await topicDescription(['RecordingConfig', 'TrackConfiguration']), 'Data', 'ElementItemDescription'),
    ).toEqual(['Configuration:tt:TrackConfiguration']);
    const address = await pullPoint(
      'tns1:RecordingConfig/CreateTrack|tns1:RecordingConfig/DeleteTrack|tns1:RecordingConfig/TrackConfiguration',
    );
    const track = textAt(
      await dut.ok(
        'recording',
        'CreateTrack',
        `<trc:RecordingToken>${token}</trc:RecordingToken><trc:TrackConfiguration ${TT}><tt:TrackType>Video</tt:TrackType><tt:Description>v2</tt:Description></trc:TrackConfiguration>`,
      ),
      'TrackToken',
    )!;
    await dut.ok(
      'recording',
      'SetTrackConfiguration',
      `<trc:RecordingToken>${token}</trc:RecordingToken><trc:TrackToken>${track}</trc:TrackToken><trc:TrackConfiguration ${TT}><tt:TrackType>Video</tt:TrackType><tt:Description>renamed</tt:Description></trc:TrackConfiguration>`,
    );
    await dut.ok(
      'recording',
      'DeleteTrack',
      `<trc:RecordingToken>${token}</trc:RecordingToken><trc:TrackToken>${track}</trc:TrackToken>`,
    );
    const got = await pullAll(address, 3);
    expect(got.map((m) => `${m.topic} ${m.source.TrackToken} ${m.elements.join(',')}`)).toEqual([
      `tns1:RecordingConfig/CreateTrack ${track} `,
      `tns1:RecordingConfig/TrackConfiguration ${track} Configuration`,
      `tns1:RecordingConfig/DeleteTrack ${track} `,
    ]);
    await dut.ok('recording', 'DeleteRecording', `<trc:RecordingToken>${token}</trc:RecordingToken>`);
  });

  it('RECORDING-5-1-3 RECORDING CONTROL – RECORDING CONFIGURATION EVENT', async () => {
    const d = await topicDescription(['RecordingConfig', 'RecordingConfiguration']);
    expect(attr(d, 'IsProperty')).toBe('false');
    expect(items(d, 'Data', 'ElementItemDescription')).toEqual(['Configuration:tt:RecordingConfiguration']);
    const address = await pullPoint('tns1:RecordingConfig/RecordingConfiguration');
    await dut.ok(
      'recording',
      'SetRecordingConfiguration',
      `<trc:RecordingToken>REC-cam-a</trc:RecordingToken><trc:RecordingConfiguration ${TT}>${configuration('continuous', 'Renamed camera')}</trc:RecordingConfiguration>`,
    );
    const [m] = await pullAll(address, 1);
    expect(m).toMatchObject({
      topic: 'tns1:RecordingConfig/RecordingConfiguration',
      source: { RecordingToken: 'REC-cam-a' },
      elements: ['Configuration'],
    });
  });

  it('RECORDING-5-1-18 RECORDING CONTROL – JOB STATE EVENT / RECORDING-5-1-19 JOB STATE CHANGE EVENT / RECORDING-5-1-20 RECORDING JOB CONFIGURATION EVENT', async () => {
    const state = await topicDescription(['RecordingConfig', 'JobState']);
    expect(attr(state, 'IsProperty')).toBe('true');
    expect(items(state, 'Source')).toEqual(['RecordingJobToken:tt:RecordingJobReference']);
    expect(items(state, 'Data')).toEqual(['State:xs:string']);
    const token = await createRecording('Job state test');
    const address = await pullPoint('tns1:RecordingConfig/JobState|tns1:RecordingConfig/RecordingJobConfiguration');
    const job = textAt(await dut.ok('recording', 'CreateRecordingJob', jobXml(token, 'Idle', 1)), 'JobToken')!;
    await dut.ok('recording', 'SetRecordingJobMode', `<trc:JobToken>${job}</trc:JobToken><trc:Mode>Active</trc:Mode>`);
    await dut.ok('recording', 'SetRecordingJobMode', `<trc:JobToken>${job}</trc:JobToken><trc:Mode>Idle</trc:Mode>`);
    await dut.ok(
      'recording',
      'SetRecordingJobConfiguration',
      `<trc:JobToken>${job}</trc:JobToken>${jobXml(token, 'Idle', 5)}`,
    );
    // The device's own two jobs come first, as Initialized properties.
    const got = await pullAll(address, 6);
    expect(got.filter((m) => m.operation === 'Initialized').map((m) => m.data.State)).toEqual(['Active', 'Active']);
    expect(
      got
        .filter((m) => m.operation === 'Changed')
        .map((m) => `${m.topic} ${m.source.RecordingJobToken} ${m.data.State ?? m.elements.join(',')}`),
    ).toEqual([
      `tns1:RecordingConfig/RecordingJobConfiguration ${job} Configuration`,
      `tns1:RecordingConfig/JobState ${job} Active`,
      `tns1:RecordingConfig/JobState ${job} Idle`,
      `tns1:RecordingConfig/RecordingJobConfiguration ${job} Configuration`,
    ]);
    // A new subscriber is told the job's state first (a property, Initialized).
    const late = await pullPoint('tns1:RecordingConfig/JobState');
    const initial = (await pullAll(late, 3)).find((m) => m.source.RecordingJobToken === job);
    expect(initial).toMatchObject({ operation: 'Initialized', data: { State: 'Idle' } });
    await dut.ok('recording', 'DeleteRecordingJob', `<trc:JobToken>${job}</trc:JobToken>`);
    await dut.ok('recording', 'DeleteRecording', `<trc:RecordingToken>${token}</trc:RecordingToken>`);
  });
});

describe('ONVIF Recording Search Device Test Specification', () => {
  freshDevice();

  it('SEARCH-1-1-1 RECORDING SEARCH SERVICE CAPABILITIES / SEARCH-1-1-2 GET SERVICES AND GET RECORDING SEARCH SERVICE CAPABILITIES CONSISTENCY', async () => {
    const caps = child(await dut.ok('search', 'GetServiceCapabilities'), 'Capabilities')!;
    expect(attr(caps, 'MetadataSearch')).toBe('false');
    expect((await serviceCapabilities('http://www.onvif.org/ver10/search/wsdl'))?.attrs).toEqual(caps.attrs);
  });

  it('SEARCH-4-1-1 GET RECORDING SUMMARY', async () => {
    const s = child(await dut.ok('search', 'GetRecordingSummary'), 'Summary')!;
    expect(ms(textAt(s, 'DataFrom'))).toBe(t0 - 120 * MINUTE_MS);
    expect(ms(textAt(s, 'DataUntil'))).toBe(t0);
    expect(textAt(s, 'NumberRecordings')).toBe('2');
  });

  it('SEARCH-2-1-3 GET RECORDING SEARCH RESULTS WITH MINRESULTS / SEARCH-2-1-4 GET RECORDING SEARCH RESULTS WITH MAXRESULTS / SEARCH-2-1-5 GET RECORDING SEARCH RESULTS WITH WAITTIME', async () => {
    const all = (await searchRecordings()).map((r) => textAt(r, 'RecordingToken'));
    expect(all).toEqual(['REC-cam-a', 'REC-cam-b']);
    expect(
      (await searchRecordings('', '', '<tse:MinResults>3</tse:MinResults>')).map((r) => textAt(r, 'RecordingToken')),
    ).toEqual(all);
    // MaxResults = 1: one per page, Searching until the last.
    const token = textAt(await dut.ok('search', 'FindRecordings', `<tse:Scope/>${keepAlive()}`), 'SearchToken')!;
    const page = async (): Promise<XmlElement> =>
      child(
        await dut.ok(
          'search',
          'GetRecordingSearchResults',
          `<tse:SearchToken>${token}</tse:SearchToken><tse:MaxResults>1</tse:MaxResults><tse:WaitTime>PT1S</tse:WaitTime>`,
        ),
        'ResultList',
      )!;
    const first = await page();
    expect(children(first, 'RecordingInformation')).toHaveLength(1);
    expect(textAt(first, 'SearchState')).toBe('Searching');
    const second = await page();
    expect(children(second, 'RecordingInformation')).toHaveLength(1);
    expect(textAt(second, 'SearchState')).toBe('Completed');
    await dut.ok('search', 'EndSearch', `<tse:SearchToken>${token}</tse:SearchToken>`);
  });

  it('SEARCH-2-1-7 FIND RECORDINGS WITH MAXMATCHES', async () => {
    expect(await searchRecordings('', '<tse:MaxMatches>1</tse:MaxMatches>')).toHaveLength(1);
  });

  it('SEARCH-2-1-8 FIND RECORDINGS WITH RECORDING INFORMATION FILTER (ONLY VIDEO) / SEARCH-2-1-13 (ONLY AUDIO) / SEARCH-2-1-14 (ONLY METADATA) / SEARCH-2-1-15 (VIDEO AND AUDIO) / SEARCH-2-1-16 (VIDEO AND METADATA)', async () => {
    // A client-made recording with an audio and a metadata track besides its video one.
    const token = textAt(
      await dut.ok(
        'recording',
        'CreateRecording',
        `<trc:RecordingConfiguration ${TT}><tt:Source><tt:SourceId>urn:x</tt:SourceId><tt:Name>n</tt:Name><tt:Location>l</tt:Location><tt:Description>d</tt:Description><tt:Address>urn:x</tt:Address></tt:Source><tt:Content>av</tt:Content><tt:MaximumRetentionTime>PT0S</tt:MaximumRetentionTime></trc:RecordingConfiguration>`,
      ),
      'RecordingToken',
    )!;
    for (const type of ['Audio', 'Metadata'])
      await dut.ok(
        'recording',
        'CreateTrack',
        `<trc:RecordingToken>${token}</trc:RecordingToken><trc:TrackConfiguration ${TT}><tt:TrackType>${type}</tt:TrackType><tt:Description>${type}</tt:Description></trc:TrackConfiguration>`,
      );
    const found = async (filter: string): Promise<string[]> =>
      (
        await searchRecordings(
          `<tt:RecordingInformationFilter>${filter.replaceAll('"', '&quot;')}</tt:RecordingInformationFilter>`,
        )
      ).map((r) => textAt(r, 'RecordingToken')!);
    expect(await found('boolean(//Track[TrackType = "Video"])')).toEqual(['REC-cam-a', 'REC-cam-b', token]);
    expect(await found('boolean(//Track[TrackType = "Audio"])')).toEqual([token]);
    expect(await found('boolean(//Track[TrackType = "Metadata"])')).toEqual([token]);
    expect(await found('boolean(//Track[TrackType = "Video"]) and boolean(//Track[TrackType = "Audio"])')).toEqual([
      token,
    ]);
    expect(await found('boolean(//Track[TrackType = "Video"]) and boolean(//Track[TrackType = "Metadata"])')).toEqual([
      token,
    ]);
    expect(await found('boolean(//Track[TrackToken = "NonExistingToken"])')).toEqual([]);
    expect(
      await dut.fault(
        'search',
        'FindRecordings',
        `<tse:Scope ${TT}><tt:RecordingInformationFilter>count(//Track) &gt; 1</tt:RecordingInformationFilter></tse:Scope>${keepAlive()}`,
      ),
    ).toBe('env:Sender ter:InvalidArgVal/ter:InvalidSearchScope');
    await dut.ok('recording', 'DeleteRecording', `<trc:RecordingToken>${token}</trc:RecordingToken>`);
  });

  it('SEARCH-2-1-10 GET RECORDING SEARCH RESULTS WITH INVALID SEARCHTOKEN / SEARCH-2-1-11 END SEARCH WITH INVALID SEARCHTOKEN / SEARCH-2-1-12 GET RECORDING SEARCH RESULTS AFTER END OF SEARCH (ENDSEARCH COMMAND WAS INVOKED)', async () => {
    expect(
      await dut.fault('search', 'GetRecordingSearchResults', '<tse:SearchToken>NoSuchSearch</tse:SearchToken>'),
    ).toBe('env:Sender ter:InvalidArgVal/ter:InvalidToken');
    expect(await dut.fault('search', 'EndSearch', '<tse:SearchToken>NoSuchSearch</tse:SearchToken>')).toBe(
      'env:Sender ter:InvalidArgVal/ter:InvalidToken',
    );
    const token = textAt(await dut.ok('search', 'FindRecordings', `<tse:Scope/>${keepAlive()}`), 'SearchToken')!;
    expect(
      ms(textAt(await dut.ok('search', 'EndSearch', `<tse:SearchToken>${token}</tse:SearchToken>`), 'Endpoint')),
    ).toBe(t0);
    expect(await dut.fault('search', 'GetRecordingSearchResults', `<tse:SearchToken>${token}</tse:SearchToken>`)).toBe(
      'env:Sender ter:InvalidArgVal/ter:InvalidToken',
    );
  });

  it('SEARCH-2-1-17 GET RECORDING SEARCH RESULTS AND GET RECORDINGS CONSISTENCY / SEARCH-2-1-18 GET RECORDING SEARCH RESULTS AND GET RECORDING INFORMATION CONSISTENCY', async () => {
    const items = children(await dut.ok('recording', 'GetRecordings'), 'RecordingItem');
    const found = await searchRecordings();
    expect(found.map((r) => textAt(r, 'RecordingToken'))).toEqual(items.map((i) => textAt(i, 'RecordingToken')));
    for (const [i, r] of found.entries()) {
      expect(textAt(r, 'Source', 'SourceId')).toBe(textAt(items[i]!, 'Configuration', 'Source', 'SourceId'));
      expect(children(r, 'Track').map((t) => textAt(t, 'TrackToken'))).toEqual(
        children(child(items[i]!, 'Tracks'), 'Track').map((t) => textAt(t, 'TrackToken')),
      );
      const info = child(
        await dut.ok(
          'search',
          'GetRecordingInformation',
          `<tse:RecordingToken>${textAt(r, 'RecordingToken')}</tse:RecordingToken>`,
        ),
        'RecordingInformation',
      )!;
      for (const field of ['EarliestRecording', 'LatestRecording', 'Content', 'RecordingStatus'])
        expect(textAt(info, field)).toBe(textAt(r, field));
      // EarliestRecording is the earliest DataFrom of its tracks, LatestRecording the latest DataTo.
      expect(textAt(r, 'EarliestRecording')).toBe(
        children(r, 'Track')
          .map((t) => textAt(t, 'DataFrom')!)
          .sort()[0],
      );
    }
    expect(textAt(found[0]!, 'RecordingStatus')).toBe('Recording');
    expect(textAt(found[1]!, 'RecordingStatus')).toBe('Stopped');
    expect(ms(textAt(found[1]!, 'LatestRecording'))).toBe(t0 - 30 * MINUTE_MS);
    expect(
      await dut.fault('search', 'GetRecordingInformation', '<tse:RecordingToken>NoSuchRecording</tse:RecordingToken>'),
    ).toBe('env:Sender ter:InvalidArgVal/ter:InvalidToken');
  });

  it('SEARCH-2-1-19 RECORDINGS SEARCH - KEEP ALIVE / SEARCH-2-1-20 RECORDINGS SEARCH EXPIRATION / SEARCH-3-1-15 EVENTS SEARCH - KEEP ALIVE / SEARCH-3-1-16 EVENTS SEARCH EXPIRATION', async () => {
    const start = async (operation: string, inner: string): Promise<string> =>
      textAt(await dut.ok('search', operation, inner), 'SearchToken')!;
    const recordings = await start('FindRecordings', `<tse:Scope/>${keepAlive('PT10S')}`);
    const events = await start(
      'FindEvents',
      `<tse:StartPoint>${iso(t0 - 3 * 60 * MINUTE_MS)}</tse:StartPoint><tse:Scope/><tse:SearchFilter/><tse:IncludeStartState>false</tse:IncludeStartState>${keepAlive('PT10S')}`,
    );
    clock.advance(9_000);
    await dut.ok(
      'search',
      'GetRecordingSearchResults',
      `<tse:SearchToken>${recordings}</tse:SearchToken><tse:WaitTime>PT5S</tse:WaitTime>`,
    );
    await dut.ok(
      'search',
      'GetEventSearchResults',
      `<tse:SearchToken>${events}</tse:SearchToken><tse:WaitTime>PT5S</tse:WaitTime>`,
    );
    // Each use renews the keep-alive: 9 s more is still inside it, 11 s more is past it.
    clock.advance(9_000);
    expect(
      textAt(await dut.ok('search', 'GetSearchState', `<tse:SearchToken>${recordings}</tse:SearchToken>`), 'State'),
    ).toBe('Completed');
    clock.advance(11_000);
    expect(
      await dut.fault(
        'search',
        'GetRecordingSearchResults',
        `<tse:SearchToken>${recordings}</tse:SearchToken><tse:WaitTime>PT5S</tse:WaitTime>`,
      ),
    ).toBe('env:Sender ter:InvalidArgVal/ter:InvalidToken');
    expect(
      await dut.fault(
        'search',
        'GetEventSearchResults',
        `<tse:SearchToken>${events}</tse:SearchToken><tse:WaitTime>PT5S</tse:WaitTime>`,
      ),
    ).toBe('env:Sender ter:InvalidArgVal/ter:InvalidToken');
    expect(fx.profileG.searches.size).toBe(0);
  });

  it('SEARCH-3-1-5 FIND EVENTS (MAXMATCHES = 1) / SEARCH-3-1-10 GET EVENT SEARCH RESULTS WITH INVALID SEARCHTOKEN', async () => {
    expect(
      await searchEvents(t0 - 3 * 60 * MINUTE_MS, t0, false, '', '<tse:MaxMatches>1</tse:MaxMatches>'),
    ).toHaveLength(1);
    expect(await dut.fault('search', 'GetEventSearchResults', '<tse:SearchToken>NoSuchSearch</tse:SearchToken>')).toBe(
      'env:Sender ter:InvalidArgVal/ter:InvalidToken',
    );
  });

  const scopeA = '<tt:IncludedRecordings>REC-cam-a</tt:IncludedRecordings>';

  it('SEARCH-3-1-11 FIND EVENTS – FORWARD AND BACKWARD SEARCH (SEARCH ENDPOINTS INSIDE RECORDING ENDPOINTS): the state at StartPoint, then the gap of REC-cam-a as false then true', async () => {
    const info = child(
      await dut.ok('search', 'GetRecordingInformation', '<tse:RecordingToken>REC-cam-a</tse:RecordingToken>'),
      'RecordingInformation',
    )!;
    const t1 = ms(textAt(info, 'EarliestRecording'));
    const t2 = ms(textAt(info, 'LatestRecording'));
    const forward = await searchEvents(t1 + MINUTE_MS, t2 - MINUTE_MS, true, scopeA);
    expect(forward.filter((e) => e.startState).map((e) => `${e.topic} ${e.value} ${e.timeMs - t1}`)).toEqual([
      `tns1:RecordingHistory/Recording/State true ${MINUTE_MS}`,
      `tns1:RecordingHistory/Track/State true ${MINUTE_MS}`,
    ]);
    const edges = forward.filter((e) => !e.startState && e.topic.endsWith('Track/State'));
    expect(edges.map((e) => `${e.value} ${(t0 - e.timeMs) / MINUTE_MS}`)).toEqual(['false 60', 'true 40']);
    expect(forward.every((e) => e.timeMs >= t1 + MINUTE_MS && e.timeMs <= t2 - MINUTE_MS)).toBe(true);
    const backward = await searchEvents(t2 - MINUTE_MS, t1 + MINUTE_MS, true, scopeA);
    expect(
      backward
        .filter((e) => !e.startState && e.topic.endsWith('Track/State'))
        .map((e) => `${e.value} ${(t0 - e.timeMs) / MINUTE_MS}`),
    ).toEqual(['true 40', 'false 60']);
    expect(backward.filter((e) => e.startState).every((e) => e.timeMs === t2 - MINUTE_MS)).toBe(true);
  });

  it('SEARCH-3-1-13 FIND EVENTS – FORWARD AND BACKWARD SEARCH (SEARCH ENDPOINTS EQUAL TO RECORDING ENDPOINTS) / SEARCH-3-1-14 (SEARCH ENDPOINTS OUTSIDE RECORDING ENDPOINTS)', async () => {
    const t1 = t0 - 120 * MINUTE_MS;
    const equal = await searchEvents(t1, t0, true, scopeA);
    // At StartPoint the recording starts: the start state says so, and no second event repeats it.
    expect(
      equal
        .filter((e) => e.topic.endsWith('Track/State'))
        .map((e) => `${e.startState} ${e.value} ${(t0 - e.timeMs) / MINUTE_MS}`),
    ).toEqual(['true true 120', 'false false 60', 'false true 40']);
    const outside = await searchEvents(t1 - 10 * MINUTE_MS, t0 + 10 * MINUTE_MS, false, scopeA);
    expect(
      outside.filter((e) => e.topic.endsWith('Track/State')).map((e) => `${e.value} ${(t0 - e.timeMs) / MINUTE_MS}`),
    ).toEqual(['true 120', 'false 60', 'true 40']);
    const backward = await searchEvents(t0 + 10 * MINUTE_MS, t1 - 10 * MINUTE_MS, true, scopeA);
    expect(backward.filter((e) => e.topic.endsWith('Track/State')).map((e) => `${e.startState} ${e.value}`)).toEqual([
      'true true',
      'false true',
      'false false',
      'false true',
    ]);
  });

  it('SEARCH-6-1-7 GET PTZ POSITION SEARCH RESULTS WITH INVALID SEARCHTOKEN / SEARCH-6-1-8 FIND PTZ POSITION – FORWARD AND BACKWARD SEARCH (SEARCH ENDPOINTS EQUAL TO RECORDING ENDPOINTS) / SEARCH-6-1-9 (SEARCH ENDPOINTS OUTSIDE RECORDING ENDPOINTS) / SEARCH-6-1-10 (SEARCH ENDPOINTS INSIDE RECORDING ENDPOINTS) / SEARCH-6-1-11 FIND PTZ POSITION (MAXMATCHES = 1) / SEARCH-6-1-12 FIND PTZ POSITIONS USING RECORDING INFORMATION FILTER / SEARCH-6-1-13 FIND PTZ POSITION – SEARCHING IN A CERTAIN POSITION / SEARCH-6-1-14 PTZ SEARCH - KEEP ALIVE / SEARCH-6-1-15 PTZ SEARCH EXPIRATION', async () => {
    expect(
      await dut.fault('search', 'GetPTZPositionSearchResults', '<tse:SearchToken>NoSuchSearch</tse:SearchToken>'),
    ).toBe('env:Sender ter:InvalidArgVal/ter:InvalidToken');
    const find = async (
      startMs: number,
      endMs: number,
      box: [number, number],
      enterOrExit: boolean,
      rest = '',
      scope = scopeA,
    ): Promise<Array<{ timeMs: number; pan: number }>> => {
      const token = textAt(
        await dut.ok(
          'search',
          'FindPTZPosition',
          `<tse:StartPoint>${iso(startMs)}</tse:StartPoint><tse:EndPoint>${iso(endMs)}</tse:EndPoint><tse:Scope ${TT}>${scope}</tse:Scope>` +
            `<tse:SearchFilter ${TT}><tt:MinPosition><tt:PanTilt x="${box[0]}" y="-1"/><tt:Zoom x="0"/></tt:MinPosition><tt:MaxPosition><tt:PanTilt x="${box[1]}" y="1"/><tt:Zoom x="1"/></tt:MaxPosition><tt:EnterOrExit>${enterOrExit}</tt:EnterOrExit></tse:SearchFilter>${rest}${keepAlive()}`,
        ),
        'SearchToken',
      )!;
      const list = child(
        await dut.ok(
          'search',
          'GetPTZPositionSearchResults',
          `<tse:SearchToken>${token}</tse:SearchToken><tse:MaxResults>100</tse:MaxResults><tse:WaitTime>PT5S</tse:WaitTime>`,
        ),
        'ResultList',
      )!;
      expect(textAt(list, 'SearchState')).toBe('Completed');
      return children(list, 'Result').map((r) => ({
        timeMs: ms(textAt(r, 'Time')),
        pan: Number(attr(child(child(r, 'Position'), 'PanTilt'), 'x')),
      }));
    };
    const t1 = t0 - 120 * MINUTE_MS;
    const all = await find(t1, t0, [-1, 1], false);
    expect(all).toHaveLength(61);
    const backward = await find(t0, t1, [-1, 1], false);
    expect(backward.map((r) => r.timeMs)).toEqual(all.map((r) => r.timeMs).reverse());
    expect(await find(t1, t0, [-1, 1], false, '<tse:MaxMatches>1</tse:MaxMatches>')).toHaveLength(1);
    // Panning from -1 to 1, the head is in [0, 0.5] for pan*30 in 0..15 and enters and leaves it once.
    expect((await find(t1, t0, [0, 0.5], false)).every((r) => r.pan >= 0 && r.pan <= 0.5)).toBe(true);
    expect((await find(t1, t0, [0, 0.5], true)).map((r) => Math.round((r.timeMs - t1) / MINUTE_MS))).toEqual([30, 46]);
    expect(await find(t1 - 10 * MINUTE_MS, t0 + 10 * MINUTE_MS, [-1, 1], false)).toHaveLength(61);
    expect(await find(t1 + 10 * MINUTE_MS, t1 + 50 * MINUTE_MS, [-1, 1], false)).toHaveLength(41);
    const audioOnly = `<tt:RecordingInformationFilter>boolean(//Track[TrackType = &quot;Audio&quot;])</tt:RecordingInformationFilter>`;
    expect(await find(t1, t0, [-1, 1], false, '<tse:MaxMatches>20</tse:MaxMatches>', audioOnly)).toEqual([]);
    expect(await find(t1, t0, [-1, 1], false, '<tse:MaxMatches>20</tse:MaxMatches>', '')).toHaveLength(20);
    // Keep-alive and expiry, on the virtual clock: a use within KeepAliveTime keeps the session, none past it ends it.
    const session = textAt(
      await dut.ok(
        'search',
        'FindPTZPosition',
        `<tse:StartPoint>${iso(t1)}</tse:StartPoint><tse:Scope/><tse:SearchFilter ${TT}><tt:MinPosition><tt:PanTilt x="-1" y="-1"/></tt:MinPosition><tt:MaxPosition><tt:PanTilt x="1" y="1"/></tt:MaxPosition><tt:EnterOrExit>false</tt:EnterOrExit></tse:SearchFilter>${keepAlive('PT10S')}`,
      ),
      'SearchToken',
    )!;
    const results = `<tse:SearchToken>${session}</tse:SearchToken><tse:WaitTime>PT5S</tse:WaitTime>`;
    clock.advance(9_000);
    await dut.ok('search', 'GetPTZPositionSearchResults', results);
    clock.advance(11_000);
    expect(await dut.fault('search', 'GetPTZPositionSearchResults', results)).toBe(
      'env:Sender ter:InvalidArgVal/ter:InvalidToken',
    );
  });
});

describe('ONVIF Replay Control Device Test Specification', () => {
  freshDevice();

  it('REPLAY-1-1-1 REPLAY SERVICE CAPABILITIES / REPLAY-1-1-2 GET SERVICES AND GET REPLAY SERVICE CAPABILITIES CONSISTENCY', async () => {
    const caps = child(await dut.ok('replay', 'GetServiceCapabilities'), 'Capabilities')!;
    expect(attr(caps, 'SessionTimeoutRange')).toBe('1 3600');
    expect((await serviceCapabilities('http://www.onvif.org/ver10/replay/wsdl'))?.attrs).toEqual(caps.attrs);
  });

  it('REPLAY-1-2-1 GETREPLAYURI COMMAND WITH INVALID RECORDING TOKEN, and GetReplayUri of a recording names its replay path on the RTSP server', async () => {
    const setup = `<trp:StreamSetup ${TT}><tt:Stream>RTP-Unicast</tt:Stream><tt:Transport><tt:Protocol>RTSP</tt:Protocol></tt:Transport></trp:StreamSetup>`;
    expect(
      await dut.fault('replay', 'GetReplayUri', `${setup}<trp:RecordingToken>NoSuchRecording</trp:RecordingToken>`),
    ).toBe('env:Sender ter:InvalidArgVal/ter:InvalidToken');
    const cam = fx.cameras[0]!;
    expect(
      textAt(
        await dut.ok('replay', 'GetReplayUri', `${setup}<trp:RecordingToken>REC-cam-a</trp:RecordingToken>`),
        'Uri',
      ),
    ).toBe(`rtsp://${cam.network.address}:${cam.network.rtspPort}${replayPath('REC-cam-a')}`);
  });

  it('REPLAY-4-1-1 REPLAY CONFIGURATION', async () => {
    const initial = textAt(await dut.ok('replay', 'GetReplayConfiguration'), 'Configuration', 'SessionTimeout');
    const next = initial === 'PT1S' ? 'PT3600S' : 'PT1S';
    await dut.ok(
      'replay',
      'SetReplayConfiguration',
      `<trp:Configuration ${TT}><tt:SessionTimeout>${next}</tt:SessionTimeout></trp:Configuration>`,
    );
    expect(textAt(await dut.ok('replay', 'GetReplayConfiguration'), 'Configuration', 'SessionTimeout')).toBe(next);
    expect(
      await dut.fault(
        'replay',
        'SetReplayConfiguration',
        `<trp:Configuration ${TT}><tt:SessionTimeout>PT7200S</tt:SessionTimeout></trp:Configuration>`,
      ),
    ).toBe('env:Sender ter:InvalidArgVal');
    await dut.ok(
      'replay',
      'SetReplayConfiguration',
      `<trp:Configuration ${TT}><tt:SessionTimeout>${initial}</tt:SessionTimeout></trp:Configuration>`,
    );
  });
});

describe.skipIf(!wsdlAvailable || !xmllint)('Profile G answers against the official schemas', () => {
  it('every answer above validates against onvif.xsd, recording.wsdl, search.wsdl, replay.wsdl and event.wsdl (xmllint)', async () => {
    const events = responses.filter((r) => r.name.startsWith('events.'));
    expect(events.length).toBeGreaterThan(5);
    expect(responses.length - events.length).toBeGreaterThan(30);
    expect(await schemaFailures(responses.filter((r) => !events.includes(r)))).toEqual([]);
    expect(await eventSchemaFailures(events)).toEqual([]);
  });
});
