import type { EventMessage } from '../../events/event-message.ts';
import type { RecordedSpan } from '../../recording/recorded-track.ts';
import type { CatalogChange, CatalogRecording, RecordingCatalog } from '../../recording/recording-catalog.ts';
import { jobConfigurationXml, jobStateXml, recordingConfigurationXml, trackConfigurationXml } from './recording-xml.ts';

/**
 * The recording events of a Profile G device (Recording Control §5.21 and Recording Search
 * §5.3.3): configuration changes as tns1:RecordingConfig/..., and what was recorded as the
 * RecordingHistory property topics, live through the event broker and as the virtual history
 * FindEvents searches. Pure: catalog state in, EventMessages out.
 */

/** Bare topics a Profile G device adds to its topic set (GetEventProperties, filters). */
export const RECORDING_TOPICS: readonly string[] = [
  'RecordingConfig/CreateRecording',
  'RecordingConfig/DeleteRecording',
  'RecordingConfig/RecordingConfiguration',
  'RecordingConfig/CreateTrack',
  'RecordingConfig/DeleteTrack',
  'RecordingConfig/TrackConfiguration',
  'RecordingConfig/RecordingJobConfiguration',
  'RecordingConfig/JobState',
  'RecordingHistory/Recording/State',
  'RecordingHistory/Track/State',
];

const PROPERTY_TOPICS: ReadonlySet<string> = new Set([
  'RecordingConfig/JobState',
  'RecordingHistory/Recording/State',
  'RecordingHistory/Track/State',
]);

export const HISTORY_TOPICS = ['RecordingHistory/Recording/State', 'RecordingHistory/Track/State'] as const;
export type HistoryTopic = (typeof HISTORY_TOPICS)[number];

const simple = (name: string, type: string): string => `<tt:SimpleItemDescription Name="${name}" Type="${type}"/>`;
const element = (name: string, type: string): string => `<tt:ElementItemDescription Name="${name}" Type="${type}"/>`;
const described = (property: boolean, source: string, data: string): string =>
  `<tt:MessageDescription IsProperty="${property}"><tt:Source>${source}</tt:Source>${data === '' ? '' : `<tt:Data>${data}</tt:Data>`}</tt:MessageDescription>`;
const topic = (name: string, description: string): string => `<${name} wstop:topic="true">${description}</${name}>`;

const RECORDING = simple('RecordingToken', 'tt:RecordingReference');
const TRACK = simple('TrackToken', 'tt:TrackReference');
const JOB = simple('RecordingJobToken', 'tt:RecordingJobReference');

/** The tns1:RecordingConfig and tns1:RecordingHistory subtrees of wstop:TopicSet. */
export const RECORDING_TOPIC_SET_XML =
  '<tns1:RecordingConfig>' +
  topic('CreateRecording', described(false, RECORDING, '')) +
  topic('DeleteRecording', described(false, RECORDING, '')) +
  topic('RecordingConfiguration', described(false, RECORDING, element('Configuration', 'tt:RecordingConfiguration'))) +
  topic('CreateTrack', described(false, RECORDING + TRACK, '')) +
  topic('DeleteTrack', described(false, RECORDING + TRACK, '')) +
  topic('TrackConfiguration', described(false, RECORDING + TRACK, element('Configuration', 'tt:TrackConfiguration'))) +
  topic('RecordingJobConfiguration', described(false, JOB, element('Configuration', 'tt:RecordingJobConfiguration'))) +
  topic(
    'JobState',
    described(true, JOB, simple('State', 'xs:string') + element('Information', 'tt:RecordingJobStateInformation')),
  ) +
  '</tns1:RecordingConfig><tns1:RecordingHistory>' +
  `<Recording>${topic('State', described(true, RECORDING, simple('IsRecording', 'xs:boolean')))}</Recording>` +
  `<Track>${topic('State', described(true, RECORDING + simple('Track', 'tt:TrackReference'), simple('IsDataPresent', 'xs:boolean')))}</Track>` +
  '</tns1:RecordingHistory>';

function message(
  topicName: string,
  utcMs: number,
  source: EventMessage['source'],
  data: EventMessage['data'] = [],
  dataElements?: EventMessage['dataElements'],
): EventMessage {
  const m: EventMessage = { topic: `tns1:${topicName}`, utcMs, operation: 'Changed', source, data };
  if (!PROPERTY_TOPICS.has(topicName)) m.property = false;
  if (dataElements !== undefined) m.dataElements = dataElements;
  return m;
}

/** A property event saying its source is gone (ONVIF Core, PropertyOperation Deleted). */
function deleted(m: EventMessage): EventMessage {
  return { ...m, operation: 'Deleted' };
}

/** The notifications one catalog change raises (the recording must still exist for a configuration's content). */
export function catalogChangeMessages(change: CatalogChange, catalog: RecordingCatalog, utcMs: number): EventMessage[] {
  switch (change.kind) {
    case 'recording-created':
      return [message('RecordingConfig/CreateRecording', utcMs, [['RecordingToken', change.recordingToken]])];
    case 'recording-deleted':
      return [
        message('RecordingConfig/DeleteRecording', utcMs, [['RecordingToken', change.recordingToken]]),
        deleted(message('RecordingHistory/Recording/State', utcMs, [['RecordingToken', change.recordingToken]])),
      ];
    case 'recording-configured': {
      const rec = catalog.recording(change.recordingToken);
      if (rec === undefined) return [];
      return [
        message(
          'RecordingConfig/RecordingConfiguration',
          utcMs,
          [['RecordingToken', rec.token]],
          [],
          [
            [
              'Configuration',
              `<tt:RecordingConfiguration>${recordingConfigurationXml(rec.configuration)}</tt:RecordingConfiguration>`,
            ],
          ],
        ),
      ];
    }
    case 'track-created':
      return [
        message('RecordingConfig/CreateTrack', utcMs, [
          ['RecordingToken', change.recordingToken],
          ['TrackToken', change.trackToken],
        ]),
      ];
    case 'track-deleted':
      return [
        message('RecordingConfig/DeleteTrack', utcMs, [
          ['RecordingToken', change.recordingToken],
          ['TrackToken', change.trackToken],
        ]),
        deleted(
          message('RecordingHistory/Track/State', utcMs, [
            ['RecordingToken', change.recordingToken],
            ['Track', change.trackToken],
          ]),
        ),
      ];
    case 'track-configured': {
      const track = catalog.recording(change.recordingToken)?.tracks.get(change.trackToken);
      if (track === undefined) return [];
      return [
        message(
          'RecordingConfig/TrackConfiguration',
          utcMs,
          [
            ['RecordingToken', change.recordingToken],
            ['TrackToken', change.trackToken],
          ],
          [],
          [
            [
              'Configuration',
              `<tt:TrackConfiguration>${trackConfigurationXml(track.configuration)}</tt:TrackConfiguration>`,
            ],
          ],
        ),
      ];
    }
    case 'job-created':
    case 'job-configured': {
      const job = catalog.job(change.jobToken);
      if (job === undefined) return [];
      return [
        message(
          'RecordingConfig/RecordingJobConfiguration',
          utcMs,
          [['RecordingJobToken', job.token]],
          [],
          [
            [
              'Configuration',
              `<tt:RecordingJobConfiguration>${jobConfigurationXml(job.configuration)}</tt:RecordingJobConfiguration>`,
            ],
          ],
        ),
      ];
    }
    case 'job-deleted':
      return [deleted(message('RecordingConfig/JobState', utcMs, [['RecordingJobToken', change.jobToken]]))];
    case 'job-state': {
      const job = catalog.job(change.jobToken);
      const info =
        job === undefined
          ? `<tt:RecordingToken>${change.recordingToken}</tt:RecordingToken><tt:State>${change.mode}</tt:State>`
          : jobStateXml(job);
      return [
        message(
          'RecordingConfig/JobState',
          utcMs,
          [['RecordingJobToken', change.jobToken]],
          [['State', change.mode]],
          [['Information', `<tt:RecordingJobStateInformation>${info}</tt:RecordingJobStateInformation>`]],
        ),
      ];
    }
  }
}

/** The RecordingHistory property state of every recording now: what a new subscriber is first told. */
export function recordingStateMessages(catalog: RecordingCatalog, nowMs: number): EventMessage[] {
  const out: EventMessage[] = [];
  for (const rec of catalog.recordings()) {
    out.push(
      message(
        'RecordingHistory/Recording/State',
        nowMs,
        [['RecordingToken', rec.token]],
        [['IsRecording', String(catalog.isRecording(rec, nowMs))]],
      ),
    );
    for (const t of rec.tracks.values()) {
      const present = catalog.holdsNow(t, nowMs);
      out.push(
        message(
          'RecordingHistory/Track/State',
          nowMs,
          [
            ['RecordingToken', rec.token],
            ['Track', t.token],
          ],
          [['IsDataPresent', String(present)]],
        ),
      );
    }
  }
  return out;
}

/** One event of a recording's history, as FindEvents returns it. */
export interface HistoryEvent {
  recordingToken: string;
  trackToken: string;
  timeMs: number;
  topic: HistoryTopic;
  source: EventMessage['source'];
  value: boolean;
  /** A virtual event giving the state at the search's StartPoint (IncludeStartState). */
  startState: boolean;
}

/** Union of sorted span lists: a recording holds data wherever one of its tracks does. */
function union(lists: readonly (readonly RecordedSpan[])[]): RecordedSpan[] {
  const all = lists.flat().sort((a, b) => a.startMs - b.startMs);
  const out: RecordedSpan[] = [];
  for (const s of all) {
    const last = out[out.length - 1];
    if (last !== undefined && s.startMs <= last.endMs) last.endMs = Math.max(last.endMs, s.endMs);
    else out.push({ ...s });
  }
  return out;
}

export interface HistoryQuery {
  /** The search's StartPoint and EndPoint; EndPoint before StartPoint searches backwards. */
  startMs: number;
  endMs: number;
  includeStartState: boolean;
  topics: ReadonlySet<HistoryTopic>;
  nowMs: number;
}

/**
 * The RecordingHistory events of one recording between the search points, in search order: a
 * State true where a span starts and false where it ends (a span still being written at nowMs
 * has no end yet), plus the state at StartPoint when asked.
 */
export function historyEvents(catalog: RecordingCatalog, rec: CatalogRecording, q: HistoryQuery): HistoryEvent[] {
  const forward = q.endMs >= q.startMs;
  const lo = Math.min(q.startMs, q.endMs);
  const hi = Math.max(q.startMs, q.endMs);
  const tracks = [...rec.tracks.values()];
  const firstTrack = tracks[0]?.token ?? '';
  // One ms beyond each side tells a span clipped at the window's edge from one that ends there.
  const spansOf = tracks.map((t) => catalog.spans(t, lo - 1, hi + 1));
  const out: HistoryEvent[] = [];
  const edges = (spans: readonly RecordedSpan[], emit: (timeMs: number, value: boolean) => void): void => {
    for (const s of spans) {
      if (s.startMs >= lo && s.startMs <= hi) emit(s.startMs, true);
      if (s.endMs >= lo && s.endMs <= hi && s.endMs < q.nowMs) emit(s.endMs, false);
    }
  };
  const holds = (spans: readonly RecordedSpan[], atMs: number): boolean =>
    spans.some((s) => s.startMs <= atMs && atMs < s.endMs);
  const recordingSpans = union(spansOf);
  const wantRecording = q.topics.has('RecordingHistory/Recording/State');
  const wantTrack = q.topics.has('RecordingHistory/Track/State');
  const recordingSource: EventMessage['source'] = [['RecordingToken', rec.token]];
  const trackSource = (token: string): EventMessage['source'] => [
    ['RecordingToken', rec.token],
    ['Track', token],
  ];
  if (q.includeStartState) {
    if (wantRecording)
      out.push({
        recordingToken: rec.token,
        trackToken: firstTrack,
        timeMs: q.startMs,
        topic: 'RecordingHistory/Recording/State',
        source: recordingSource,
        value: holds(recordingSpans, q.startMs),
        startState: true,
      });
    if (wantTrack) {
      tracks.forEach((t, i) =>
        out.push({
          recordingToken: rec.token,
          trackToken: t.token,
          timeMs: q.startMs,
          topic: 'RecordingHistory/Track/State',
          source: trackSource(t.token),
          value: holds(spansOf[i]!, q.startMs),
          startState: true,
        }),
      );
    }
  }
  const timed: HistoryEvent[] = [];
  if (wantRecording)
    edges(recordingSpans, (timeMs, value) =>
      timed.push({
        recordingToken: rec.token,
        trackToken: firstTrack,
        timeMs,
        topic: 'RecordingHistory/Recording/State',
        source: recordingSource,
        value,
        startState: false,
      }),
    );
  if (wantTrack) {
    tracks.forEach((t, i) =>
      edges(spansOf[i]!, (timeMs, value) =>
        timed.push({
          recordingToken: rec.token,
          trackToken: t.token,
          timeMs,
          topic: 'RecordingHistory/Track/State',
          source: trackSource(t.token),
          value,
          startState: false,
        }),
      ),
    );
  }
  // A virtual start state already says what holds at StartPoint: an edge exactly there would repeat it.
  const kept = q.includeStartState ? timed.filter((e) => e.timeMs !== q.startMs) : timed;
  kept.sort((a, b) => (forward ? a.timeMs - b.timeMs : b.timeMs - a.timeMs));
  return out.concat(kept);
}
