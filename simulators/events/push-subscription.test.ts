import { describe, expect, it, vi } from 'vitest';
import { VirtualClock } from '../clock/virtual-clock.ts';
import { deviceTopicMessages } from './device-topics.ts';
import { EventBroker, MAX_SUBSCRIPTIONS_PER_CAMERA } from './event-broker.ts';
import type { EventMessage } from './event-message.ts';
import { NOTIFY_MAX_MESSAGES, PUSH_MAX_QUEUED, type NotifyDelivery } from './push-subscription.ts';

const SRC = { videoSource: 'VS', videoSourceConfig: 'VSC', analyticsConfig: 'VA', rule: 'R' };

/** A delivery the test settles by hand: it shows what is in flight and when the next one starts. */
function manualDelivery(): {
  deliver: NotifyDelivery;
  inFlight: Array<{ messages: readonly EventMessage[]; signal: AbortSignal; settle: () => void }>;
} {
  const inFlight: Array<{ messages: readonly EventMessage[]; signal: AbortSignal; settle: () => void }> = [];
  const deliver: NotifyDelivery = (sub, messages, signal) =>
    new Promise<void>((resolve) => {
      inFlight.push({
        messages,
        signal,
        settle: () => {
          sub.counted(true, messages.length);
          resolve();
        },
      });
    });
  return { deliver, inFlight };
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('PushSubscription through the EventBroker', () => {
  it('sends the property state at once, keeps one Notify in flight, batches the rest and drops the oldest past the cap', async () => {
    const clock = new VirtualClock(0);
    const broker = new EventBroker(clock, SRC);
    broker.publish(deviceTopicMessages('tamper', true, 0, SRC));
    const { deliver, inFlight } = manualDelivery();
    const sub = broker.subscribe('http://consumer/', 60_000, undefined, deliver)!;
    expect(inFlight).toHaveLength(0);
    sub.flush();
    expect(inFlight.map((f) => f.messages.map((m) => m.operation))).toEqual([
      ['Initialized', 'Initialized', 'Initialized'],
    ]);
    const events = PUSH_MAX_QUEUED + 10;
    for (let i = 0; i < events; i++)
      broker.publish([{ ...deviceTopicMessages('tamper', i % 2 === 0, i, SRC)[0]!, utcMs: i }]);
    expect(inFlight).toHaveLength(1);
    expect(sub.queuedCount).toBe(PUSH_MAX_QUEUED);
    expect(sub.droppedTotal).toBe(10);
    inFlight[0]!.settle();
    await tick();
    expect(inFlight).toHaveLength(2);
    // The oldest were dropped: the first queued message now is event number 10.
    expect(inFlight[1]!.messages.map((m) => m.utcMs)).toEqual(
      Array.from({ length: NOTIFY_MAX_MESSAGES }, (_, i) => 10 + i),
    );
    inFlight[1]!.settle();
    await tick();
    expect(sub.deliveredTotal).toBe(3 + NOTIFY_MAX_MESSAGES);
    broker.clear();
    expect(inFlight[2]!.signal.aborted).toBe(true);
    expect(clock.pendingCount()).toBe(0);
  });

  it('ends on the clock at its termination time, a renewal moves that, and the limit is per kind', async () => {
    const clock = new VirtualClock(0);
    const broker = new EventBroker(clock, SRC);
    const { deliver, inFlight } = manualDelivery();
    const sub = broker.subscribe('http://consumer/', 10_000, { topics: ['VideoSource/MotionAlarm'] }, deliver)!;
    sub.flush();
    expect(inFlight.map((f) => f.messages.map((m) => [m.topic, m.operation]))).toEqual([
      [['tns1:VideoSource/MotionAlarm', 'Initialized']],
    ]);
    inFlight.shift()!.settle();
    await tick();
    clock.advance(5_000);
    sub.terminationMs = 20_000;
    clock.advance(10_000);
    expect(broker.subscription(sub.id)).toBe(sub);
    broker.publish(deviceTopicMessages('motion', true, clock.now(), SRC));
    expect(inFlight.map((f) => f.messages.map((m) => m.topic))).toEqual([['tns1:VideoSource/MotionAlarm']]);
    clock.advance(5_000);
    expect(broker.subscription(sub.id)).toBeUndefined();
    expect(sub.isEnded).toBe(true);
    expect(inFlight[0]!.signal.aborted).toBe(true);
    broker.publish(deviceTopicMessages('motion', false, clock.now(), SRC));
    expect(inFlight).toHaveLength(1);
    expect(clock.pendingCount()).toBe(0);

    const pushes = Array.from({ length: MAX_SUBSCRIPTIONS_PER_CAMERA }, () =>
      broker.subscribe('http://consumer/', 60_000, undefined, deliver),
    );
    expect(pushes.every((s) => s !== undefined)).toBe(true);
    expect(broker.subscribe('http://consumer/', 60_000, undefined, deliver)).toBeUndefined();
    expect(broker.create(60_000, undefined)).toBeDefined();
    broker.clear();
    expect(clock.pendingCount()).toBe(0);
  });

  it('counts a delivery that throws as failed and goes on with the next batch', async () => {
    const clock = new VirtualClock(0);
    const broker = new EventBroker(clock, SRC);
    let calls = 0;
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const sub = broker.subscribe('http://consumer/', 60_000, undefined, async () => {
        calls++;
        throw new Error('boom');
      })!;
      broker.publish(deviceTopicMessages('motion', true, 0, SRC));
      await tick();
      broker.publish(deviceTopicMessages('motion', false, 0, SRC));
      await tick();
      expect(calls).toBe(2);
      // The first batch carries the 3 Initialized messages queued at Subscribe with the first motion pair.
      expect(sub.failedTotal).toBe(3 + 4);
      expect(errors).toHaveBeenCalledTimes(2);
    } finally {
      errors.mockRestore();
      broker.clear();
    }
  });
});
