import type {
  CatalogRecording,
  CatalogTrack,
  RecordingCatalog,
  RecordingConfiguration,
  RecordingJob,
  RecordingJobConfiguration,
  RecordingJobSource,
  TrackConfiguration,
} from '../../recording/recording-catalog.ts';
import { RECEIVER_SOURCE_TYPE } from '../../recording/recording-catalog.ts';
import { faults } from '../../wire/soap-fault.ts';
import { esc, isoTime } from '../../wire/soap-writer.ts';
import { type XmlElement, attr, child, children, textAt } from '../../wire/xml-element.ts';
import { XS_DURATION_MAX_MS, formatXsDurationMs, parseXsDurationMs } from '../xs-duration.ts';

/**
 * onvif.xsd's recording types as XML (writers) and read from requests (readers that refuse what
 * the schema refuses, with ter:InvalidArgVal). Recording times are the run's clock as xs:dateTime
 * UTC: the clock of SEI sendTimeMs, so a search answer and a replayed frame name the same instant.
 */

/** tt:Name's maxLength; the Recording capabilities' MaxStringLength for the other strings. */
export const NAME_MAX_CHARS = 64;
export const RECORDING_STRING_MAX_CHARS = 256;
/** Longest MaximumRetentionTime accepted: a year (a device keeps nothing longer). */
const RETENTION_MAX_MS = 365 * XS_DURATION_MAX_MS;

export function recordingSourceXml(s: RecordingConfiguration['source']): string {
  return (
    `<tt:SourceId>${esc(s.sourceId)}</tt:SourceId><tt:Name>${esc(s.name)}</tt:Name><tt:Location>${esc(s.location)}</tt:Location>` +
    `<tt:Description>${esc(s.description)}</tt:Description><tt:Address>${esc(s.address)}</tt:Address>`
  );
}

/** The content of a tt:RecordingConfiguration (the caller writes the element it sits in). */
export function recordingConfigurationXml(c: RecordingConfiguration): string {
  return `<tt:Source>${recordingSourceXml(c.source)}</tt:Source><tt:Content>${esc(c.content)}</tt:Content><tt:MaximumRetentionTime>${formatXsDurationMs(c.maximumRetentionTimeMs)}</tt:MaximumRetentionTime>`;
}

export function trackConfigurationXml(c: TrackConfiguration): string {
  return `<tt:TrackType>${c.trackType}</tt:TrackType><tt:Description>${esc(c.description)}</tt:Description>`;
}

function jobSourceXml(s: RecordingJobSource): string {
  let out = '';
  if (s.sourceToken !== undefined)
    out += `<tt:SourceToken Type="${esc(s.sourceToken.type)}"><tt:Token>${esc(s.sourceToken.token)}</tt:Token></tt:SourceToken>`;
  if (s.autoCreateReceiver !== undefined)
    out += `<tt:AutoCreateReceiver>${s.autoCreateReceiver}</tt:AutoCreateReceiver>`;
  for (const t of s.tracks)
    out += `<tt:Tracks><tt:SourceTag>${esc(t.sourceTag)}</tt:SourceTag><tt:Destination>${esc(t.destination)}</tt:Destination></tt:Tracks>`;
  return `<tt:Source>${out}</tt:Source>`;
}

/** The content of a tt:RecordingJobConfiguration. */
export function jobConfigurationXml(c: RecordingJobConfiguration): string {
  return `<tt:RecordingToken>${esc(c.recordingToken)}</tt:RecordingToken><tt:Mode>${c.mode}</tt:Mode><tt:Priority>${c.priority}</tt:Priority>${c.sources.map(jobSourceXml).join('')}`;
}

/** The content of a tt:RecordingJobStateInformation: the job's state, per source and per track. */
export function jobStateXml(job: RecordingJob): string {
  const state = job.configuration.mode;
  let out = `<tt:RecordingToken>${esc(job.configuration.recordingToken)}</tt:RecordingToken><tt:State>${state}</tt:State>`;
  for (const s of job.configuration.sources) {
    const ref = s.sourceToken ?? { token: job.token, type: RECEIVER_SOURCE_TYPE };
    out += `<tt:Sources><tt:SourceToken Type="${esc(ref.type)}"><tt:Token>${esc(ref.token)}</tt:Token></tt:SourceToken><tt:State>${state}</tt:State><tt:Tracks>`;
    for (const t of s.tracks)
      out += `<tt:Track><tt:SourceTag>${esc(t.sourceTag)}</tt:SourceTag><tt:Destination>${esc(t.destination)}</tt:Destination><tt:State>${state}</tt:State></tt:Track>`;
    out += '</tt:Tracks></tt:Sources>';
  }
  return out;
}

/** tt:TrackInformation content; a track with nothing kept reports the recording's creation-free instant 0 for both ends. */
export function trackInformationXml(catalog: RecordingCatalog, track: CatalogTrack, nowMs: number): string {
  const e = catalog.trackExtent(track, nowMs);
  return (
    `<tt:TrackToken>${esc(track.token)}</tt:TrackToken>${trackConfigurationXml(track.configuration)}` +
    `<tt:DataFrom>${isoTime(e?.fromMs ?? 0)}</tt:DataFrom><tt:DataTo>${isoTime(e?.untilMs ?? 0)}</tt:DataTo>`
  );
}

/** tt:RecordingInformation content: what GetRecordingInformation and FindRecordings answer. */
export function recordingInformationXml(catalog: RecordingCatalog, rec: CatalogRecording, nowMs: number): string {
  const e = catalog.extent(rec, nowMs);
  let out = `<tt:RecordingToken>${esc(rec.token)}</tt:RecordingToken><tt:Source>${recordingSourceXml(rec.configuration.source)}</tt:Source>`;
  if (e !== undefined)
    out += `<tt:EarliestRecording>${isoTime(e.fromMs)}</tt:EarliestRecording><tt:LatestRecording>${isoTime(e.untilMs)}</tt:LatestRecording>`;
  out += `<tt:Content>${esc(rec.configuration.content)}</tt:Content>`;
  for (const t of rec.tracks.values()) out += `<tt:Track>${trackInformationXml(catalog, t, nowMs)}</tt:Track>`;
  return `${out}<tt:RecordingStatus>${catalog.isRecording(rec, nowMs) ? 'Recording' : 'Stopped'}</tt:RecordingStatus>`;
}

// ---- readers ----

function boundedText(el: XmlElement | undefined, name: string, maxChars: number, required = true): string {
  const v = el?.text;
  if (v === undefined) {
    if (required) throw faults.invalidArgVal('BadConfiguration', `${name} is required`);
    return '';
  }
  if (v.length > maxChars)
    throw faults.invalidArgVal('BadConfiguration', `${name} is ${v.length} characters, at most ${maxChars} allowed`);
  return v;
}

/** A tt:RecordingConfiguration from a request (CreateRecording, SetRecordingConfiguration). */
export function readRecordingConfiguration(el: XmlElement | undefined): RecordingConfiguration {
  if (el === undefined) throw faults.invalidArgVal('BadConfiguration', 'RecordingConfiguration is required');
  const src = child(el, 'Source');
  if (src === undefined) throw faults.invalidArgVal('BadConfiguration', 'RecordingConfiguration.Source is required');
  const retentionText = textAt(el, 'MaximumRetentionTime');
  if (retentionText === undefined)
    throw faults.invalidArgVal('BadConfiguration', 'RecordingConfiguration.MaximumRetentionTime is required');
  const retention = parseXsDurationMs(retentionText);
  if (retention === undefined || retention < 0 || retention > RETENTION_MAX_MS)
    throw faults.invalidArgVal(
      'BadConfiguration',
      `MaximumRetentionTime '${retentionText}' is not a duration between PT0S and a year`,
    );
  return {
    source: {
      sourceId: boundedText(child(src, 'SourceId'), 'Source.SourceId', RECORDING_STRING_MAX_CHARS),
      name: boundedText(child(src, 'Name'), 'Source.Name', NAME_MAX_CHARS),
      location: boundedText(child(src, 'Location'), 'Source.Location', RECORDING_STRING_MAX_CHARS),
      description: boundedText(child(src, 'Description'), 'Source.Description', RECORDING_STRING_MAX_CHARS),
      address: boundedText(child(src, 'Address'), 'Source.Address', RECORDING_STRING_MAX_CHARS),
    },
    content: boundedText(child(el, 'Content'), 'Content', RECORDING_STRING_MAX_CHARS),
    maximumRetentionTimeMs: retention,
  };
}

export function readTrackConfiguration(el: XmlElement | undefined): TrackConfiguration {
  if (el === undefined) throw faults.invalidArgVal('BadConfiguration', 'TrackConfiguration is required');
  const type = textAt(el, 'TrackType');
  if (type !== 'Video' && type !== 'Audio' && type !== 'Metadata')
    throw faults.invalidArgVal('BadConfiguration', `TrackType '${type ?? ''}' is not Video, Audio or Metadata`);
  return {
    trackType: type,
    description: boundedText(child(el, 'Description'), 'Description', RECORDING_STRING_MAX_CHARS),
  };
}

/** A tt:RecordingJobConfiguration from a request; the catalog checks it against its recordings. */
export function readJobConfiguration(el: XmlElement | undefined): RecordingJobConfiguration {
  if (el === undefined) throw faults.invalidArgVal('BadConfiguration', 'JobConfiguration is required');
  const recordingToken = textAt(el, 'RecordingToken');
  if (recordingToken === undefined || recordingToken === '')
    throw faults.invalidArgVal('BadConfiguration', 'JobConfiguration.RecordingToken is required');
  const mode = textAt(el, 'Mode');
  if (mode !== 'Idle' && mode !== 'Active')
    throw faults.invalidArgVal('BadConfiguration', `JobConfiguration.Mode '${mode ?? ''}' is not Idle or Active`);
  const priorityText = textAt(el, 'Priority') ?? '';
  const priority = Number(priorityText);
  if (!/^-?\d+$/.test(priorityText) || !Number.isSafeInteger(priority))
    throw faults.invalidArgVal('BadConfiguration', `JobConfiguration.Priority '${priorityText}' is not an integer`);
  const sources = children(el, 'Source').map((s): RecordingJobSource => {
    const ref = child(s, 'SourceToken');
    const auto = textAt(s, 'AutoCreateReceiver');
    return {
      sourceToken:
        ref === undefined
          ? undefined
          : { token: textAt(ref, 'Token') ?? '', type: attr(ref, 'Type') ?? RECEIVER_SOURCE_TYPE },
      autoCreateReceiver: auto === undefined ? undefined : auto === 'true' || auto === '1',
      tracks: children(s, 'Tracks').map((t) => ({
        sourceTag: textAt(t, 'SourceTag') ?? '',
        destination: textAt(t, 'Destination') ?? '',
      })),
    };
  });
  return { recordingToken, mode, priority, sources };
}

/** An xs:dateTime from a request, as ms; undefined when absent, ter:InvalidArgVal when malformed. */
export function readTime(el: XmlElement | undefined, name: string): number | undefined {
  if (el === undefined) return undefined;
  const ms = Date.parse(el.text);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(el.text) || Number.isNaN(ms))
    throw faults.invalidArgs(`${name} '${el.text}' is not an xs:dateTime`);
  return ms;
}
