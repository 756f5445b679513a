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

/** What a camera does with a new subscription when its slots are full: refuse it, end its oldest, or take it and never deliver. */
export type SlotsFullMode = 'fault' | 'evict-oldest' | 'silent-drop';

/**
 * Where a camera's firmware departs from the default broker (the quirk library supplies it):
 * how messages look on their way to subscribers, and how many subscriptions it keeps.
 */
export interface EventBrokerPolicy {
  /** Whether shape() changes anything (when false it is not called). */
  readonly bendsEvents: boolean;
  shape(messages: readonly EventMessage[]): EventMessage[];
  subscriptionSlots(): { max: number; whenFull: SlotsFullMode } | undefined;
}

/** A property's state is per topic and source (a recorder has one per recording and track). */
function propertyKey(m: EventMessage): string {
  let key = m.topic;
  for (const [, v] of m.source) key += `\n${v}`;
  return key;
}

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
  /** Subscriptions taken when the slots were full under 'silent-drop': they answer, and never get a message. */
  private readonly muted = new Set<string>();

  constructor(
    private readonly clock: Clock,
    sources: TopicSources,
    private readonly policy?: EventBrokerPolicy,
  ) {
    for (const m of initialPropertyMessages(clock.now(), sources)) this.properties.set(propertyKey(m), m);
  }

  get subscriptionCount(): number {
    return this.subs.size;
  }

  /** CreatePullPointSubscription; undefined when the camera already holds its maximum of pull points. */
  create(terminationMs: number, filter: EventFilter | undefined): PullPointSubscription | undefined {
    this.prune();
    const admission = this.admit(PullPointSubscription);
    if (admission === 'refuse') return undefined;
    const sub = new PullPointSubscription(randomUUID(), terminationMs, terminationMs - this.clock.now(), filter);
    this.subs.set(sub.id, sub);
    if (admission === 'mute') this.muted.add(sub.id);
    else this.initialize(sub);
    return sub;
  }

  /** A new subscriber's first messages: every property's current value as Initialized. */
  private initialize(sub: EventSubscription): void {
    const messages: EventMessage[] = [];
    for (const m of this.properties.values()) messages.push({ ...m, operation: 'Initialized' });
    for (const m of this.shaped(messages)) sub.push(m);
  }

  private shaped(messages: readonly EventMessage[]): readonly EventMessage[] {
    return this.policy?.bendsEvents === true ? this.policy.shape(messages) : messages;
  }

  /**
   * Whether a new subscription of this kind fits: at the slot limit (16, or a quirk's) the mode
   * decides: refuse it, end the oldest of the kind to make room, or take it muted.
   */
  private admit(kind: typeof PullPointSubscription | typeof PushSubscription): 'take' | 'refuse' | 'mute' {
    const slots = this.policy?.subscriptionSlots() ?? { max: MAX_SUBSCRIPTIONS_PER_CAMERA, whenFull: 'fault' };
    if (this.countOf(kind) < slots.max) return 'take';
    if (slots.whenFull === 'fault') return 'refuse';
    if (slots.whenFull === 'silent-drop') return 'mute';
    for (const [id, s] of this.subs) {
      if (!(s instanceof kind)) continue;
      this.unsubscribe(id);
      if (this.countOf(kind) < slots.max) break;
    }
    return 'take';
  }

  /**
   * Subscribe (WS-BaseNotification push): the new subscription holds the current property state
   * as Initialized messages; the caller flush()es once the SubscribeResponse is out, so the
   * consumer learns the subscription before its first Notify. undefined at the maximum.
   */
  subscribe(
    consumerUrl: string,
    terminationMs: number,
    filter: EventFilter | undefined,
    deliver: NotifyDelivery,
  ): PushSubscription | undefined {
    this.prune();
    const admission = this.admit(PushSubscription);
    if (admission === 'refuse') return undefined;
    const sub = new PushSubscription(randomUUID(), consumerUrl, terminationMs, filter, this.clock, deliver, (s) =>
      this.unsubscribe(s.id),
    );
    this.subs.set(sub.id, sub);
    if (admission === 'mute') this.muted.add(sub.id);
    else this.initialize(sub);
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
    for (const m of messages) {
      if (m.property === false) continue;
      // A property whose source went (a deleted recording job) is no longer told to new subscribers.
      if (m.operation === 'Deleted') this.properties.delete(propertyKey(m));
      else this.properties.set(propertyKey(m), m);
    }
    this.prune();
    const sent = this.shaped(messages);
    for (const [id, s] of this.subs) {
      if (this.muted.size > 0 && this.muted.has(id)) continue;
      for (const m of sent) s.push(m);
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
    if (!this.muted.has(id)) this.initialize(sub);
    sub.flush();
    return true;
  }

  unsubscribe(id: string): boolean {
    const sub = this.subs.get(id);
    if (sub === undefined) return false;
    this.subs.delete(id);
    this.muted.delete(id);
    sub.end();
    return true;
  }

  /** Drops every subscription (a reboot or the camera leaving); parked pulls answer empty, pushes stop. */
  clear(): void {
    for (const s of this.subs.values()) s.end();
    this.subs.clear();
    this.muted.clear();
  }

  private prune(): void {
    const nowMs = this.clock.now();
    for (const [id, s] of this.subs) {
      if (s.terminationMs <= nowMs) {
        this.subs.delete(id);
        this.muted.delete(id);
        s.end();
      }
    }
  }
}
