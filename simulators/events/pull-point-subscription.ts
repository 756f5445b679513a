import type { TimerHandle } from '../clock/clock.ts';
import { type EventFilter, filterAccepts } from './event-filter.ts';
import type { EventMessage } from './event-message.ts';
import type { EventSubscription } from './event-subscription.ts';

/** Messages a subscription holds for a slow puller before it drops the oldest (and counts them). */
export const PULL_POINT_MAX_QUEUED = 256;

interface Waiter {
  limit: number;
  timer: TimerHandle;
  resolve: (messages: EventMessage[]) => void;
}

/** A WS-BaseNotification pull point: a bounded queue, an expiry, and at most one waiting PullMessages. */
export class PullPointSubscription implements EventSubscription {
  private queue: EventMessage[] = [];
  private waiter: Waiter | undefined;
  droppedTotal = 0;

  constructor(
    readonly id: string,
    public terminationMs: number,
    /** How long the client asked the pull point to live: each PullMessages grants that much again. */
    readonly keepAliveMs: number,
    readonly filter: EventFilter | undefined,
  ) {}

  /** Queues a message; call flush() after a batch so a parked pull gets the batch in one answer. */
  push(message: EventMessage): void {
    if (!filterAccepts(this.filter, message)) return;
    this.queue.push(message);
    if (this.queue.length > PULL_POINT_MAX_QUEUED) {
      this.queue.shift();
      this.droppedTotal++;
    }
  }

  flush(): void {
    if (this.waiter !== undefined && this.queue.length > 0) this.release();
  }

  /** Takes up to `limit` queued messages now, or undefined when none are queued. */
  take(limit: number): EventMessage[] | undefined {
    if (this.queue.length === 0) return undefined;
    return this.queue.splice(0, Math.max(1, limit));
  }

  /** Parks a PullMessages until a message arrives or its timer fires; a newer pull replaces it. */
  wait(limit: number, timer: TimerHandle, resolve: (messages: EventMessage[]) => void): void {
    this.release();
    this.waiter = { limit, timer, resolve };
  }

  end(): void {
    this.release();
  }

  /** Answers a parked pull with whatever is queued (possibly nothing). */
  release(): void {
    const w = this.waiter;
    if (w === undefined) return;
    this.waiter = undefined;
    w.timer.cancel();
    w.resolve(this.take(w.limit) ?? []);
  }
}
