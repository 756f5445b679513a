import type { Clock } from '../clock/clock.ts';
import { systemClock } from '../clock/clock.ts';
import type { CameraModel, StreamProfileSpec } from '../camera/camera-model.ts';
import type { ClipSpec, PacketizedClip } from '../../media/clip/packetized-clip.ts';
import { loadPacketizedClip } from '../../media/clip/clip-cache.ts';
import { clipSpecFromProfile } from '../../media/clip/clip-spec.ts';
import { ClipStream } from './clip-stream.ts';

export interface StreamLibraryOptions {
  clock?: Clock;
  /** Where clips come from; the media clip cache by default (tests pass synthetic clips). */
  loadClip?: (spec: ClipSpec) => Promise<PacketizedClip>;
}

/**
 * Every distinct stream profile's clip, loaded and packetised once per process, each with the
 * one frame clock (ClipStream) that all cameras using it share.
 */
export class StreamLibrary {
  private readonly clock: Clock;
  private readonly loadClip: (spec: ClipSpec) => Promise<PacketizedClip>;
  private readonly streams = new Map<string, Promise<ClipStream>>();
  private closed = false;

  constructor(opts: StreamLibraryOptions = {}) {
    this.clock = opts.clock ?? systemClock;
    this.loadClip = opts.loadClip ?? loadPacketizedClip;
  }

  /** Loads the clips of every profile of these models (call before opening listeners). */
  async preload(models: readonly CameraModel[]): Promise<void> {
    await Promise.all(models.flatMap((m) => m.profiles.map((p) => this.streamFor(p))));
  }

  /** The shared stream of a profile, loading its clip on first use. */
  streamFor(profile: StreamProfileSpec): Promise<ClipStream> {
    if (this.closed) return Promise.reject(new Error('stream library is closed'));
    const spec = clipSpecFromProfile(profile);
    const key = JSON.stringify(spec);
    let stream = this.streams.get(key);
    if (stream === undefined) {
      stream = this.loadClip(spec).then((clip) => new ClipStream(clip, this.clock));
      // A failed load is not cached, so a later camera can retry.
      stream.catch(() => this.streams.delete(key));
      this.streams.set(key, stream);
    }
    return stream;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const s of this.streams.values())
      s.then(
        (c) => c.close(),
        () => undefined,
      );
    this.streams.clear();
  }
}
