import type { Observation, RtspTransport, StreamProfileName } from '../observations/observation.ts';

export interface OpenSession {
  camera: string;
  session: string;
  client: string;
  user?: string;
  profile: StreamProfileName;
  transport: RtspTransport;
  playing: boolean;
  openedAtMs: number;
}

/**
 * The RTSP sessions open right now, and running frame totals, kept from the observation stream
 * so it works the same whether cameras run in this process or in workers.
 */
export class SessionTracker {
  private readonly open = new Map<string, OpenSession>();
  /** Last cumulative counters seen per session, to turn stats into deltas. */
  private readonly lastCounts = new Map<string, { sent: number; dropped: number; bytes: number }>();
  framesSentTotal = 0;
  framesDroppedTotal = 0;
  bytesSentTotal = 0;

  observe(o: Observation): void {
    switch (o.kind) {
      case 'rtsp.session.open':
        this.open.set(o.session, {
          camera: o.camera,
          session: o.session,
          client: o.client,
          user: o.user,
          profile: o.profile,
          transport: o.transport,
          playing: false,
          openedAtMs: o.atMs,
        });
        break;
      case 'rtsp.session.play': {
        const s = this.open.get(o.session);
        if (s !== undefined) s.playing = true;
        break;
      }
      case 'rtsp.session.stats':
        this.count(o.session, o.framesSent, o.framesDropped, o.bytesSent);
        break;
      case 'rtsp.session.close':
        this.count(o.session, o.framesSent, o.framesDropped, o.bytesSent);
        this.open.delete(o.session);
        this.lastCounts.delete(o.session);
        break;
      default:
        break;
    }
  }

  sessions(camera?: string): OpenSession[] {
    const all = [...this.open.values()];
    return camera === undefined ? all : all.filter((s) => s.camera === camera);
  }

  get openCount(): number {
    return this.open.size;
  }

  private count(session: string, sent: number, dropped: number, bytes: number): void {
    const last = this.lastCounts.get(session) ?? { sent: 0, dropped: 0, bytes: 0 };
    this.framesSentTotal += Math.max(0, sent - last.sent);
    this.framesDroppedTotal += Math.max(0, dropped - last.dropped);
    this.bytesSentTotal += Math.max(0, bytes - last.bytes);
    this.lastCounts.set(session, { sent, dropped, bytes });
  }
}
