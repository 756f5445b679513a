import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../clock/virtual-clock.ts';
import { DEVICE_TOPICS, deviceTopicMessages } from './device-topics.ts';
import { EventBroker, MAX_SUBSCRIPTIONS_PER_CAMERA } from './event-broker.ts';

const SRC = { videoSource: 'VS', videoSourceConfig: 'VSC', analyticsConfig: 'VA', rule: 'R' };

describe('EventBroker', () => {
  it('answers a parked pull with the whole batch of one device event', async () => {
    const clock = new VirtualClock(0);
    const broker = new EventBroker(clock, SRC);
    const sub = broker.create(60_000, undefined)!;
    await broker.pull(sub.id, 0, 10); // the initial property state
    const pulled = broker.pull(sub.id, 30_000, 10);
    broker.publish(deviceTopicMessages('motion', true, clock.now(), SRC));
    const r = await pulled;
    expect(r.kind === 'messages' && r.messages.map((m) => m.topic)).toEqual([
      'tns1:VideoSource/MotionAlarm',
      'tns1:RuleEngine/CellMotionDetector/Motion',
    ]);
    expect(clock.pendingCount()).toBe(0);
  });

  it('times a pull out empty on the clock, respects the message limit, and each pull keeps the pull point alive', async () => {
    const clock = new VirtualClock(0);
    const broker = new EventBroker(clock, SRC);
    const sub = broker.create(60_000, { topics: ['VideoSource/MotionAlarm'] })!;
    expect((await broker.pull(sub.id, 0, 10)).kind === 'messages').toBe(true);
    const pulled = broker.pull(sub.id, 5_000, 10);
    clock.advance(5_000);
    // Termination: the wait's end plus the 60 s keep-alive interval the subscription was created with.
    expect(await pulled).toEqual({ kind: 'messages', messages: [], terminationMs: 65_000 });
    broker.publish(deviceTopicMessages('motion', true, 1, SRC));
    broker.publish(deviceTopicMessages('motion', false, 2, SRC));
    const one = await broker.pull(sub.id, 0, 1);
    expect(one.kind === 'messages' && one.messages.map((m) => m.utcMs)).toEqual([1]);
    expect(one.kind === 'messages' && one.terminationMs).toBe(65_000);
    clock.advance(59_999);
    expect(broker.get(sub.id)).toBe(sub);
    clock.advance(1);
    expect(broker.get(sub.id)).toBeUndefined();
  });

  it('starts every subscription with each declared property topic Initialized to false, before anything was raised', async () => {
    const clock = new VirtualClock(7);
    const broker = new EventBroker(clock, SRC);
    const sub = broker.create(60_000, undefined)!;
    const r = await broker.pull(sub.id, 0, 10);
    const messages = r.kind === 'messages' ? r.messages : [];
    expect(messages.map((m) => m.topic.replace('tns1:', '')).sort()).toEqual([...DEVICE_TOPICS].sort());
    expect(
      messages.every((m) => m.operation === 'Initialized' && m.utcMs === 7 && m.data.every(([, v]) => v === 'false')),
    ).toBe(true);
    expect(messages[0]!.source).toEqual([['Source', 'VS']]);
  });

  it('gives new subscribers the current property state as Initialized, filtered by topic', async () => {
    const clock = new VirtualClock(0);
    const broker = new EventBroker(clock, SRC);
    broker.publish(deviceTopicMessages('tamper', true, 0, SRC));
    broker.publish(deviceTopicMessages('motion', false, 0, SRC));
    const sub = broker.create(60_000, { topics: ['VideoSource/GlobalSceneChange'] })!;
    const r = await broker.pull(sub.id, 0, 10);
    expect(r.kind === 'messages' && r.messages.map((m) => [m.topic, m.operation])).toEqual([
      ['tns1:VideoSource/GlobalSceneChange/ImagingService', 'Initialized'],
    ]);
  });

  it('expires subscriptions, renews and unsubscribes, and caps their number', async () => {
    const clock = new VirtualClock(0);
    const broker = new EventBroker(clock, SRC);
    const sub = broker.create(1_000, undefined)!;
    clock.advance(1_000);
    expect(broker.get(sub.id)).toBeUndefined();
    expect(await broker.pull(sub.id, 0, 1)).toEqual({ kind: 'unknown' });
    const subs = Array.from({ length: MAX_SUBSCRIPTIONS_PER_CAMERA }, () => broker.create(10_000, undefined));
    expect(subs.every((s) => s !== undefined)).toBe(true);
    expect(broker.create(10_000, undefined)).toBeUndefined();
    expect(broker.unsubscribe(subs[0]!.id)).toBe(true);
    expect(broker.create(10_000, undefined)).toBeDefined();
    broker.clear();
    expect(broker.subscriptionCount).toBe(0);
  });
});
