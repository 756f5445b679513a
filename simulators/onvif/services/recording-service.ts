import { CatalogError, type CatalogRecording } from '../../recording/recording-catalog.ts';
import { SoapFault, faults } from '../../wire/soap-fault.ts';
import { esc } from '../../wire/soap-writer.ts';
import { child, textAt } from '../../wire/xml-element.ts';
import { type OnvifRequestContext, type OnvifService, type Operation, op } from '../onvif-service.ts';
import { type ProfileGDevice, type RecordingClientChange, profileGOf } from './profile-g.ts';
import {
  jobConfigurationXml,
  jobStateXml,
  readJobConfiguration,
  readRecordingConfiguration,
  readTrackConfiguration,
  recordingConfigurationXml,
  trackConfigurationXml,
  RECORDING_STRING_MAX_CHARS,
} from './recording-xml.ts';
import { profileToken } from './tokens.ts';

/** The Recording Control service (ONVIF Recording Control Specification; recording.wsdl). */
export const RECORDING_NS = 'http://www.onvif.org/ver10/recording/wsdl';
const XMLNS = ` xmlns:trc="${RECORDING_NS}"`;

/** Recording rate limits advertised (kbit/s): a 1080p stream at 4 Mbit/s fits many times over. */
const MAX_RATE_KBPS = 16_384;
const MAX_TOTAL_RATE_KBPS = 1_048_576;

export function recordingCapabilities(g: ProfileGDevice): string {
  const l = g.catalog.limits;
  return (
    `<trc:Capabilities${XMLNS} DynamicRecordings="true" DynamicTracks="true" Encoding="H264 H265" MaxRate="${MAX_RATE_KBPS}" MaxTotalRate="${MAX_TOTAL_RATE_KBPS}" ` +
    `MaxRecordings="${l.maxRecordings}" MaxRecordingJobs="${l.maxRecordingJobs}" Options="true" MetadataRecording="false" SupportedExportFileFormats=""/>`
  );
}

/** The fault a catalog refusal is answered with (Recording Control §5.x fault tables). */
export function catalogFault(err: CatalogError): SoapFault {
  switch (err.reason) {
    case 'no-recording':
      return faults.invalidArgVal('NoRecording', err.message);
    case 'no-track':
      return faults.invalidArgVal('NoTrack', err.message);
    case 'no-job':
      return faults.invalidArgVal('NoRecordingJob', err.message);
    case 'max-recordings':
      return faults.action('MaxRecordings', err.message);
    case 'max-tracks':
      return faults.action('MaxTracks', err.message);
    case 'max-jobs':
      return faults.action('MaxRecordingJobs', err.message);
    case 'bad-mode':
      return faults.invalidArgVal('BadMode', err.message);
    case 'bad-track':
    case 'bad-source':
    case 'duplicate':
      return faults.invalidArgVal('BadConfiguration', err.message);
  }
}

function device(ctx: OnvifRequestContext): ProfileGDevice {
  const g = profileGOf(ctx.camera);
  // The server routes here only when the service is offered, which is when the camera serves Profile G.
  if (g === undefined) throw faults.actionNotSupported('recording', ctx.req.operation);
  return g;
}

/** Runs a catalog call, answering a refusal with its ONVIF fault. */
function catalogCall<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof CatalogError) throw catalogFault(err);
    throw err;
  }
}

function token(ctx: OnvifRequestContext, name: string): string {
  const v = textAt(ctx.req.body, name);
  if (v === undefined || v === '')
    throw faults.invalidArgVal(
      name === 'JobToken' ? 'NoRecordingJob' : name === 'TrackToken' ? 'NoTrack' : 'NoRecording',
      `${name} is required`,
    );
  return v;
}

interface Touched {
  recordingToken?: string;
  trackToken?: string;
  jobToken?: string;
  deviceRecording?: boolean;
  camera?: string;
}

/** Notes the recording a call touches, and whether the device made it, before the call can delete it. */
function touch(g: ProfileGDevice, touched: Touched, recordingToken: string): string {
  touched.recordingToken = recordingToken;
  const rec = g.catalog.recording(recordingToken);
  if (rec !== undefined) touched.deviceRecording = rec.fromDevice;
  const camera = g.catalog.track(recordingToken)?.cameraId;
  if (camera !== undefined) touched.camera = camera;
  return recordingToken;
}

/**
 * An operation that changes or deletes recordings, tracks or jobs: whatever it does or is refused
 * is told to the device's onClientChange hook (the recorder observations), with what it touched.
 */
function changing(
  operation: string,
  handler: (ctx: OnvifRequestContext, g: ProfileGDevice, touched: Touched) => string,
): [string, Operation] {
  return [
    operation,
    op('ACTUATE', (ctx) => {
      const g = device(ctx);
      const touched: Touched = {};
      const tell = (outcome: RecordingClientChange['outcome'], fault?: string): void => {
        const change: RecordingClientChange = {
          atMs: ctx.nowMs,
          client: ctx.client,
          user: ctx.user?.username,
          operation,
          outcome,
          ...touched,
        };
        if (fault !== undefined) change.fault = fault;
        g.clientChange(change);
      };
      let body: string;
      try {
        body = handler(ctx, g, touched);
      } catch (err) {
        if (err instanceof SoapFault) tell('refused', err.subcode ?? err.code);
        throw err;
      }
      tell('done');
      return body;
    }),
  ];
}

function recordingItemXml(rec: CatalogRecording): string {
  let tracks = '';
  for (const t of rec.tracks.values())
    tracks += `<tt:Track><tt:TrackToken>${esc(t.token)}</tt:TrackToken><tt:Configuration>${trackConfigurationXml(t.configuration)}</tt:Configuration></tt:Track>`;
  return `<trc:RecordingItem><tt:RecordingToken>${esc(rec.token)}</tt:RecordingToken><tt:Configuration>${recordingConfigurationXml(rec.configuration)}</tt:Configuration><tt:Tracks>${tracks}</tt:Tracks></trc:RecordingItem>`;
}

function getRecordings(ctx: OnvifRequestContext): string {
  const g = device(ctx);
  let out = `<trc:GetRecordingsResponse${XMLNS}>`;
  for (const rec of g.catalog.recordings()) out += recordingItemXml(rec);
  return `${out}</trc:GetRecordingsResponse>`;
}

function getRecordingOptions(ctx: OnvifRequestContext): string {
  const g = device(ctx);
  const rec = catalogCall(() => g.catalog.mustRecording(token(ctx, 'RecordingToken')));
  const l = g.catalog.limits;
  let jobs = 0;
  for (const _ of g.catalog.jobs()) jobs++;
  const spareTracks = Math.max(0, l.maxTracksPerRecording - rec.tracks.size);
  const sources = ctx.device.profileNames().map(profileToken).join(' ');
  return (
    `<trc:GetRecordingOptionsResponse${XMLNS}><trc:Options><trc:Job Spare="${Math.max(0, l.maxRecordingJobs - jobs)}" CompatibleSources="${sources}"/>` +
    `<trc:Track SpareTotal="${spareTracks}" SpareVideo="${spareTracks}" SpareAudio="0" SpareMetadata="0"/></trc:Options></trc:GetRecordingOptionsResponse>`
  );
}

export const recordingService: OnvifService = {
  name: 'recording',
  ns: RECORDING_NS,
  offered: (camera) => profileGOf(camera) !== undefined,
  capabilities: (camera) => {
    const g = profileGOf(camera);
    return g === undefined ? '' : recordingCapabilities(g);
  },
  operations: new Map<string, Operation>([
    [
      'GetServiceCapabilities',
      op(
        'PRE_AUTH',
        (ctx) =>
          `<trc:GetServiceCapabilitiesResponse${XMLNS}>${recordingCapabilities(device(ctx))}</trc:GetServiceCapabilitiesResponse>`,
      ),
    ],
    ['GetRecordings', op('READ_MEDIA', getRecordings)],
    [
      'GetRecordingConfiguration',
      op('READ_MEDIA', (ctx) => {
        const rec = catalogCall(() => device(ctx).catalog.mustRecording(token(ctx, 'RecordingToken')));
        return `<trc:GetRecordingConfigurationResponse${XMLNS}><trc:RecordingConfiguration>${recordingConfigurationXml(rec.configuration)}</trc:RecordingConfiguration></trc:GetRecordingConfigurationResponse>`;
      }),
    ],
    changing('SetRecordingConfiguration', (ctx, g, touched) => {
      touch(g, touched, token(ctx, 'RecordingToken'));
      const configuration = readRecordingConfiguration(child(ctx.req.body, 'RecordingConfiguration'));
      catalogCall(() => g.catalog.setRecordingConfiguration(touched.recordingToken!, configuration));
      return `<trc:SetRecordingConfigurationResponse${XMLNS}/>`;
    }),
    changing('CreateRecording', (ctx, g, touched) => {
      const configuration = readRecordingConfiguration(child(ctx.req.body, 'RecordingConfiguration'));
      const rec = catalogCall(() => g.catalog.createRecording(configuration));
      touch(g, touched, rec.token);
      return `<trc:CreateRecordingResponse${XMLNS}><trc:RecordingToken>${esc(rec.token)}</trc:RecordingToken></trc:CreateRecordingResponse>`;
    }),
    changing('DeleteRecording', (ctx, g, touched) => {
      touch(g, touched, token(ctx, 'RecordingToken'));
      catalogCall(() => g.catalog.deleteRecording(touched.recordingToken!));
      return `<trc:DeleteRecordingResponse${XMLNS}/>`;
    }),
    changing('CreateTrack', (ctx, g, touched) => {
      touch(g, touched, token(ctx, 'RecordingToken'));
      const configuration = readTrackConfiguration(child(ctx.req.body, 'TrackConfiguration'));
      const track = catalogCall(() => g.catalog.createTrack(touched.recordingToken!, configuration));
      touched.trackToken = track.token;
      return `<trc:CreateTrackResponse${XMLNS}><trc:TrackToken>${esc(track.token)}</trc:TrackToken></trc:CreateTrackResponse>`;
    }),
    changing('DeleteTrack', (ctx, g, touched) => {
      touch(g, touched, token(ctx, 'RecordingToken'));
      touched.trackToken = token(ctx, 'TrackToken');
      catalogCall(() => g.catalog.deleteTrack(touched.recordingToken!, touched.trackToken!));
      return `<trc:DeleteTrackResponse${XMLNS}/>`;
    }),
    [
      'GetTrackConfiguration',
      op('READ_MEDIA', (ctx) => {
        const track = catalogCall(() =>
          device(ctx).catalog.trackOf(token(ctx, 'RecordingToken'), token(ctx, 'TrackToken')),
        );
        return `<trc:GetTrackConfigurationResponse${XMLNS}><trc:TrackConfiguration>${trackConfigurationXml(track.configuration)}</trc:TrackConfiguration></trc:GetTrackConfigurationResponse>`;
      }),
    ],
    changing('SetTrackConfiguration', (ctx, g, touched) => {
      touch(g, touched, token(ctx, 'RecordingToken'));
      touched.trackToken = token(ctx, 'TrackToken');
      const configuration = readTrackConfiguration(child(ctx.req.body, 'TrackConfiguration'));
      catalogCall(() => g.catalog.setTrackConfiguration(touched.recordingToken!, touched.trackToken!, configuration));
      return `<trc:SetTrackConfigurationResponse${XMLNS}/>`;
    }),
    changing('CreateRecordingJob', (ctx, g, touched) => {
      const configuration = readJobConfiguration(child(ctx.req.body, 'JobConfiguration'));
      touch(g, touched, configuration.recordingToken);
      const job = catalogCall(() => g.catalog.createRecordingJob(configuration));
      touched.jobToken = job.token;
      return `<trc:CreateRecordingJobResponse${XMLNS}><trc:JobToken>${esc(job.token)}</trc:JobToken><trc:JobConfiguration>${jobConfigurationXml(job.configuration)}</trc:JobConfiguration></trc:CreateRecordingJobResponse>`;
    }),
    changing('DeleteRecordingJob', (ctx, g, touched) => {
      touched.jobToken = token(ctx, 'JobToken');
      const recordingToken = g.catalog.job(touched.jobToken)?.configuration.recordingToken;
      if (recordingToken !== undefined) touch(g, touched, recordingToken);
      catalogCall(() => g.catalog.deleteRecordingJob(touched.jobToken!));
      return `<trc:DeleteRecordingJobResponse${XMLNS}/>`;
    }),
    [
      'GetRecordingJobs',
      op('READ_MEDIA', (ctx) => {
        let out = `<trc:GetRecordingJobsResponse${XMLNS}>`;
        for (const job of device(ctx).catalog.jobs())
          out += `<trc:JobItem><tt:JobToken>${esc(job.token)}</tt:JobToken><tt:JobConfiguration>${jobConfigurationXml(job.configuration)}</tt:JobConfiguration></trc:JobItem>`;
        return `${out}</trc:GetRecordingJobsResponse>`;
      }),
    ],
    changing('SetRecordingJobConfiguration', (ctx, g, touched) => {
      touched.jobToken = token(ctx, 'JobToken');
      const configuration = readJobConfiguration(child(ctx.req.body, 'JobConfiguration'));
      touch(g, touched, configuration.recordingToken);
      catalogCall(() => g.catalog.setRecordingJobConfiguration(touched.jobToken!, configuration));
      return `<trc:SetRecordingJobConfigurationResponse${XMLNS}><trc:JobConfiguration>${jobConfigurationXml(configuration)}</trc:JobConfiguration></trc:SetRecordingJobConfigurationResponse>`;
    }),
    [
      'GetRecordingJobConfiguration',
      op('READ_MEDIA', (ctx) => {
        const job = catalogCall(() => device(ctx).catalog.mustJob(token(ctx, 'JobToken')));
        return `<trc:GetRecordingJobConfigurationResponse${XMLNS}><trc:JobConfiguration>${jobConfigurationXml(job.configuration)}</trc:JobConfiguration></trc:GetRecordingJobConfigurationResponse>`;
      }),
    ],
    changing('SetRecordingJobMode', (ctx, g, touched) => {
      touched.jobToken = token(ctx, 'JobToken');
      const mode = textAt(ctx.req.body, 'Mode') ?? '';
      if (mode.length > RECORDING_STRING_MAX_CHARS)
        throw faults.invalidArgVal('BadMode', `Mode is ${mode.length} characters`);
      const job = catalogCall(() => g.catalog.mustJob(touched.jobToken!));
      touch(g, touched, job.configuration.recordingToken);
      catalogCall(() => g.catalog.setRecordingJobMode(touched.jobToken!, mode));
      return `<trc:SetRecordingJobModeResponse${XMLNS}/>`;
    }),
    [
      'GetRecordingJobState',
      op('READ_MEDIA', (ctx) => {
        const job = catalogCall(() => device(ctx).catalog.mustJob(token(ctx, 'JobToken')));
        return `<trc:GetRecordingJobStateResponse${XMLNS}><trc:State>${jobStateXml(job)}</trc:State></trc:GetRecordingJobStateResponse>`;
      }),
    ],
    ['GetRecordingOptions', op('READ_MEDIA', getRecordingOptions)],
  ]),
};
