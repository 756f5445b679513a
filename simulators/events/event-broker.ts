import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock/clock.ts';
import type { EventMessage } from './event-message.ts';
import { PullPointSubscription } from './pull-point-subscription.ts';

/** Subscriptions one camera keeps at once; a hub leaking them meets the limit as on real devices. */
export const MAX_SUBSCRIPTIONS_PER_CAMERA = 16;

export type PullResult = { kind: 'messages'; messages: EventMessage[]; terminationMs: number } | { kind: 'unknown' };

/**
 * The pull-point subscriptions of one camera, created lazily on the first CreatePullPointSubscription.
 * It keeps the current value of each property event so a new subscriber first gets them as
 * 'Initialized' messages (ONVIF Core §9.1 property semantics). Expired subscriptions are pruned on use.
 */
export class EventBroker {
  private readonly subs = new Map<string, PullPointSubscription>();
  private readonly properties = new Map<string, EventMessage>();

  constructor(private readonly clock: Clock) {}

  get subscriptionCount(): number {
    return this.subs.size;
  }

  /** undefined when the camera already holds its maximum of live subscriptions. */
  create(terminationMs: number, topicFilter: readonly string[] | undefined): PullPointSubscription | undefined {
    this.prune();
    if (this.subs.size >= MAX_SUBSCRIPTIONS_PER_CAMERA) return undefined;
    const sub = new PullPointSubscription(randomUUID(), terminationMs, topicFilter);
    this.subs.set(sub.id, sub);
    for (const m of this.properties.values()) sub.push({ ...m, operation: 'Initialized' });
    return sub;
  }

  get(id: string): PullPointSubscription | undefined {
    this.prune();
    return this.subs.get(id);
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

  /** PullMessages: answer at once with queued messages, else wait up to timeoutMs for one. */
  pull(id: string, timeoutMs: number, limit: number): Promise<PullResult> {
    const sub = this.get(id);
    if (sub === undefined) return Promise.resolve({ kind: 'unknown' });
    const now = this.take(sub, limit);
    if (now !== undefined) return Promise.resolve(now);
    return new Promise((resolve) => {
      const waitMs = Math.max(0, Math.min(timeoutMs, sub.terminationMs - this.clock.now()));
      const timer = this.clock.setTimeout(() => sub.release(), waitMs);
      sub.wait(limit, timer, (messages) => resolve({ kind: 'messages', messages, terminationMs: sub.terminationMs }));
    });
  }

  private take(sub: PullPointSubscription, limit: number): PullResult | undefined {
    const messages = sub.take(limit);
    return messages === undefined ? undefined : { kind: 'messages', messages, terminationMs: sub.terminationMs };
  }

  /** SetSynchronizationPoint: the subscription gets every property's current value again. */
  synchronize(id: string): boolean {
    const sub = this.get(id);
    if (sub === undefined) return false;
    for (const m of this.properties.values()) sub.push({ ...m, operation: 'Initialized' });
    sub.flush();
    return true;
  }

  unsubscribe(id: string): boolean {
    const sub = this.subs.get(id);
    if (sub === undefined) return false;
    this.subs.delete(id);
    sub.release();
    return true;
  }

  /** Drops every subscription (a reboot or the camera leaving); parked pulls answer empty. */
  clear(): void {
    for (const s of this.subs.values()) s.release();
    this.subs.clear();
  }

  private prune(): void {
    const nowMs = this.clock.now();
    for (const [id, s] of this.subs) {
      if (s.terminationMs <= nowMs) {
        this.subs.delete(id);
        s.release();
      }
    }
  }
}
