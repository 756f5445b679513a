import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock/clock.ts';
import { type TopicSources, initialPropertyMessages } from './device-topics.ts';
import type { EventFilter } from './event-filter.ts';
import type { EventMessage } from './event-message.ts';
import type { EventSubscription } from './event-subscription.ts';
import { PullPointSubscription } from './pull-point-subscription.ts';
import { type NotifyDelivery, PushSubscription } from './push-subscription.ts';

/**
 * Subscriptions of each kind (pull points, push) one camera keeps at once; a hub leaking them
 * meets the limit as on real devices. GetServiceCapabilities advertises it as MaxPullPoints
 * and MaxNotificationProducers.
 */
export const MAX_SUBSCRIPTIONS_PER_CAMERA = 16;

export type PullResult = { kind: 'messages'; messages: EventMessage[]; terminationMs: number } | { kind: 'unknown' };

/**
 * The event subscriptions of one camera (pull points and WS-BaseNotification push), created
 * lazily on the first subscription. It keeps the current value of each property event, seeded
 * with every declared topic at false, so a new subscriber first gets all of them as
 * 'Initialized' messages (ONVIF Core §9.1 property semantics) whether or not they ever changed.
 * Expired pull points are pruned on use; push subscriptions also end on their own timer.
 */
export class EventBroker {
  private readonly subs = new Map<string, EventSubscription>();
  private readonly properties = new Map<string, EventMessage>();

  constructor(
    private readonly clock: Clock,
    sources: TopicSources,
  ) {
    for (const m of initialPropertyMessages(clock.now(), sources)) this.properties.set(m.topic, m);
  }

  get subscriptionCount(): number {
    return this.subs.size;
  }

  /** CreatePullPointSubscription; undefined when the camera already holds its maximum of pull points. */
  create(terminationMs: number, filter: EventFilter | undefined): PullPointSubscription | undefined {
    this.prune();
    if (this.countOf(PullPointSubscription) >= MAX_SUBSCRIPTIONS_PER_CAMERA) return undefined;
    const sub = new PullPointSubscription(randomUUID(), terminationMs, terminationMs - this.clock.now(), filter);
    this.subs.set(sub.id, sub);
    for (const m of this.properties.values()) sub.push({ ...m, operation: 'Initialized' });
    return sub;
  }

  /**
   * Subscribe (WS-BaseNotification push): the new subscription holds the current property state
   * as Initialized messages; the caller flush()es once the SubscribeResponse is out, so the
   * consumer learns the subscription before its first Notify. undefined at the maximum.
   */
  subscribe(consumerUrl: string, terminationMs: number, filter: EventFilter | undefined, deliver: NotifyDelivery): PushSubscription | undefined {
    this.prune();
    if (this.countOf(PushSubscription) >= MAX_SUBSCRIPTIONS_PER_CAMERA) return undefined;
    const sub = new PushSubscription(randomUUID(), consumerUrl, terminationMs, filter, this.clock, deliver, (s) => this.unsubscribe(s.id));
    this.subs.set(sub.id, sub);
    for (const m of this.properties.values()) sub.push({ ...m, operation: 'Initialized' });
    return sub;
  }

  /** A live pull point by id. */
  get(id: string): PullPointSubscription | undefined {
    const sub = this.subscription(id);
    return sub instanceof PullPointSubscription ? sub : undefined;
  }

  /** A live subscription of either kind by id. */
  subscription(id: string): EventSubscription | undefined {
    this.prune();
    return this.subs.get(id);
  }

  private countOf(kind: typeof PullPointSubscription | typeof PushSubscription): number {
    let n = 0;
    for (const s of this.subs.values()) if (s instanceof kind) n++;
    return n;
  }

  /** Records property state and hands the messages, as one batch, to every live subscription. */
  publish(messages: readonly EventMessage[]): void {
    for (const m of messages) this.properties.set(m.topic, m);
    this.prune();
    for (const s of this.subs.values()) {
      for (const m of messages) s.push(m);
      s.flush();
    }
  }

  /**
   * PullMessages: answer at once with queued messages, else wait up to timeoutMs for one. A pull
   * keeps its pull point alive (event.wsdl: TerminationTime is when it "will be shut down without
   * further pull requests"): the termination moves to at least the end of this wait plus the
   * subscription's keep-alive interval, so the client always has that long to pull again.
   */
  pull(id: string, timeoutMs: number, limit: number): Promise<PullResult> {
    const sub = this.get(id);
    if (sub === undefined) return Promise.resolve({ kind: 'unknown' });
    sub.terminationMs = Math.max(sub.terminationMs, this.clock.now() + timeoutMs + sub.keepAliveMs);
    const now = this.take(sub, limit);
    if (now !== undefined) return Promise.resolve(now);
    return new Promise((resolve) => {
      const timer = this.clock.setTimeout(() => sub.release(), timeoutMs);
      sub.wait(limit, timer, (messages) => resolve({ kind: 'messages', messages, terminationMs: sub.terminationMs }));
    });
  }

  private take(sub: PullPointSubscription, limit: number): PullResult | undefined {
    const messages = sub.take(limit);
    return messages === undefined ? undefined : { kind: 'messages', messages, terminationMs: sub.terminationMs };
  }

  /** SetSynchronizationPoint: the subscription gets every property's current value again. */
  synchronize(id: string): boolean {
    const sub = this.subscription(id);
    if (sub === undefined) return false;
    for (const m of this.properties.values()) sub.push({ ...m, operation: 'Initialized' });
    sub.flush();
    return true;
  }

  unsubscribe(id: string): boolean {
    const sub = this.subs.get(id);
    if (sub === undefined) return false;
    this.subs.delete(id);
    sub.end();
    return true;
  }

  /** Drops every subscription (a reboot or the camera leaving); parked pulls answer empty, pushes stop. */
  clear(): void {
    for (const s of this.subs.values()) s.end();
    this.subs.clear();
  }

  private prune(): void {
    const nowMs = this.clock.now();
    for (const [id, s] of this.subs) {
      if (s.terminationMs <= nowMs) {
        this.subs.delete(id);
        s.end();
      }
    }
  }
}
