import type { Clock, TimerHandle } from '../../../simulators/clock/clock.ts';
import type { PullPolicy } from './pull-policy.ts';

/** One running pull (an ffmpeg reading the stream); kill() ends it and 'exit' follows. */
export interface PullProcess {
  kill(): void;
}

export interface PullEvents {
  /** The cumulative frame count the puller has read so far, reported as it grows. */
  frames(total: number): void;
  exit(): void;
}

export type PullSpawner = (url: string, events: PullEvents) => PullProcess;

/** One bare TCP connection attempt to the stream's host and port: whether it was accepted. */
export type Knock = (url: string) => Promise<boolean>;

/** How often the puller looks at its stream. */
const tickMs = 1_000;
/** A stream that played this long counts as healthy: the back-off starts over. */
const healthyAfterMs = 10_000;

/**
 * Keeps one camera pulled according to a policy: starts the pull, watches its frame count,
 * raises the offline alarm when frames stop for `stallMs`, clears it when they return, and
 * reconnects (or not) as the policy says. Time comes from the injected clock.
 */
export class CameraPuller {
  private process: PullProcess | undefined;
  private retry: TimerHandle | undefined;
  private readonly ticker: TimerHandle;
  private lastFrameMs: number;
  private lastStartMs = 0;
  private streamingSinceMs: number | undefined;
  private framesThisRun = 0;
  private failures = 0;
  private alarmRaised = false;
  /** Whether any pull of this camera ever delivered a frame. */
  private everStreamed = false;
  private stopped = false;
  /** Attempts made so far (each spawn of a pull). */
  attempts = 0;

  constructor(
    private readonly url: string,
    private readonly spawn: PullSpawner,
    private readonly clock: Clock,
    private readonly policy: PullPolicy,
    private readonly onAlarm: (state: 'raised' | 'cleared') => void,
    /** How a tight-loop hub retries: knocking on the port flat out, starting a pull once it opens. */
    private readonly knock?: Knock,
  ) {
    this.lastFrameMs = clock.now();
    this.ticker = clock.setInterval(() => this.tick(), tickMs);
    this.start();
  }

  get running(): boolean {
    return this.process !== undefined;
  }

  get alarm(): boolean {
    return this.alarmRaised;
  }

  private start(): void {
    this.retry = undefined;
    if (this.stopped) return;
    this.attempts++;
    this.lastStartMs = this.clock.now();
    this.framesThisRun = 0;
    this.streamingSinceMs = undefined;
    const proc = this.spawn(this.url, {
      frames: (total) => this.onFrames(proc, total),
      exit: () => this.onExit(proc),
    });
    this.process = proc;
  }

  private onFrames(proc: PullProcess, total: number): void {
    if (proc !== this.process || total <= this.framesThisRun) return;
    this.framesThisRun = total;
    this.everStreamed = true;
    const now = this.clock.now();
    this.lastFrameMs = now;
    this.streamingSinceMs ??= now;
    if (this.alarmRaised) {
      this.alarmRaised = false;
      this.onAlarm('cleared');
    }
  }

  private onExit(proc: PullProcess): void {
    if (proc !== this.process) return;
    this.process = undefined;
    if (this.stopped) return;
    const now = this.clock.now();
    if (this.streamingSinceMs !== undefined && now - this.streamingSinceMs >= healthyAfterMs) this.failures = 0;
    this.failures++;
    const { reconnect, firstRetryMs, maxRetryMs, tightRetryMs } = this.policy;
    if (reconnect === 'never') return;
    // The careless hub retries only streams it once had: one that failed at start stays dark.
    if (!this.policy.retryNeverStarted && !this.everStreamed) return;
    if (reconnect === 'tight-loop') {
      this.retry = this.clock.setTimeout(() => this.knockUntilOpen(), tightRetryMs);
      return;
    }
    this.retry = this.clock.setTimeout(() => this.start(), Math.min(maxRetryMs, firstRetryMs * 2 ** (this.failures - 1)));
  }

  private knockUntilOpen(): void {
    this.retry = undefined;
    if (this.stopped) return;
    if (this.knock === undefined) return this.start();
    this.attempts++;
    void this.knock(this.url).then((open) => {
      if (this.stopped) return;
      if (open) this.start();
      else this.retry = this.clock.setTimeout(() => this.knockUntilOpen(), this.policy.tightRetryMs);
    });
  }

  private tick(): void {
    if (this.stopped) return;
    const now = this.clock.now();
    const { stallMs, startupMs, watchFrames } = this.policy;
    const started = this.framesThisRun > 0 || now - this.lastStartMs >= startupMs;
    const stalled = this.framesThisRun > 0 ? now - this.lastFrameMs >= stallMs : now - this.lastStartMs >= startupMs;
    // A hub watching frames gives up on a silent session; one that does not waits for the socket to close.
    if (this.process !== undefined && watchFrames && stalled) this.process.kill();
    const blind = now - this.lastFrameMs >= stallMs && (this.process === undefined || (watchFrames && started));
    if (blind && !this.alarmRaised) {
      this.alarmRaised = true;
      this.onAlarm('raised');
    }
  }

  /** Stops pulling for good. Idempotent. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.ticker.cancel();
    this.retry?.cancel();
    this.process?.kill();
  }
}
