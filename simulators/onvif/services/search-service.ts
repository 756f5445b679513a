import type { CatalogRecording, RecordingCatalog } from '../../recording/recording-catalog.ts';
import { SoapFault, faults } from '../../wire/soap-fault.ts';
import { esc, isoTime } from '../../wire/soap-writer.ts';
import { type XmlElement, attr, child, children, textAt } from '../../wire/xml-element.ts';
import { notificationMessageXml } from '../../events/notification-xml.ts';
import { type OnvifRequestContext, type OnvifService, type Operation, op } from '../onvif-service.ts';
import { parseXsDurationMs } from '../xs-duration.ts';
import { type ProfileGDevice, type PtzPositionSample, profileGOf } from './profile-g.ts';
import { HISTORY_TOPICS, type HistoryEvent, type HistoryTopic, historyEvents } from './recording-events.ts';
import {
  type FilterableRecording,
  RecordingFilterError,
  type RecordingPredicate,
  parseRecordingFilter,
} from './recording-information-filter.ts';
import { readTime, recordingInformationXml, trackInformationXml } from './recording-xml.ts';
import { SearchLimitError, type SearchKind, UnknownSearchError } from './search-sessions.ts';

/** The Recording Search service (ONVIF Recording Search Specification; search.wsdl). */
export const SEARCH_NS = 'http://www.onvif.org/ver10/search/wsdl';
const XMLNS = ` xmlns:tse="${SEARCH_NS}"`;

export const SEARCH_CAPABILITIES = `<tse:Capabilities${XMLNS} MetadataSearch="false" GeneralStartEvents="false"/>`;

/** Largest MaxMatches, MinResults or MaxResults read (xs:int; a larger one is read as this). */
const COUNT_MAX = 1_000_000;

function device(ctx: OnvifRequestContext): ProfileGDevice {
  const g = profileGOf(ctx.camera);
  if (g === undefined) throw faults.actionNotSupported('search', ctx.req.operation);
  return g;
}

/** Search §5: a search token or recording token that names nothing is ter:InvalidArgVal/ter:InvalidToken. */
const invalidToken = (reason: string): SoapFault => faults.invalidArgVal('InvalidToken', reason);

function count(el: XmlElement, name: string): number | undefined {
  const text = textAt(el, name);
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text.trim())) throw faults.invalidArgs(`${name} '${text}' is not a non-negative integer`);
  return Math.min(Number(text.trim()), COUNT_MAX);
}

function keepAliveMs(el: XmlElement): number {
  const text = textAt(el, 'KeepAliveTime');
  if (text === undefined) throw faults.invalidArgs('KeepAliveTime is required');
  const ms = parseXsDurationMs(text);
  if (ms === undefined || ms < 0) throw faults.invalidArgs(`KeepAliveTime '${text}' is not a duration`);
  return ms;
}

/** A Get...SearchResults' WaitTime is read and checked; every match is known when a search starts, so it never delays the answer. */
function checkWaitTime(el: XmlElement): void {
  const text = textAt(el, 'WaitTime');
  if (text !== undefined && parseXsDurationMs(text) === undefined)
    throw faults.invalidArgs(`WaitTime '${text}' is not a duration`);
}

// ---- scope ----

interface Scope {
  sources: ReadonlySet<string> | undefined;
  recordings: readonly string[] | undefined;
  filter: RecordingPredicate | undefined;
}

/** tt:SearchScope: IncludedSources, IncludedRecordings, RecordingInformationFilter; an Extension is refused (none is defined that the device knows). */
function readScope(el: XmlElement | undefined): Scope {
  const scope: Scope = { sources: undefined, recordings: undefined, filter: undefined };
  if (el === undefined) return scope;
  for (const c of el.children) {
    if (c.local !== 'IncludedSources' && c.local !== 'IncludedRecordings' && c.local !== 'RecordingInformationFilter') {
      throw faults.invalidArgVal(
        'InvalidSearchScope',
        `search scope element <${c.name}> is not supported (IncludedSources, IncludedRecordings and RecordingInformationFilter are)`,
      );
    }
  }
  const sources = children(el, 'IncludedSources').map((s) => textAt(s, 'Token') ?? '');
  if (sources.length > 0) scope.sources = new Set(sources);
  const recordings = children(el, 'IncludedRecordings').map((r) => r.text);
  if (recordings.length > 0) scope.recordings = recordings;
  const filter = child(el, 'RecordingInformationFilter');
  if (filter !== undefined && filter.text !== '') {
    try {
      scope.filter = parseRecordingFilter(filter.text);
    } catch (err) {
      if (err instanceof RecordingFilterError)
        throw faults.invalidArgVal('InvalidSearchScope', `RecordingInformationFilter '${filter.text}': ${err.message}`);
      throw err;
    }
  }
  return scope;
}

function filterable(rec: CatalogRecording): FilterableRecording {
  const s = rec.configuration.source;
  return {
    source: {
      SourceId: s.sourceId,
      Name: s.name,
      Location: s.location,
      Description: s.description,
      Address: s.address,
    },
    tracks: [...rec.tracks.values()].map((t) => ({
      TrackToken: t.token,
      TrackType: t.configuration.trackType,
      Description: t.configuration.description,
    })),
  };
}

/**
 * The recordings a scope selects: IncludedRecordings are looked up by token and IncludedSources by
 * SourceId (the catalog's index), so a search for one camera on a recorder of thousands scans
 * nothing; only a scope naming neither walks the catalog.
 */
export function recordingsInScope(catalog: RecordingCatalog, scope: Scope): CatalogRecording[] {
  let candidates: Iterable<CatalogRecording>;
  if (scope.recordings !== undefined) candidates = scope.recordings.flatMap((t) => catalog.recording(t) ?? []);
  else if (scope.sources !== undefined)
    candidates = [...scope.sources].flatMap((id) => [...catalog.recordingsOfSource(id)]);
  else candidates = catalog.recordings();
  const out: CatalogRecording[] = [];
  for (const rec of candidates) {
    if (scope.sources !== undefined && !scope.sources.has(rec.configuration.source.sourceId)) continue;
    if (scope.filter !== undefined && !scope.filter(filterable(rec))) continue;
    out.push(rec);
  }
  return out;
}

function startSearch(
  g: ProfileGDevice,
  kind: SearchKind,
  results: readonly unknown[],
  body: XmlElement,
  endpointMs: number,
): string {
  try {
    return g.searches.start(kind, results, keepAliveMs(body), endpointMs);
  } catch (err) {
    if (err instanceof SearchLimitError) throw faults.action('ResourceProblem', err.message);
    throw err;
  }
}

function page<T>(g: ProfileGDevice, body: XmlElement, kind: SearchKind): { state: string; results: T[] } {
  const searchToken = textAt(body, 'SearchToken') ?? '';
  count(body, 'MinResults');
  checkWaitTime(body);
  try {
    return g.searches.page<T>(searchToken, kind, count(body, 'MaxResults'));
  } catch (err) {
    if (err instanceof UnknownSearchError) throw invalidToken(err.message);
    throw err;
  }
}

function withSearch<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof UnknownSearchError) throw invalidToken(err.message);
    throw err;
  }
}

function cap<T>(list: T[], maxMatches: number | undefined): T[] {
  return maxMatches === undefined ? list : list.slice(0, maxMatches);
}

// ---- recordings ----

function findRecordings(ctx: OnvifRequestContext): string {
  const g = device(ctx);
  const body = ctx.req.body;
  const matches = cap(recordingsInScope(g.catalog, readScope(child(body, 'Scope'))), count(body, 'MaxMatches'));
  const searchToken = startSearch(g, 'recordings', matches, body, ctx.nowMs);
  return `<tse:FindRecordingsResponse${XMLNS}><tse:SearchToken>${esc(searchToken)}</tse:SearchToken></tse:FindRecordingsResponse>`;
}

function getRecordingSearchResults(ctx: OnvifRequestContext): string {
  const g = device(ctx);
  const { state, results } = page<CatalogRecording>(g, ctx.req.body, 'recordings');
  let out = `<tse:GetRecordingSearchResultsResponse${XMLNS}><tse:ResultList><tt:SearchState>${state}</tt:SearchState>`;
  // A recording deleted since the search started is no longer described.
  for (const rec of results)
    if (g.catalog.recording(rec.token) === rec)
      out += `<tt:RecordingInformation>${recordingInformationXml(g.catalog, rec, ctx.nowMs)}</tt:RecordingInformation>`;
  return `${out}</tse:ResultList></tse:GetRecordingSearchResultsResponse>`;
}

// ---- events ----

const TOPIC_PATH = /^(?:[A-Za-z_][\w.-]*:)?[A-Za-z_][\w.-]*(?:\/[A-Za-z_][\w.-]*)*(?:\/\/\.)?$/;

/** FindEvents' SearchFilter: TopicExpressions select among the RecordingHistory topics; no filter selects both. */
function historyTopics(filter: XmlElement | undefined): Set<HistoryTopic> {
  if (filter === undefined || filter.children.length === 0) return new Set(HISTORY_TOPICS);
  const out = new Set<HistoryTopic>();
  for (const c of filter.children) {
    if (c.local !== 'TopicExpression')
      throw faults.invalidArgVal(
        'InvalidSearchFilter',
        `search filter <${c.name}> is not supported (TopicExpression is)`,
      );
    for (const raw of c.text.split('|')) {
      const alt = raw.trim();
      if (!TOPIC_PATH.test(alt))
        throw faults.invalidArgVal('InvalidSearchFilter', `'${alt}' is not a ConcreteSet topic path`);
      const bare = alt.replace(/^[A-Za-z_][\w.-]*:/, '').replace(/\/\/\.$/, '');
      for (const t of HISTORY_TOPICS) if (t === bare || t.startsWith(`${bare}/`)) out.add(t);
    }
  }
  return out;
}

function findEvents(ctx: OnvifRequestContext): string {
  const g = device(ctx);
  const body = ctx.req.body;
  const startMs = readTime(child(body, 'StartPoint'), 'StartPoint');
  if (startMs === undefined) throw faults.invalidArgs('StartPoint is required');
  const endMs = readTime(child(body, 'EndPoint'), 'EndPoint') ?? ctx.nowMs;
  const includeStartState = textAt(body, 'IncludeStartState');
  if (
    includeStartState !== 'true' &&
    includeStartState !== 'false' &&
    includeStartState !== '1' &&
    includeStartState !== '0'
  )
    throw faults.invalidArgs(`IncludeStartState '${includeStartState ?? ''}' is not a boolean`);
  const query = {
    startMs,
    endMs,
    includeStartState: includeStartState === 'true' || includeStartState === '1',
    topics: historyTopics(child(body, 'SearchFilter')),
    nowMs: ctx.nowMs,
  };
  const forward = endMs >= startMs;
  const starts: HistoryEvent[] = [];
  const timed: HistoryEvent[] = [];
  for (const rec of recordingsInScope(g.catalog, readScope(child(body, 'Scope')))) {
    for (const e of historyEvents(g.catalog, rec, query)) (e.startState ? starts : timed).push(e);
  }
  // Across recordings too: the start states first, then every event in search order.
  timed.sort((a, b) => (forward ? a.timeMs - b.timeMs : b.timeMs - a.timeMs));
  const matches = cap(starts.concat(timed), count(body, 'MaxMatches'));
  const searchToken = startSearch(g, 'events', matches, body, endMs);
  return `<tse:FindEventsResponse${XMLNS}><tse:SearchToken>${esc(searchToken)}</tse:SearchToken></tse:FindEventsResponse>`;
}

/** A tt:FindEventResult's Event: the NotificationMessageHolderType the live notification would carry. */
function eventXml(e: HistoryEvent): string {
  const holder = notificationMessageXml(
    {
      topic: `tns1:${e.topic}`,
      utcMs: e.timeMs,
      operation: e.startState ? 'Initialized' : 'Changed',
      source: e.source,
      data: [[e.topic === 'RecordingHistory/Recording/State' ? 'IsRecording' : 'IsDataPresent', String(e.value)]],
    },
    0,
  );
  return `<tt:Event>${holder.slice('<wsnt:NotificationMessage>'.length, -'</wsnt:NotificationMessage>'.length)}</tt:Event>`;
}

function getEventSearchResults(ctx: OnvifRequestContext): string {
  const { state, results } = page<HistoryEvent>(device(ctx), ctx.req.body, 'events');
  let out = `<tse:GetEventSearchResultsResponse${XMLNS}><tse:ResultList><tt:SearchState>${state}</tt:SearchState>`;
  for (const e of results) {
    out += `<tt:Result><tt:RecordingToken>${esc(e.recordingToken)}</tt:RecordingToken><tt:TrackToken>${esc(e.trackToken)}</tt:TrackToken><tt:Time>${isoTime(e.timeMs)}</tt:Time>${eventXml(e)}<tt:StartStateEvent>${e.startState}</tt:StartStateEvent></tt:Result>`;
  }
  return `${out}</tse:ResultList></tse:GetEventSearchResultsResponse>`;
}

// ---- PTZ positions ----

interface PtzMatch {
  recordingToken: string;
  trackToken: string;
  sample: PtzPositionSample;
}

interface PtzBox {
  min: { pan: number; tilt: number; zoom: number };
  max: { pan: number; tilt: number; zoom: number };
  enterOrExit: boolean;
}

function vector(
  el: XmlElement | undefined,
  name: string,
  fallback: number,
): { pan: number; tilt: number; zoom: number } {
  const num = (v: string | undefined, what: string): number => {
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isFinite(n)) throw faults.invalidArgs(`${name}.${what} '${v}' is not a number`);
    return n;
  };
  const panTilt = child(el, 'PanTilt');
  return {
    pan: num(attr(panTilt, 'x'), 'PanTilt.x'),
    tilt: num(attr(panTilt, 'y'), 'PanTilt.y'),
    zoom: num(attr(child(el, 'Zoom'), 'x'), 'Zoom.x'),
  };
}

function readPtzFilter(el: XmlElement | undefined): PtzBox {
  if (el === undefined) throw faults.invalidArgs('SearchFilter is required');
  const enter = textAt(el, 'EnterOrExit');
  return {
    min: vector(child(el, 'MinPosition'), 'MinPosition', -Infinity),
    max: vector(child(el, 'MaxPosition'), 'MaxPosition', Infinity),
    enterOrExit: enter === 'true' || enter === '1',
  };
}

const inside = (b: PtzBox, s: PtzPositionSample): boolean =>
  s.pan >= b.min.pan &&
  s.pan <= b.max.pan &&
  s.tilt >= b.min.tilt &&
  s.tilt <= b.max.tilt &&
  s.zoom >= b.min.zoom &&
  s.zoom <= b.max.zoom;

function findPtzPosition(ctx: OnvifRequestContext): string {
  const g = device(ctx);
  if (!g.offersPtzSearch)
    throw faults.actionNotSupported('search', 'FindPTZPosition (the device records no PTZ positions)');
  const body = ctx.req.body;
  const startMs = readTime(child(body, 'StartPoint'), 'StartPoint');
  if (startMs === undefined) throw faults.invalidArgs('StartPoint is required');
  const endMs = readTime(child(body, 'EndPoint'), 'EndPoint') ?? ctx.nowMs;
  const box = readPtzFilter(child(body, 'SearchFilter'));
  const forward = endMs >= startMs;
  const matches: PtzMatch[] = [];
  for (const rec of recordingsInScope(g.catalog, readScope(child(body, 'Scope')))) {
    const trackToken = rec.tracks.keys().next().value ?? '';
    let wasInside: boolean | undefined;
    for (const sample of g.ptzPositions(rec.token, Math.min(startMs, endMs), Math.max(startMs, endMs) + 1)) {
      const now = inside(box, sample);
      // EnterOrExit: only where the position crosses into or out of the box; otherwise every position inside it.
      const hit = box.enterOrExit ? wasInside !== undefined && now !== wasInside : now;
      wasInside = now;
      if (hit) matches.push({ recordingToken: rec.token, trackToken, sample });
    }
  }
  matches.sort((a, b) => (forward ? a.sample.atMs - b.sample.atMs : b.sample.atMs - a.sample.atMs));
  const searchToken = startSearch(g, 'ptz', cap(matches, count(body, 'MaxMatches')), body, endMs);
  return `<tse:FindPTZPositionResponse${XMLNS}><tse:SearchToken>${esc(searchToken)}</tse:SearchToken></tse:FindPTZPositionResponse>`;
}

function getPtzPositionSearchResults(ctx: OnvifRequestContext): string {
  const { state, results } = page<PtzMatch>(device(ctx), ctx.req.body, 'ptz');
  let out = `<tse:GetPTZPositionSearchResultsResponse${XMLNS}><tse:ResultList><tt:SearchState>${state}</tt:SearchState>`;
  for (const m of results) {
    out +=
      `<tt:Result><tt:RecordingToken>${esc(m.recordingToken)}</tt:RecordingToken><tt:TrackToken>${esc(m.trackToken)}</tt:TrackToken><tt:Time>${isoTime(m.sample.atMs)}</tt:Time>` +
      `<tt:Position><tt:PanTilt x="${m.sample.pan}" y="${m.sample.tilt}"/><tt:Zoom x="${m.sample.zoom}"/></tt:Position></tt:Result>`;
  }
  return `${out}</tse:ResultList></tse:GetPTZPositionSearchResultsResponse>`;
}

// ---- information ----

function recordingOf(g: ProfileGDevice, recordingToken: string | undefined): CatalogRecording {
  const rec = recordingToken === undefined ? undefined : g.catalog.recording(recordingToken);
  if (rec === undefined) throw invalidToken(`no recording with token '${recordingToken ?? ''}'`);
  return rec;
}

function getRecordingSummary(ctx: OnvifRequestContext): string {
  const g = device(ctx);
  let fromMs = Infinity;
  let untilMs = -Infinity;
  for (const rec of g.catalog.recordings()) {
    const e = g.catalog.extent(rec, ctx.nowMs);
    if (e === undefined) continue;
    fromMs = Math.min(fromMs, e.fromMs);
    untilMs = Math.max(untilMs, e.untilMs);
  }
  // Nothing recorded yet: an empty interval at the present (DataUntil must not precede DataFrom).
  if (fromMs === Infinity) fromMs = untilMs = ctx.nowMs;
  return (
    `<tse:GetRecordingSummaryResponse${XMLNS}><tse:Summary><tt:DataFrom>${isoTime(fromMs)}</tt:DataFrom><tt:DataUntil>${isoTime(untilMs)}</tt:DataUntil>` +
    `<tt:NumberRecordings>${g.catalog.recordingCount}</tt:NumberRecordings></tse:Summary></tse:GetRecordingSummaryResponse>`
  );
}

function getMediaAttributes(ctx: OnvifRequestContext): string {
  const g = device(ctx);
  const atMs = readTime(child(ctx.req.body, 'Time'), 'Time');
  if (atMs === undefined) throw faults.invalidArgs('Time is required');
  const recs = children(ctx.req.body, 'RecordingTokens').map((t) => recordingOf(g, t.text));
  let out = `<tse:GetMediaAttributesResponse${XMLNS}>`;
  for (const rec of recs) {
    let fromMs = atMs;
    let untilMs = atMs;
    let tracks = '';
    for (const t of rec.tracks.values()) {
      // The attributes hold over the kept span that holds Time (the stream's settings do not change within one).
      const span = g.catalog.spans(t, 0, ctx.nowMs + 1).find((s) => s.startMs <= atMs && atMs < s.endMs);
      if (span !== undefined) {
        fromMs = Math.min(fromMs, span.startMs);
        untilMs = Math.max(untilMs, span.endMs);
      }
      const p = t.recorded?.profile;
      const video =
        p !== undefined && t.configuration.trackType === 'Video'
          ? `<tt:VideoAttributes><tt:Bitrate>${p.bitrateKbps}</tt:Bitrate><tt:Width>${p.width}</tt:Width><tt:Height>${p.height}</tt:Height><tt:Encoding>${p.codec === 'h264' ? 'H264' : 'H265'}</tt:Encoding><tt:Framerate>${p.fps}</tt:Framerate></tt:VideoAttributes>`
          : '';
      tracks += `<tt:TrackAttributes><tt:TrackInformation>${trackInformationXml(g.catalog, t, ctx.nowMs)}</tt:TrackInformation>${video}</tt:TrackAttributes>`;
    }
    out += `<tse:MediaAttributes><tt:RecordingToken>${esc(rec.token)}</tt:RecordingToken>${tracks}<tt:From>${isoTime(fromMs)}</tt:From><tt:Until>${isoTime(untilMs)}</tt:Until></tse:MediaAttributes>`;
  }
  return `${out}</tse:GetMediaAttributesResponse>`;
}

export const searchService: OnvifService = {
  name: 'search',
  ns: SEARCH_NS,
  offered: (camera) => profileGOf(camera) !== undefined,
  capabilities: () => SEARCH_CAPABILITIES,
  operations: new Map<string, Operation>([
    [
      'GetServiceCapabilities',
      op(
        'PRE_AUTH',
        () => `<tse:GetServiceCapabilitiesResponse${XMLNS}>${SEARCH_CAPABILITIES}</tse:GetServiceCapabilitiesResponse>`,
      ),
    ],
    ['GetRecordingSummary', op('READ_MEDIA', getRecordingSummary)],
    [
      'GetRecordingInformation',
      op('READ_MEDIA', (ctx) => {
        const g = device(ctx);
        const rec = recordingOf(g, textAt(ctx.req.body, 'RecordingToken'));
        return `<tse:GetRecordingInformationResponse${XMLNS}><tse:RecordingInformation>${recordingInformationXml(g.catalog, rec, ctx.nowMs)}</tse:RecordingInformation></tse:GetRecordingInformationResponse>`;
      }),
    ],
    ['GetMediaAttributes', op('READ_MEDIA', getMediaAttributes)],
    ['FindRecordings', op('READ_MEDIA', findRecordings)],
    ['GetRecordingSearchResults', op('READ_MEDIA', getRecordingSearchResults)],
    ['FindEvents', op('READ_MEDIA', findEvents)],
    ['GetEventSearchResults', op('READ_MEDIA', getEventSearchResults)],
    ['FindPTZPosition', op('READ_MEDIA', findPtzPosition)],
    ['GetPTZPositionSearchResults', op('READ_MEDIA', getPtzPositionSearchResults)],
    [
      'GetSearchState',
      op('READ_MEDIA', (ctx) => {
        const state = withSearch(() => device(ctx).searches.state(textAt(ctx.req.body, 'SearchToken') ?? ''));
        return `<tse:GetSearchStateResponse${XMLNS}><tse:State>${state}</tse:State></tse:GetSearchStateResponse>`;
      }),
    ],
    [
      'EndSearch',
      op('READ_MEDIA', (ctx) => {
        const endpointMs = withSearch(() => device(ctx).searches.end(textAt(ctx.req.body, 'SearchToken') ?? ''));
        return `<tse:EndSearchResponse${XMLNS}><tse:Endpoint>${isoTime(endpointMs)}</tse:Endpoint></tse:EndSearchResponse>`;
      }),
    ],
  ]),
};
