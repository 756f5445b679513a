import type { TimerHandle } from '../clock/clock.ts';
import type { EventMessage } from './event-message.ts';

/** Messages a subscription holds for a slow puller before it drops the oldest (and counts them). */
export const PULL_POINT_MAX_QUEUED = 256;

interface Waiter {
  limit: number;
  timer: TimerHandle;
  resolve: (messages: EventMessage[]) => void;
}

/** A WS-BaseNotification pull point: a bounded queue, an expiry, and at most one waiting PullMessages. */
export class PullPointSubscription {
  private queue: EventMessage[] = [];
  private waiter: Waiter | undefined;
  droppedTotal = 0;

  constructor(
    readonly id: string,
    public terminationMs: number,
    /** Topic alternatives (without the tns1: prefix) a message must start with; undefined takes all. */
    readonly topicFilter: readonly string[] | undefined,
  ) {}

  accepts(topic: string): boolean {
    if (this.topicFilter === undefined) return true;
    const bare = topic.replace(/^tns1:/, '');
    return this.topicFilter.some((f) => bare === f || bare.startsWith(`${f}/`));
  }

  /** Queues a message; call flush() after a batch so a parked pull gets the batch in one answer. */
  push(message: EventMessage): void {
    if (!this.accepts(message.topic)) return;
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

  /** Answers a parked pull with whatever is queued (possibly nothing). */
  release(): void {
    const w = this.waiter;
    if (w === undefined) return;
    this.waiter = undefined;
    w.timer.cancel();
    w.resolve(this.take(w.limit) ?? []);
  }
}
