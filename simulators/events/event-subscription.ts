import type { EventMessage } from './event-message.ts';

/** What the broker needs of a subscription, pull point or push (WS-BaseNotification) alike. */
export interface EventSubscription {
  readonly id: string;
  terminationMs: number;
  /** Queues a message when the filter accepts it; flush() after a batch hands the batch on. */
  push(message: EventMessage): void;
  flush(): void;
  /** The subscription is over (unsubscribed, expired, camera down): answer waiters, stop deliveries. */
  end(): void;
}
