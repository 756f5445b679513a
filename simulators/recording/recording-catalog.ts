import type { RecordedSpan, RecordedTrack, RecordingLibrary } from './recorded-track.ts';

/**
 * The ONVIF recording data model one device holds (Recording Control §5, onvif.xsd
 * RecordingConfiguration, TrackConfiguration, RecordingJobConfiguration): recordings with their
 * tracks, and the jobs that record into them. What was actually kept of a track comes from the
 * RecordedTrack behind it (the recording model); a track a client created has none and stays
 * empty. Pure state: no sockets, no timers; every change is told to the listeners (recording
 * events, observations).
 */

/** RecordingSourceInformation: where the recorded media came from. */
export interface RecordingSource {
  /** An anyURI naming the source (a camera's device service address, or its id). */
  sourceId: string;
  name: string;
  location: string;
  description: string;
  /** The address of the source (its device service URL). */
  address: string;
}

export interface RecordingConfiguration {
  source: RecordingSource;
  content: string;
  /** 0 means kept until the disk budget overwrites it (ONVIF: PT0S = no limit). */
  maximumRetentionTimeMs: number;
}

export type TrackType = 'Video' | 'Audio' | 'Metadata';

export interface TrackConfiguration {
  trackType: TrackType;
  description: string;
}

export interface CatalogTrack {
  readonly token: string;
  configuration: TrackConfiguration;
  /** What was kept of this track; undefined for a track a client created (nothing recorded into it). */
  readonly recorded: RecordedTrack | undefined;
}

export interface CatalogRecording {
  readonly token: string;
  configuration: RecordingConfiguration;
  /** In creation order. */
  readonly tracks: Map<string, CatalogTrack>;
  /** Whether the device made it (edge storage, NVR) rather than a client's CreateRecording. */
  readonly fromDevice: boolean;
}

export type RecordingJobMode = 'Idle' | 'Active';

export interface RecordingJobTrack {
  sourceTag: string;
  destination: string;
}

export interface RecordingJobSource {
  /** SourceReference: a token and the type URI of what it names (a receiver, a media profile). */
  sourceToken: { token: string; type: string } | undefined;
  autoCreateReceiver: boolean | undefined;
  tracks: RecordingJobTrack[];
}

export interface RecordingJobConfiguration {
  recordingToken: string;
  mode: RecordingJobMode;
  priority: number;
  sources: RecordingJobSource[];
}

export interface RecordingJob {
  readonly token: string;
  configuration: RecordingJobConfiguration;
}

/** One change to the catalog, as the recording events and observations need it. */
export type CatalogChange =
  | { kind: 'recording-created' | 'recording-deleted' | 'recording-configured'; recordingToken: string }
  | { kind: 'track-created' | 'track-deleted' | 'track-configured'; recordingToken: string; trackToken: string }
  | { kind: 'job-created' | 'job-deleted' | 'job-configured'; jobToken: string; recordingToken: string }
  | { kind: 'job-state'; jobToken: string; recordingToken: string; mode: RecordingJobMode };

export type CatalogListener = (change: CatalogChange) => void;

/** Why the catalog refused a change: the service turns each reason into its ONVIF fault. */
export class CatalogError extends Error {
  constructor(
    readonly reason:
      | 'no-recording'
      | 'no-track'
      | 'no-job'
      | 'max-recordings'
      | 'max-tracks'
      | 'max-jobs'
      | 'bad-mode'
      | 'bad-track'
      | 'bad-source'
      | 'duplicate',
    message: string,
  ) {
    super(message);
    this.name = 'CatalogError';
  }
}

export interface RecordingCatalogLimits {
  maxRecordings: number;
  maxTracksPerRecording: number;
  maxRecordingJobs: number;
}

export const DEFAULT_CATALOG_LIMITS: RecordingCatalogLimits = {
  maxRecordings: 10_000,
  maxTracksPerRecording: 4,
  maxRecordingJobs: 10_000,
};

/** The media profile a job records from (Recording Control: SourceReference Type for a profile). */
export const PROFILE_SOURCE_TYPE = 'http://www.onvif.org/ver10/schema/Profile';
export const RECEIVER_SOURCE_TYPE = 'http://www.onvif.org/ver10/schema/Receiver';

const EMPTY_SPANS: readonly RecordedSpan[] = [];
const EMPTY_SET: ReadonlySet<CatalogRecording> = new Set();

export class RecordingCatalog implements RecordingLibrary {
  private readonly recordingsByToken = new Map<string, CatalogRecording>();
  private readonly jobsByToken = new Map<string, RecordingJob>();
  private readonly listeners = new Set<CatalogListener>();
  /** Recordings by Source.SourceId: a search for one camera's recordings on a recorder of thousands looks them up. */
  private readonly bySource = new Map<string, Set<CatalogRecording>>();
  private nextRecording = 1;
  private nextJob = 1;

  constructor(readonly limits: RecordingCatalogLimits = DEFAULT_CATALOG_LIMITS) {}

  on(listener: CatalogListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(change: CatalogChange): void {
    for (const l of this.listeners) l(change);
  }

  // ---- recordings ----

  /** In creation order. */
  recordings(): IterableIterator<CatalogRecording> {
    return this.recordingsByToken.values();
  }

  get recordingCount(): number {
    return this.recordingsByToken.size;
  }

  recording(token: string): CatalogRecording | undefined {
    return this.recordingsByToken.get(token);
  }

  /** RecordingLibrary: the video track replay plays for a recording, when something was recorded into it. */
  track(recordingToken: string): RecordedTrack | undefined {
    const rec = this.recordingsByToken.get(recordingToken);
    if (rec === undefined) return undefined;
    for (const t of rec.tracks.values())
      if (t.recorded !== undefined && t.configuration.trackType === 'Video') return t.recorded;
    return undefined;
  }

  /**
   * A recording the device keeps of one camera stream (edge storage, an NVR's channel): its
   * token and video track token are the RecordedTrack's, so search and replay agree on them.
   */
  addRecorded(recorded: RecordedTrack, configuration: RecordingConfiguration): CatalogRecording {
    if (this.recordingsByToken.has(recorded.recordingToken))
      throw new CatalogError('duplicate', `recording ${recorded.recordingToken} exists`);
    const rec: CatalogRecording = {
      token: recorded.recordingToken,
      configuration,
      tracks: new Map(),
      fromDevice: true,
    };
    rec.tracks.set(recorded.trackToken, {
      token: recorded.trackToken,
      configuration: { trackType: 'Video', description: `${recorded.profile.name} stream` },
      recorded,
    });
    this.recordingsByToken.set(rec.token, rec);
    this.indexSource(rec);
    this.announce(rec);
    return rec;
  }

  /** CreateRecording: an empty recording with one video track (the device records no audio or metadata). */
  createRecording(configuration: RecordingConfiguration): CatalogRecording {
    if (this.recordingsByToken.size >= this.limits.maxRecordings)
      throw new CatalogError(
        'max-recordings',
        `the device holds its maximum of ${this.limits.maxRecordings} recordings`,
      );
    let token: string;
    do token = `Recording_${this.nextRecording++}`;
    while (this.recordingsByToken.has(token));
    const rec: CatalogRecording = { token, configuration, tracks: new Map(), fromDevice: false };
    rec.tracks.set('VIDEO001', {
      token: 'VIDEO001',
      configuration: { trackType: 'Video', description: 'video' },
      recorded: undefined,
    });
    this.recordingsByToken.set(token, rec);
    this.indexSource(rec);
    this.announce(rec);
    return rec;
  }

  /** A new recording, then each track it came with (Recording Control §5.21: both are announced). */
  private announce(rec: CatalogRecording): void {
    this.emit({ kind: 'recording-created', recordingToken: rec.token });
    for (const t of rec.tracks.keys()) this.emit({ kind: 'track-created', recordingToken: rec.token, trackToken: t });
  }

  /** DeleteRecording: every job recording into it, its tracks, then the recording go, each announced. */
  deleteRecording(token: string): void {
    const rec = this.mustRecording(token);
    for (const job of [...this.jobsByToken.values()])
      if (job.configuration.recordingToken === token) this.deleteRecordingJob(job.token);
    for (const t of rec.tracks.keys()) this.emit({ kind: 'track-deleted', recordingToken: token, trackToken: t });
    this.unindexSource(rec);
    this.recordingsByToken.delete(token);
    this.emit({ kind: 'recording-deleted', recordingToken: token });
  }

  setRecordingConfiguration(token: string, configuration: RecordingConfiguration): void {
    const rec = this.mustRecording(token);
    this.unindexSource(rec);
    rec.configuration = configuration;
    this.indexSource(rec);
    this.emit({ kind: 'recording-configured', recordingToken: token });
  }

  createTrack(recordingToken: string, configuration: TrackConfiguration): CatalogTrack {
    const rec = this.mustRecording(recordingToken);
    if (rec.tracks.size >= this.limits.maxTracksPerRecording)
      throw new CatalogError(
        'max-tracks',
        `recording ${recordingToken} holds its maximum of ${this.limits.maxTracksPerRecording} tracks`,
      );
    const prefix =
      configuration.trackType === 'Video' ? 'VIDEO' : configuration.trackType === 'Audio' ? 'AUDIO' : 'META';
    let n = 1;
    while (rec.tracks.has(`${prefix}${String(n).padStart(3, '0')}`)) n++;
    const track: CatalogTrack = { token: `${prefix}${String(n).padStart(3, '0')}`, configuration, recorded: undefined };
    rec.tracks.set(track.token, track);
    this.emit({ kind: 'track-created', recordingToken, trackToken: track.token });
    return track;
  }

  deleteTrack(recordingToken: string, trackToken: string): void {
    const rec = this.mustRecording(recordingToken);
    if (!rec.tracks.has(trackToken))
      throw new CatalogError('no-track', `recording ${recordingToken} has no track ${trackToken}`);
    rec.tracks.delete(trackToken);
    this.emit({ kind: 'track-deleted', recordingToken, trackToken });
  }

  setTrackConfiguration(recordingToken: string, trackToken: string, configuration: TrackConfiguration): void {
    const track = this.trackOf(recordingToken, trackToken);
    if (track.recorded !== undefined && configuration.trackType !== track.configuration.trackType)
      throw new CatalogError(
        'bad-track',
        `track ${trackToken} holds recorded ${track.configuration.trackType}; its type cannot change`,
      );
    track.configuration = configuration;
    this.emit({ kind: 'track-configured', recordingToken, trackToken });
  }

  trackOf(recordingToken: string, trackToken: string): CatalogTrack {
    const track = this.mustRecording(recordingToken).tracks.get(trackToken);
    if (track === undefined)
      throw new CatalogError('no-track', `recording ${recordingToken} has no track ${trackToken}`);
    return track;
  }

  mustRecording(token: string): CatalogRecording {
    const rec = this.recordingsByToken.get(token);
    if (rec === undefined) throw new CatalogError('no-recording', `no recording with token '${token}'`);
    return rec;
  }

  /** The recordings whose Source.SourceId is the given one, in creation order. */
  recordingsOfSource(sourceId: string): ReadonlySet<CatalogRecording> {
    return this.bySource.get(sourceId) ?? EMPTY_SET;
  }

  private indexSource(rec: CatalogRecording): void {
    const id = rec.configuration.source.sourceId;
    let set = this.bySource.get(id);
    if (set === undefined) this.bySource.set(id, (set = new Set()));
    set.add(rec);
  }

  private unindexSource(rec: CatalogRecording): void {
    const id = rec.configuration.source.sourceId;
    const set = this.bySource.get(id);
    set?.delete(rec);
    if (set?.size === 0) this.bySource.delete(id);
  }

  // ---- what was kept ----

  /** The spans kept of a track within [fromMs, toMs); none for a track nothing records into. */
  spans(track: CatalogTrack, fromMs: number, toMs: number): readonly RecordedSpan[] {
    return track.recorded === undefined ? EMPTY_SPANS : track.recorded.spans(fromMs, toMs);
  }

  /** First and last instant kept across a recording's tracks up to nowMs, undefined when nothing was. */
  extent(rec: CatalogRecording, nowMs: number): { fromMs: number; untilMs: number } | undefined {
    let fromMs = Infinity;
    let untilMs = -Infinity;
    for (const t of rec.tracks.values()) {
      const e = this.trackExtent(t, nowMs);
      if (e === undefined) continue;
      fromMs = Math.min(fromMs, e.fromMs);
      untilMs = Math.max(untilMs, e.untilMs);
    }
    return fromMs === Infinity ? undefined : { fromMs, untilMs };
  }

  trackExtent(track: CatalogTrack, nowMs: number): { fromMs: number; untilMs: number } | undefined {
    if (track.recorded === undefined) return undefined;
    const spans = track.recorded.spans(0, nowMs + 1);
    if (spans.length === 0) return undefined;
    return { fromMs: spans[0]!.startMs, untilMs: spans[spans.length - 1]!.endMs };
  }

  /** Whether the recording is being written now: a job is active for it and its track holds the present instant. */
  isRecording(rec: CatalogRecording, nowMs: number): boolean {
    let active = false;
    for (const job of this.jobsByToken.values())
      if (job.configuration.recordingToken === rec.token && job.configuration.mode === 'Active') active = true;
    if (!active) return false;
    for (const t of rec.tracks.values()) if (this.holdsNow(t, nowMs)) return true;
    return false;
  }

  /**
   * Whether the track holds data at nowMs: a span reaching it. A span still being written ends at
   * nowMs (RecordedTrack.spans: what is kept now), so one ending exactly there counts.
   */
  holdsNow(track: CatalogTrack, nowMs: number): boolean {
    if (track.recorded === undefined) return false;
    return track.recorded.spans(nowMs - 1, nowMs + 1).some((s) => s.endMs >= nowMs);
  }

  // ---- jobs ----

  jobs(): IterableIterator<RecordingJob> {
    return this.jobsByToken.values();
  }

  job(token: string): RecordingJob | undefined {
    return this.jobsByToken.get(token);
  }

  mustJob(token: string): RecordingJob {
    const job = this.jobsByToken.get(token);
    if (job === undefined) throw new CatalogError('no-job', `no recording job with token '${token}'`);
    return job;
  }

  createRecordingJob(configuration: RecordingJobConfiguration, token?: string): RecordingJob {
    this.checkJob(configuration);
    if (this.jobsByToken.size >= this.limits.maxRecordingJobs)
      throw new CatalogError(
        'max-jobs',
        `the device holds its maximum of ${this.limits.maxRecordingJobs} recording jobs`,
      );
    let jobToken = token;
    if (jobToken === undefined) {
      do jobToken = `RecordingJob_${this.nextJob++}`;
      while (this.jobsByToken.has(jobToken));
    } else if (this.jobsByToken.has(jobToken)) throw new CatalogError('duplicate', `recording job ${jobToken} exists`);
    const job: RecordingJob = { token: jobToken, configuration };
    this.jobsByToken.set(jobToken, job);
    this.emit({ kind: 'job-created', jobToken, recordingToken: configuration.recordingToken });
    if (configuration.mode === 'Active')
      this.emit({ kind: 'job-state', jobToken, recordingToken: configuration.recordingToken, mode: 'Active' });
    return job;
  }

  deleteRecordingJob(token: string): void {
    const job = this.mustJob(token);
    this.jobsByToken.delete(token);
    if (job.configuration.mode === 'Active')
      this.emit({ kind: 'job-state', jobToken: token, recordingToken: job.configuration.recordingToken, mode: 'Idle' });
    this.emit({ kind: 'job-deleted', jobToken: token, recordingToken: job.configuration.recordingToken });
  }

  setRecordingJobConfiguration(token: string, configuration: RecordingJobConfiguration): void {
    const job = this.mustJob(token);
    this.checkJob(configuration);
    if (configuration.recordingToken !== job.configuration.recordingToken)
      throw new CatalogError(
        'bad-source',
        `a job's recording cannot change (${job.configuration.recordingToken} to ${configuration.recordingToken})`,
      );
    const before = job.configuration.mode;
    job.configuration = configuration;
    this.emit({ kind: 'job-configured', jobToken: token, recordingToken: configuration.recordingToken });
    if (before !== configuration.mode)
      this.emit({
        kind: 'job-state',
        jobToken: token,
        recordingToken: configuration.recordingToken,
        mode: configuration.mode,
      });
  }

  setRecordingJobMode(token: string, mode: string): void {
    const job = this.mustJob(token);
    if (mode !== 'Idle' && mode !== 'Active')
      throw new CatalogError('bad-mode', `recording job mode '${mode}' is not Idle or Active`);
    if (job.configuration.mode === mode) return;
    job.configuration = { ...job.configuration, mode };
    this.emit({ kind: 'job-state', jobToken: token, recordingToken: job.configuration.recordingToken, mode });
  }

  private checkJob(c: RecordingJobConfiguration): void {
    const rec = this.mustRecording(c.recordingToken);
    if (c.mode !== 'Idle' && c.mode !== 'Active')
      throw new CatalogError('bad-mode', `recording job mode '${String(c.mode)}' is not Idle or Active`);
    for (const s of c.sources) {
      for (const t of s.tracks) {
        if (!rec.tracks.has(t.destination))
          throw new CatalogError(
            'bad-track',
            `recording ${c.recordingToken} has no track ${t.destination} for source tag ${t.sourceTag}`,
          );
      }
    }
  }
}
