import type { Clock, TimerHandle } from '../../../simulators/clock/clock.ts';
import type { ReadFrame } from './annexb-frame-reader.ts';
import type { PullPolicy } from './pull-policy.ts';

/** One running pull (an ffmpeg reading the stream); kill() ends it and 'exit' follows. */
export interface PullProcess {
  kill(): void;
  /** Stops reading the stream while keeping the connection open. */
  stopReading(): void;
}

export interface PullEvents {
  /** One picture read, with the camlab stamp it carried. */
  frame(frame: ReadFrame): void;
  /** The stream time (ms) of a packet, as the pull's demuxer made it from the camera's RTP timestamps. */
  mediaTime?(ms: number): void;
  /** The digest of each picture's image once it is read whole: the same digest, the same picture. */
  picture?(digest: string): void;
  /** A media packet of any track the pull read (reported by pulls that map audio as well as video). */
  packet?(): void;
  exit(): void;
}

export type PullSpawner = (url: string, events: PullEvents) => PullProcess;

/** One bare TCP connection attempt to the stream's host and port: whether it was accepted. */
export type Knock = (url: string) => Promise<boolean>;

/** What a periodic authenticated request to the camera found: fine, refused for good, or unreachable. */
export type HealthCheck = () => Promise<'ok' | 'refused' | 'unreachable'>;

export interface CameraPullerHooks {
  onAlarm(state: 'raised' | 'cleared'): void;
  /** Every picture the pull reads, for the hub's restream and recorder. */
  onFrame?(frame: ReadFrame): void;
  /** The stream time of each packet the current pull reads (restarts with each pull). */
  onMediaTime?(ms: number): void;
  /** How a tight-loop hub retries: knocking on the port flat out, starting a pull once it opens. */
  knock?: Knock;
  /** The sub stream's URL, for a hub that falls back to it when the main stream slows. */
  subUrl?: string;
  /** Runs every `healthCheckMs` while frames flow; 'refused' makes the hub give the camera up. */
  healthCheck?: HealthCheck;
}

/** How often the puller looks at its stream. */
const tickMs = 1_000;
/** Ticks of frame counts kept to compare a pull's rate with its recent past. */
const rateTicks = 8;
/** A stream that played this long counts as healthy: the back-off starts over. */
const healthyAfterMs = 10_000;

/**
 * Keeps one camera pulled according to a policy: starts the pull, watches its pictures, raises
 * the offline alarm when they stop for `stallMs`, clears it when they return, and reconnects (or
 * not) as the policy says. Time comes from the injected clock.
 */
export class CameraPuller {
  private process: PullProcess | undefined;
  private retry: TimerHandle | undefined;
  private readonly ticker: TimerHandle;
  /** When the pull last showed the camera live, as the policy reads it: a picture, or any media packet. */
  private lastLiveMs: number;
  private lastStartMs = 0;
  private streamingSinceMs: number | undefined;
  /** Whether the current pull has shown the camera live yet. */
  private liveThisRun = false;
  private failures = 0;
  private alarmRaised = false;
  private alarmChangedMs = 0;
  /** Whether any pull of this camera ever delivered a picture. */
  private everStreamed = false;
  /** The last picture's digest and since when every picture has been that one. */
  private lastDigest: string | undefined;
  private sameSinceMs = 0;
  /** Pictures keep coming but every one is the same: the camera's picture is frozen. */
  private frozen = false;
  /** A clear-early hub does not raise again until frames have come back. */
  private alarmSuppressed = false;
  /** A hub that tore its stream down or stopped reading considers the camera done with. */
  private gaveUp = false;
  private abandonTimer: TimerHandle | undefined;
  private checking = false;
  /** Pictures read in each of the last ticks, oldest first. */
  private readonly framesPerTick: number[] = [];
  private framesAtLastTick = 0;
  private slowTicks = 0;
  private lastCheckMs = 0;
  private stopped = false;
  /** Attempts made so far (each spawn of a pull). */
  attempts = 0;
  /** Pictures read over every pull. */
  framesTotal = 0;

  constructor(
    private url: string,
    private readonly spawn: PullSpawner,
    private readonly clock: Clock,
    private readonly policy: PullPolicy,
    private readonly hooks: CameraPullerHooks,
  ) {
    this.lastLiveMs = clock.now();
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
    if (this.stopped || this.gaveUp) return;
    this.attempts++;
    this.lastStartMs = this.clock.now();
    this.liveThisRun = false;
    this.streamingSinceMs = undefined;
    const proc = this.spawn(this.url, {
      frame: (frame) => this.onFrame(proc, frame),
      mediaTime: (ms) => {
        if (proc === this.process) this.hooks.onMediaTime?.(ms);
      },
      picture: (digest) => this.onPicture(proc, digest),
      packet: () => this.onPacket(proc),
      exit: () => this.onExit(proc),
    });
    this.process = proc;
  }

  private onFrame(proc: PullProcess, frame: ReadFrame): void {
    if (proc !== this.process) return;
    this.framesTotal++;
    this.everStreamed = true;
    const now = this.clock.now();
    if (this.streamingSinceMs === undefined) {
      this.streamingSinceMs = now;
      if (this.policy.session !== 'hold' && this.attempts === 1)
        this.abandonTimer = this.clock.setTimeout(() => this.abandon(), this.policy.tearDownAfterMs);
    }
    this.hooks.onFrame?.(frame);
    this.showsLife(now);
  }

  /** A hub that takes any media for a live camera: an audio packet alone clears its alarm and keeps the pull. */
  private onPacket(proc: PullProcess): void {
    if (proc !== this.process || this.policy.live !== 'any-media') return;
    this.showsLife(this.clock.now());
  }

  private showsLife(now: number): void {
    this.lastLiveMs = now;
    this.liveThisRun = true;
    this.alarmSuppressed = false;
    if (this.alarmRaised && !this.frozen && this.policy.alarms !== 'pulse') this.setAlarm(false);
  }

  /**
   * A hub watching pictures compares each with the one before: the same image for `stallMs` is a
   * frozen picture (the alarm goes up though frames flow), a new image ends it.
   */
  private onPicture(proc: PullProcess, digest: string): void {
    if (proc !== this.process || !this.policy.watchFrames) return;
    const now = this.clock.now();
    if (digest !== this.lastDigest) {
      this.lastDigest = digest;
      this.sameSinceMs = now;
      if (!this.frozen) return;
      this.frozen = false;
      if (this.alarmRaised && this.policy.alarms !== 'pulse') this.setAlarm(false);
      return;
    }
    if (this.frozen || now - this.sameSinceMs < this.policy.stallMs) return;
    this.frozen = true;
    if (!this.alarmRaised && !this.alarmSuppressed && this.policy.alarms !== 'pulse') this.setAlarm(true);
  }

  /** The faulty sessions: tear the stream down, or stop reading it, and look no further. */
  private abandon(): void {
    if (this.stopped || this.gaveUp) return;
    this.gaveUp = true;
    if (this.policy.session === 'tear-down') this.process?.kill();
    else this.process?.stopReading();
  }

  private onExit(proc: PullProcess): void {
    if (proc !== this.process) return;
    this.process = undefined;
    if (this.stopped || this.gaveUp) return;
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
    this.retry = this.clock.setTimeout(
      () => this.start(),
      Math.min(maxRetryMs, firstRetryMs * 2 ** (this.failures - 1)),
    );
  }

  private knockUntilOpen(): void {
    this.retry = undefined;
    if (this.stopped) return;
    const knock = this.hooks.knock;
    if (knock === undefined) return this.start();
    this.attempts++;
    void knock(this.url).then((open) => {
      if (this.stopped) return;
      if (open) this.start();
      else this.retry = this.clock.setTimeout(() => this.knockUntilOpen(), this.policy.tightRetryMs);
    });
  }

  private setAlarm(raised: boolean): void {
    this.alarmRaised = raised;
    this.alarmChangedMs = this.clock.now();
    this.hooks.onAlarm(raised ? 'raised' : 'cleared');
  }

  private tick(): void {
    if (this.stopped) return;
    const now = this.clock.now();
    const { stallMs, startupMs, watchFrames, alarms } = this.policy;
    if (alarms === 'pulse') {
      // Raised and cleared on a timer, whatever the camera does.
      if (now - this.alarmChangedMs >= (this.alarmRaised ? tickMs : this.policy.alarmPulseMs))
        this.setAlarm(!this.alarmRaised);
      return;
    }
    if (this.gaveUp) return;
    this.watchRate();
    const started = this.liveThisRun || now - this.lastStartMs >= startupMs;
    const stalled = this.liveThisRun ? now - this.lastLiveMs >= stallMs : now - this.lastStartMs >= startupMs;
    // A hub watching frames gives up on a silent session; one that does not waits for the socket to close.
    if (this.process !== undefined && watchFrames && stalled) this.process.kill();
    const blind = now - this.lastLiveMs >= stallMs && (this.process === undefined || (watchFrames && started));
    if (blind && !this.alarmRaised && !this.alarmSuppressed) this.setAlarm(true);
    if (alarms === 'clear-early' && this.alarmRaised && now - this.alarmChangedMs >= this.policy.clearEarlyMs) {
      this.alarmSuppressed = true;
      this.setAlarm(false);
    }
    if (!blind && this.process !== undefined && now - this.lastCheckMs >= this.policy.healthCheckMs)
      void this.check(now);
  }

  /** A hub that reacts to a pull's frame rate falling compares the last 3 s with the 5 s before. */
  private watchRate(): void {
    this.framesPerTick.push(this.framesTotal - this.framesAtLastTick);
    this.framesAtLastTick = this.framesTotal;
    if (this.framesPerTick.length > rateTicks) this.framesPerTick.shift();
    const ratio = this.policy.dropBelowRateRatio;
    if (ratio <= 0 || this.process === undefined || this.framesPerTick.length < rateTicks) return;
    const before = this.framesPerTick.slice(0, 5).reduce((a, b) => a + b, 0) / 5;
    const recent = this.framesPerTick.slice(-3).reduce((a, b) => a + b, 0) / 3;
    // Slow for three ticks running, so a loaded machine's hiccup in the reader is not a slow stream.
    this.slowTicks = before > 0 && recent < ratio * before ? this.slowTicks + 1 : 0;
    if (this.slowTicks < 3) return;
    this.slowTicks = 0;
    // The one that falls back pulls the sub stream from now on; the fragile one just drops the pull.
    if (
      this.policy.onSlowStream === 'sub-for-good' &&
      this.hooks.subUrl !== undefined &&
      this.url !== this.hooks.subUrl
    ) {
      this.url = this.hooks.subUrl;
      this.framesPerTick.length = 0;
    }
    this.process.kill();
  }

  private async check(now: number): Promise<void> {
    const healthCheck = this.hooks.healthCheck;
    if (healthCheck === undefined || this.checking) return;
    this.checking = true;
    this.lastCheckMs = now;
    try {
      if ((await healthCheck()) !== 'refused' || this.stopped) return;
      // A hub that takes a refusal for a wrong password stops pulling the camera.
      this.gaveUp = true;
      this.process?.kill();
    } finally {
      this.checking = false;
    }
  }

  /** Pulls `url` from now on (the camera moved): the current pull ends and the next starts at once. */
  retarget(url: string): void {
    if (this.stopped || this.url === url) return;
    this.url = url;
    this.failures = 0;
    this.retry?.cancel();
    this.retry = undefined;
    const old = this.process;
    this.process = undefined;
    old?.kill();
    if (!this.gaveUp) this.start();
  }

  /** Stops pulling for good. Idempotent. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.ticker.cancel();
    this.retry?.cancel();
    this.abandonTimer?.cancel();
    this.process?.kill();
  }
}
