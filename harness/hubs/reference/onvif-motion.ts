import type { Cam } from 'onvif';
import type { Clock, TimerHandle } from '../../../simulators/clock/clock.ts';
import { connectCam } from './digest-stream-uri.ts';

/** The `onvif` client holds each PullMessages up to a minute (PT1M): its HTTP timeout must be longer. */
const pullTimeoutMs = 75_000;

/**
 * Whether a pull-point notification says motion started (true), ended (false) or is not about
 * motion (undefined): a Motion topic (MotionAlarm, CellMotionDetector/Motion) with a State or
 * IsMotion item, true or false however spelled ("true", "1", true).
 */
export function motionState(message: unknown): boolean | undefined {
  const m = message as
    { topic?: { _?: unknown }; message?: { message?: { data?: { simpleItem?: unknown } } } } | undefined;
  const topic = typeof m?.topic?._ === 'string' ? m.topic._ : '';
  if (!/motion/i.test(topic)) return undefined;
  const items = m?.message?.message?.data?.simpleItem;
  for (const item of Array.isArray(items) ? items : [items]) {
    const attrs = (item as { $?: { Name?: unknown; Value?: unknown } } | undefined)?.$;
    if (attrs?.Name !== 'IsMotion' && attrs?.Name !== 'State') continue;
    const value = String(attrs.Value).toLowerCase();
    if (value === 'true' || value === '1') return true;
    if (value === 'false' || value === '0') return false;
  }
  return undefined;
}

/**
 * A camera's motion alarm from its ONVIF events: the `onvif` client's pull-point loop
 * (CreatePullPointSubscription, PullMessages, Renew). The alarm is raised on motion and cleared
 * when the camera says motion ended, or, when `quietMs` is finite, once the camera has said
 * nothing about motion for that long (a camera that never sends IsMotion=false).
 */
export class MotionWatcher {
  private cam: Cam | undefined;
  private raised = false;
  private quiet: TimerHandle | undefined;
  private closed = false;

  constructor(
    private readonly deviceUrl: string,
    private readonly user: string,
    private readonly password: string,
    private readonly clock: Clock,
    private readonly quietMs: number,
    private readonly onAlarm: (state: 'raised' | 'cleared') => void,
  ) {}

  async start(): Promise<void> {
    const cam = await connectCam(this.deviceUrl, this.user, this.password, pullTimeoutMs);
    if (this.closed) return;
    this.cam = cam;
    // Errors are the client's to retry (it subscribes again); a hub keeps listening.
    cam.on('eventsError', () => undefined);
    cam.on('event', (message: unknown) => this.message(motionState(message)));
  }

  private message(motion: boolean | undefined): void {
    if (motion === undefined || this.closed) return;
    this.quiet?.cancel();
    this.quiet = undefined;
    if (motion && Number.isFinite(this.quietMs))
      this.quiet = this.clock.setTimeout(() => this.set(false), this.quietMs);
    this.set(motion);
  }

  private set(raised: boolean): void {
    if (raised === this.raised || this.closed) return;
    this.raised = raised;
    this.onAlarm(raised ? 'raised' : 'cleared');
  }

  /** Stops listening: the client ends its pull loop after the pull in flight. Idempotent. */
  close(): void {
    this.closed = true;
    this.quiet?.cancel();
    this.cam?.removeAllListeners('event');
  }
}
