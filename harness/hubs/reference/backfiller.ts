import type { Clock } from '../../../simulators/clock/clock.ts';
import type { InventoryCamera } from '../../../simulators/fleet/inventory.ts';
import type { FoundRecording } from './profile-g-client.ts';
import type { ReplayedPicture } from './replay-fetch.ts';
import type { StoredPicture } from './segment-recorder.ts';

/**
 * How a hub deals with the pictures it missed while a camera was out of reach:
 * - 'none': it does not (the hole stays);
 * - 'edge': it asks the camera's own storage (Profile G search), replays the missed interval and
 *   files each picture under the capture time the replay gives it (the RTP header extension);
 * - 'edge-at-arrival': the same, but files the pictures under the time they arrived;
 * - 'edge-then-delete': the same as 'edge', then deletes the recording it fetched from.
 */
export type BackfillPolicy = 'none' | 'edge' | 'edge-at-arrival' | 'edge-then-delete';

/** What the backfiller needs of a device: Profile G search, replay and (for the careless hub) deletion. */
export interface RecordingDevice {
  /** Whether the device keeps recordings at all (lists a search service). */
  keepsRecordings(): Promise<boolean>;
  findRecordings(): Promise<FoundRecording[]>;
  replayUri(recordingToken: string): Promise<string>;
  deleteRecording(recordingToken: string): Promise<void>;
}

export interface BackfillerOptions {
  policy: BackfillPolicy;
  clock: Clock;
  /** The device that holds the camera's recordings (its own edge storage). */
  deviceFor(camera: InventoryCamera): RecordingDevice;
  fetch(uri: string, camera: InventoryCamera, fromMs: number, toMs: number): Promise<ReplayedPicture[]>;
  store(camera: string, pictures: readonly StoredPicture[], startMs: number, endMs: number): Promise<void>;
  log(message: string): void;
}

/** Pictures this far apart mean the camera was out of reach: the gap is fetched once pictures return. */
export const backfillGapMs = 5_000;
/** The range asked for starts and ends this much beyond the gap (a replay starts at a key frame, and its first frames may be dropped while a reader syncs). */
const marginMs = 1_000;
/** A device right back from an outage may not answer at once. */
const attempts = 4;
const retryMs = 3_000;

/**
 * Notices where a camera's live pictures stopped and resumed, and fetches what it missed from the
 * recordings the camera kept, as its policy says. One fetch per gap, retried a few times.
 */
export class Backfiller {
  private readonly lastPictureMs = new Map<string, number>();
  private readonly pending = new Set<Promise<void>>();
  /** Fetches run one after another: a hub pulling every camera of a site back at full replay speed at once starves its own live pulls. */
  private queue: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(private readonly opts: BackfillerOptions) {}

  /** A live picture of `camera` arrived now. */
  picture(camera: InventoryCamera): void {
    const now = this.opts.clock.now();
    const last = this.lastPictureMs.get(camera.id);
    this.lastPictureMs.set(camera.id, now);
    if (this.opts.policy === 'none' || last === undefined || now - last < backfillGapMs || this.closed) return;
    const job = this.queue
      .then(() => this.fill(camera, last - marginMs, now + marginMs))
      .catch((err: unknown) => this.opts.log(`backfill of ${camera.id} failed: ${(err as Error).message}`));
    this.queue = job;
    this.pending.add(job);
    void job.finally(() => this.pending.delete(job));
  }

  /** Notices no more gaps; waits for the fetches of the gaps already noticed (a retry is not waited for). */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.allSettled([...this.pending]);
  }

  private async fill(camera: InventoryCamera, fromMs: number, toMs: number): Promise<void> {
    const device = this.opts.deviceFor(camera);
    for (let attempt = 1; ; attempt++) {
      try {
        if (!(await device.keepsRecordings())) return;
        const recordings = (await device.findRecordings()).filter(
          (r) => (r.earliestMs ?? Number.NEGATIVE_INFINITY) < toMs && (r.latestMs ?? Number.POSITIVE_INFINITY) > fromMs,
        );
        for (const r of recordings) await this.fetchOne(camera, device, r, fromMs, toMs);
        return;
      } catch (err) {
        if (attempt >= attempts || this.closed) throw err;
        await new Promise<void>((resolve) => this.opts.clock.setTimeout(resolve, retryMs));
      }
    }
  }

  private async fetchOne(
    camera: InventoryCamera,
    device: RecordingDevice,
    recording: FoundRecording,
    fromMs: number,
    toMs: number,
  ): Promise<void> {
    const uri = await device.replayUri(recording.token);
    const replayed = await this.opts.fetch(uri, camera, fromMs, toMs);
    const atArrival = this.opts.policy === 'edge-at-arrival';
    const arrivedMs = this.opts.clock.now();
    // Filed under the capture time the recorder sent with each picture; without one, when it came.
    const stored: StoredPicture[] = replayed.map((p) => ({
      frame: p.frame,
      hubTimeMs: atArrival ? arrivedMs : (p.extensionMs ?? arrivedMs),
    }));
    const startMs = stored.reduce((m, p) => Math.min(m, p.hubTimeMs), Number.POSITIVE_INFINITY);
    const endMs = stored.reduce((m, p) => Math.max(m, p.hubTimeMs), Number.NEGATIVE_INFINITY);
    if (stored.length > 0) await this.opts.store(camera.id, stored, startMs, endMs);
    this.opts.log(
      `backfilled ${camera.id}: ${stored.length} pictures of ${recording.token} for ${new Date(fromMs).toISOString()} to ${new Date(toMs).toISOString()}`,
    );
    if (this.opts.policy === 'edge-then-delete') await device.deleteRecording(recording.token);
  }
}
