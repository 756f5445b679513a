import type { Clock, TimerHandle } from '../clock/clock.ts';
import { type EventFilter, filterAccepts } from './event-filter.ts';
import type { EventMessage } from './event-message.ts';
import type { EventSubscription } from './event-subscription.ts';

/** Messages held for a consumer slower than the events; past this the oldest is dropped and counted. */
export const PUSH_MAX_QUEUED = 64;
/** NotificationMessages carried by one Notify at most. */
export const NOTIFY_MAX_MESSAGES = 16;

/**
 * Sends one Notify with these messages to the subscription's consumer and records the outcome.
 * It settles once the consumer answered, refused or timed out, and never rejects: a failing
 * consumer is an observation. `signal` aborts it when the subscription ends.
 */
export type NotifyDelivery = (
  sub: PushSubscription,
  messages: readonly EventMessage[],
  signal: AbortSignal,
) => Promise<void>;

/**
 * A WS-BaseNotification push subscription: a bounded queue drained by one Notify at a time, so
 * a dead or slow consumer only ever holds its own queue (the camera and other subscribers never
 * wait for it). It ends itself on the clock at its termination time.
 */
export class PushSubscription implements EventSubscription {
  private queue: EventMessage[] = [];
  private sending = false;
  private ended = false;
  private expiry: TimerHandle | undefined;
  private termMs: number;
  private readonly abort = new AbortController();
  droppedTotal = 0;
  deliveredTotal = 0;
  failedTotal = 0;

  constructor(
    readonly id: string,
    /** The consumer's http:// address (ConsumerReference/Address). */
    readonly consumerUrl: string,
    terminationMs: number,
    readonly filter: EventFilter | undefined,
    private readonly clock: Clock,
    private readonly deliver: NotifyDelivery,
    private readonly onExpired: (sub: PushSubscription) => void,
  ) {
    this.termMs = terminationMs;
    this.armExpiry();
  }

  get terminationMs(): number {
    return this.termMs;
  }

  /** Renew: moves the termination time and its timer. */
  set terminationMs(ms: number) {
    this.termMs = ms;
    this.armExpiry();
  }

  get isEnded(): boolean {
    return this.ended;
  }

  get queuedCount(): number {
    return this.queue.length;
  }

  push(message: EventMessage): void {
    if (this.ended || !filterAccepts(this.filter, message)) return;
    this.queue.push(message);
    if (this.queue.length > PUSH_MAX_QUEUED) {
      this.queue.shift();
      this.droppedTotal++;
    }
  }

  flush(): void {
    if (!this.sending && !this.ended && this.queue.length > 0) void this.drain();
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.queue = [];
    this.expiry?.cancel();
    this.expiry = undefined;
    this.abort.abort();
  }

  /** Counts a delivery's outcome (the NotifyDelivery reports it). */
  counted(delivered: boolean, messages: number): void {
    if (delivered) this.deliveredTotal += messages;
    else this.failedTotal += messages;
  }

  private async drain(): Promise<void> {
    this.sending = true;
    while (!this.ended && this.queue.length > 0) {
      const batch = this.queue.splice(0, NOTIFY_MAX_MESSAGES);
      try {
        await this.deliver(this, batch, this.abort.signal);
      } catch (err) {
        console.error(`events: subscription ${this.id} delivery: ${(err as Error).stack ?? String(err)}`);
        this.counted(false, batch.length);
      }
    }
    this.sending = false;
  }

  private armExpiry(): void {
    this.expiry?.cancel();
    if (this.ended) return;
    this.expiry = this.clock.setTimeout(() => {
      this.expiry = undefined;
      this.onExpired(this);
    }, this.termMs - this.clock.now());
  }
}
