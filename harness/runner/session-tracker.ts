import type { Observation, ObservationKind } from '../../simulators/observations/observation.ts';

/**
 * Follows the camera side of the run from observations: which RTSP sessions are open and
 * playing on each camera, under which user, and whether each camera is powered up. The runner's
 * wait-for conditions read it; hub instances are told apart by the camera user they log in as.
 */
export class SessionTracker {
  /** The kinds observe() reads. */
  static readonly kinds: readonly ObservationKind[] = [
    'rtsp.session.open',
    'rtsp.session.play',
    'rtsp.session.close',
    'camera.state',
  ];
  /** session key (camera + session id) -> user, for sessions that reached PLAY. */
  private readonly playing = new Map<string, { camera: string; user: string | undefined }>();
  private readonly openUsers = new Map<string, string | undefined>();
  private readonly down = new Set<string>();

  observe(o: Observation): void {
    switch (o.kind) {
      case 'rtsp.session.open':
        this.openUsers.set(`${o.camera}\u0000${o.session}`, o.user);
        break;
      case 'rtsp.session.play': {
        const key = `${o.camera}\u0000${o.session}`;
        this.playing.set(key, { camera: o.camera, user: this.openUsers.get(key) });
        break;
      }
      case 'rtsp.session.close': {
        const key = `${o.camera}\u0000${o.session}`;
        this.playing.delete(key);
        this.openUsers.delete(key);
        break;
      }
      case 'camera.state':
        if (o.state === 'up') this.down.delete(o.camera);
        else this.down.add(o.camera);
        break;
      default:
        break;
    }
  }

  /** Cameras with at least one playing session of `user` (any user when undefined). */
  streamingCameras(user: string | undefined): Set<string> {
    const cameras = new Set<string>();
    for (const s of this.playing.values()) if (user === undefined || s.user === user) cameras.add(s.camera);
    return cameras;
  }

  /** Cameras with an open (set up or playing) session of `user`. */
  sessionCameras(user: string | undefined): Set<string> {
    const cameras = new Set<string>();
    for (const [key, u] of this.openUsers)
      if (user === undefined || u === user) cameras.add(key.slice(0, key.indexOf('\u0000')));
    return cameras;
  }

  isUp(camera: string): boolean {
    return !this.down.has(camera);
  }
}
