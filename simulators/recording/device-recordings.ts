import type { Camera } from '../camera/camera.ts';
import type { Clock } from '../clock/clock.ts';
import { recorderFaultModes } from '../faults/kinds/recorder.ts';
import type { ObservationLog } from '../observations/observation-log.ts';
import type { RecorderTracksObservation, RecordingStorage } from '../observations/observation.ts';
import type { RecordingLibrary } from './recorded-track.ts';
import { onvifUrl } from '../camera/uris.ts';
import { profileToken } from '../onvif/services/tokens.ts';
import { PROFILE_SOURCE_TYPE, RecordingCatalog } from './recording-catalog.ts';
import { RecordingStore } from './recording-store.ts';
import { StoredTrack, recordingTokenOf } from './stored-track.ts';

export interface DeviceRecordingsOptions {
  /** The device's id: the camera's for edge storage, the recorder's for a site recorder. */
  deviceId: string;
  storage: RecordingStorage;
  /** The device whose power and recorder faults govern the store (the camera itself for edge storage). */
  device: Camera;
  /** The cameras it records, one track each. */
  channels: readonly Camera[];
  /** The stream profile recorded (a camera without it records its main). */
  profile: 'main' | 'sub';
  capacityBytes: number;
  retentionMs?: number;
  clock: Clock;
  /** Where each change of what a track holds is recorded (`recorder.kept`). */
  log?: ObservationLog;
}

interface Entry {
  track: StoredTrack;
  camera: Camera;
}

/** Whether a camera's sensor and encoder produce pictures now: up, and not frozen. */
function capturing(camera: Camera): boolean {
  if (camera.power !== 'up') return false;
  return !camera.faults.some((f) => f.kind === 'outage' && f.params?.mode === 'stream-freeze');
}

/**
 * What one device recorded: a camera's edge storage, or a site recorder's channels. Fed by the
 * cameras' own state (power, reboot, freeze) and the device's (power, recorder faults), at the
 * run's clock; a `network` outage changes nothing here, as it cuts only the hub's path.
 */
export class DeviceRecordings implements RecordingLibrary {
  readonly deviceId: string;
  readonly storage: RecordingStorage;
  readonly device: Camera;
  readonly store: RecordingStore;
  /**
   * The ONVIF view of it (recordings, tracks, jobs) that the Profile G services and replay
   * read and a client may change: a track records only while an Active job records into its
   * recording, so SetRecordingJobMode Idle or DeleteRecording stops it.
   */
  readonly catalog = new RecordingCatalog();
  private readonly byToken = new Map<string, Entry>();
  private readonly detach: Array<() => void> = [];
  private readonly clock: Clock;
  private readonly log: ObservationLog | undefined;
  private wasAvailable = true;
  private closed = false;

  constructor(opts: DeviceRecordingsOptions) {
    this.deviceId = opts.deviceId;
    this.storage = opts.storage;
    this.device = opts.device;
    this.clock = opts.clock;
    this.log = opts.log;
    this.store = new RecordingStore({
      clock: opts.clock,
      capacityBytes: opts.capacityBytes,
      ...(opts.retentionMs === undefined ? {} : { retentionMs: opts.retentionMs }),
    });
    for (const camera of opts.channels) {
      const profile = camera.profile(opts.profile) ?? camera.profile('main') ?? camera.model.profiles[0]!;
      const track = new StoredTrack(camera.id, profile, this.store, opts.clock, () => this.available);
      this.byToken.set(track.recordingToken, { track, camera });
      this.catalog.addRecorded(track, {
        source: {
          sourceId: onvifUrl(camera),
          name: camera.name,
          location: camera.location,
          description: `${profile.name} stream of ${camera.id}`,
          address: onvifUrl(camera),
        },
        content: `${camera.name}, ${profile.name} stream`,
        maximumRetentionTimeMs: opts.retentionMs ?? 0,
      });
      this.catalog.createRecordingJob(
        {
          recordingToken: track.recordingToken,
          mode: 'Active',
          priority: 1,
          sources: [
            {
              sourceToken: { token: profileToken(profile.name), type: PROFILE_SOURCE_TYPE },
              autoCreateReceiver: false,
              tracks: [{ sourceTag: 'video', destination: track.trackToken }],
            },
          ],
        },
        `job-${camera.id}`,
      );
    }
    this.detach.push(this.catalog.on(() => this.update()));
    // A camera's change touches its own track; the device's (power, recorder faults) touches all.
    const listen = (camera: Camera, onChange: () => void): void => {
      camera.on('power', onChange);
      camera.on('faults', onChange);
      this.detach.push(() => {
        camera.off('power', onChange);
        camera.off('faults', onChange);
      });
    };
    listen(opts.device, () => this.update());
    for (const entry of this.byToken.values())
      if (entry.camera !== opts.device) listen(entry.camera, () => this.onCameraChange(entry));
    this.update();
  }

  /** Whether a job records into the recording now (the device's own, or one a client made or changed). */
  private jobActive(recordingToken: string): boolean {
    if (this.catalog.recording(recordingToken) === undefined) return false;
    for (const job of this.catalog.jobs())
      if (job.configuration.recordingToken === recordingToken && job.configuration.mode === 'Active') return true;
    return false;
  }

  /** Recordings are out of reach while an SD card is removed; a powered-off recorder answers nothing anyway. */
  get available(): boolean {
    return !recorderFaultModes(this.device).has('sd-removed');
  }

  /** A recording to replay: none while the card is out, nor once a client deleted it from the catalog. */
  track(recordingToken: string): StoredTrack | undefined {
    if (!this.available || this.catalog.recording(recordingToken) === undefined) return undefined;
    return this.byToken.get(recordingToken)?.track;
  }

  /** Every track a client can reach, in channel order: none while the card is out, none a client deleted. */
  tracks(): StoredTrack[] {
    if (!this.available) return [];
    return [...this.byToken.values()]
      .filter((e) => this.catalog.recording(e.track.recordingToken) !== undefined)
      .map((e) => e.track);
  }

  /** The camera a device recording records (none for a recording a client created). */
  cameraOf(recordingToken: string): string | undefined {
    return this.byToken.get(recordingToken)?.camera.id;
  }

  /** The track of a camera as the model holds it, reachable by a client or not (tests, the run's record). */
  trackOf(cameraId: string): StoredTrack | undefined {
    return this.byToken.get(recordingTokenOf(cameraId))?.track;
  }

  /** Whether the device stores anything now (powered, disk not full, card in, no corruption under way). */
  get storing(): boolean {
    if (this.device.power !== 'up') return false;
    const modes = recorderFaultModes(this.device);
    return !modes.has('disk-full') && !modes.has('corrupt-segment') && !modes.has('sd-removed');
  }

  /** Starts and stops each track as its camera and the device now are. */
  update(): void {
    if (this.closed) return;
    const storing = this.storing;
    const changed = [...this.byToken.values()].filter((entry) => this.updateTrack(entry, storing));
    // A card taken out or put back changes what every track offers, recording or not.
    const available = this.available;
    const everyTrack = available !== this.wasAvailable;
    this.wasAvailable = available;
    if (everyTrack) this.log?.record(this.observation());
    else if (changed.length > 0) this.log?.record(this.tracksObservation(changed));
  }

  private onCameraChange(entry: Entry): void {
    if (this.updateTrack(entry, this.storing)) this.log?.record(this.tracksObservation([entry]));
  }

  /** Starts or stops the track as its camera, the device and its job now are; true when it changed. */
  private updateTrack(entry: Entry, storing: boolean): boolean {
    if (this.closed) return false;
    const want = storing && capturing(entry.camera) && this.jobActive(entry.track.recordingToken);
    if (want === entry.track.recording) return false;
    if (want) entry.track.begin(this.clock.now());
    else entry.track.end(this.clock.now());
    return true;
  }

  /** What the device holds of every camera now (`recorder.tracks`). */
  observation(): RecorderTracksObservation {
    return this.tracksObservation([...this.byToken.values()]);
  }

  private tracksObservation(entries: readonly Entry[]): RecorderTracksObservation {
    const nowMs = this.clock.now();
    return {
      kind: 'recorder.tracks',
      atMs: nowMs,
      recorder: this.deviceId,
      storage: this.storage,
      site: this.device.site,
      available: this.available,
      tracks: entries.map(({ track }) => ({
        recordingToken: track.recordingToken,
        camera: track.cameraId,
        spans: track.keptSpans(Number.NEGATIVE_INFINITY, nowMs),
      })),
    };
  }

  /** Stops following the cameras; the spans end at this instant. Idempotent. */
  close(): void {
    if (this.closed) return;
    const nowMs = this.clock.now();
    for (const { track } of this.byToken.values()) track.end(nowMs);
    this.closed = true;
    for (const d of this.detach.splice(0)) d();
  }
}
