import type { ObservationLog } from '../../simulators/observations/observation-log.ts';
import type { HubEgressObservation, Observation } from '../../simulators/observations/observation.ts';
import { SessionSpanBuilder, withSessionSpans } from '../spec/evidence/session-spans.ts';

/**
 * What `camlab load` judges while the run plays (abortOnFail thresholds and the simulator's
 * headroom, when a stage ends): every RTSP session of the whole run, rebuilt as observations are
 * recorded (counters in columns, as judging holds them), and the hub's egress since the stage
 * being judged began. The log's memory holds only its newest observations once it spills (at
 * 2,000 cameras, the last ~8 minutes in 256 MiB), and a stage's metrics need every session still
 * playing, opened however long ago: so this follows the log from the start, reading back first
 * what it had recorded (spilled or not) before following, and stage metrics over it are the ones
 * the whole log gives.
 */
export class LiveStageEvidence {
  private readonly sessions = new SessionSpanBuilder();
  private egress: HubEgressObservation[] = [];
  private readonly following: ReturnType<ObservationLog['follow']>;
  /** Resolves once what the log held when following began has been read back. */
  readonly ready: Promise<void>;

  constructor(log: ObservationLog) {
    this.following = log.follow((o) => this.observe(o));
    this.ready = this.following.caughtUp;
  }

  private observe(o: Observation): void {
    if (o.kind === 'hub.egress') this.egress.push(o);
    else this.sessions.observe(o);
  }

  /** Observations recorded while following began that could not be held: the live checks judge short of them. */
  get missed(): number {
    return this.following.missed();
  }

  /**
   * The evidence so far as stageMetrics() and framesSkippedIn() read it: every session, and the
   * egress observations recorded from `sinceMs` on (older ones are let go: a stage is judged once).
   */
  observations(sinceMs: number): readonly Observation[] {
    this.egress = this.egress.filter((o) => o.atMs >= sinceMs);
    return withSessionSpans([...this.egress], [...this.sessions.soFar()]);
  }

  close(): void {
    this.following.stop();
  }
}
