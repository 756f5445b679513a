import { once } from 'node:events';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { onvifUrl } from '../../camera/uris.ts';
import { VirtualClock } from '../../clock/virtual-clock.ts';
import { NOTIFY_TIMEOUT_MS } from '../../events/post-notify.ts';
import { PUSH_MAX_QUEUED } from '../../events/push-subscription.ts';
import { isoTime } from '../../wire/soap-writer.ts';
import { ADMIN, type OnvifFixture, startOnvifFixture } from './onvif-fixture.ts';
import { call, connectCam } from './onvif-client.ts';
import { httpRequest, soapEnvelope } from './http-soap-client.ts';
import { HangingConsumer, NotifyConsumer, type ParsedNotificationMessage } from './notify-consumer.ts';

const WSNT = 'xmlns:wsnt="http://docs.oasis-open.org/wsn/b-2" xmlns:wsa="http://www.w3.org/2005/08/addressing"';
const TEV = 'xmlns:tev="http://www.onvif.org/ver10/events/wsdl"';
const CONCRETE_SET = 'http://www.onvif.org/ver10/tev/topicExpression/ConcreteSet';
const ITEM_FILTER = 'http://www.onvif.org/ver10/tev/messageContentFilter/ItemFilter';

function subscribeXml(consumer: string, opts: { termination?: string; filter?: string } = {}): string {
  return (
    `<wsnt:Subscribe ${WSNT}><wsnt:ConsumerReference><wsa:Address>${consumer}</wsa:Address></wsnt:ConsumerReference>` +
    (opts.filter === undefined ? '' : `<wsnt:Filter>${opts.filter}</wsnt:Filter>`) +
    (opts.termination === undefined
      ? ''
      : `<wsnt:InitialTerminationTime>${opts.termination}</wsnt:InitialTerminationTime>`) +
    '</wsnt:Subscribe>'
  );
}

const topicFilter = (expr: string, dialect = CONCRETE_SET): string =>
  `<wsnt:TopicExpression Dialect="${dialect}">${expr}</wsnt:TopicExpression>`;
const contentFilter = (expr: string): string =>
  `<wsnt:MessageContent Dialect="${ITEM_FILTER}">${expr}</wsnt:MessageContent>`;
const tag = (xml: string, name: string): string | undefined =>
  new RegExp(`<[a-z0-9]+:${name}>([^<]*)</[a-z0-9]+:${name}>`).exec(xml)?.[1];

describe('WS-BaseNotification push: Subscribe, Notify, Renew, Unsubscribe', () => {
  // Near real time: the UsernameToken's Created is checked against it.
  const clock = new VirtualClock(Date.now());
  let fx: OnvifFixture;
  let consumer: NotifyConsumer;
  const sockets = (): string[] => process.getActiveResourcesInfo().filter((r) => /TCP|UDP/.test(r));
  const socketsBefore = sockets();

  beforeAll(async () => {
    fx = await startOnvifFixture(41, ['fixed-1080p', 'ptz-dome'], clock);
    consumer = await NotifyConsumer.start('127.12.41.100');
  });

  afterAll(async () => {
    await fx.close();
    await consumer.close();
    expect(clock.pendingCount()).toBe(0);
    await vi.waitFor(() => expect(sockets()).toEqual(socketsBefore), { timeout: 5000 });
  });

  const post = (url: string, body: string): Promise<{ status: number; body: string }> =>
    httpRequest(url, 'POST', soapEnvelope(body, ADMIN));
  const events = (i = 0): string => onvifUrl(fx.cameras[i]!, 'events');
  const subscribe = async (
    path: string,
    opts: { termination?: string; filter?: string; camera?: number } = {},
  ): Promise<{ manager: string; body: string }> => {
    const reply = await post(events(opts.camera), subscribeXml(consumer.url(path), opts));
    expect(reply.status, reply.body).toBe(200);
    return { manager: /<wsa:Address>([^<]+)<\/wsa:Address>/.exec(reply.body)![1]!, body: reply.body };
  };
  const notifyObservations = (manager: string) =>
    fx.log.ofKind('onvif.notify').filter((o) => manager.endsWith(`/${o.subscription}`));
  /** The messages pushed to `path` so far, once there are at least `count` (Notifies may batch them either way). */
  const messagesAt = async (path: string, count: number): Promise<ParsedNotificationMessage[]> => {
    const all = (): ParsedNotificationMessage[] =>
      consumer.received.filter((r) => r.path === path).flatMap((r) => r.messages);
    await vi.waitFor(() => expect(all().length).toBeGreaterThanOrEqual(count), { timeout: 5_000 });
    return all();
  };

  it('pushes a motion event raised by the fleet to a real consumer, from the camera address', async () => {
    const camera = fx.cameras[0]!;
    const { manager, body } = await subscribe('/motion', { termination: 'PT60S' });
    expect(manager).toMatch(new RegExp(`^${events()}/subscription/[0-9a-f-]{36}$`));
    expect(Date.parse(tag(body, 'TerminationTime')!) - Date.parse(tag(body, 'CurrentTime')!)).toBe(60_000);
    const utcTime = isoTime(fx.server.device(camera.id)!.deviceTimeMs(clock.now()));
    camera.raiseEvent('motion', true);
    // First the state of every declared property (nothing raised yet: all false), then the motion.
    const messages = await messagesAt('/motion', 5);
    const [notify] = await consumer.atLeast('/motion', 1);
    expect(notify!.from).toBe(camera.network.address);
    expect(notify!.contentType).toMatch(/^application\/soap\+xml/);
    expect(notify!.action).toBe('http://docs.oasis-open.org/wsn/bw-2/NotificationConsumer/Notify');
    expect(messages.slice(0, 3).map((m) => [m.topic, m.operation, m.data])).toEqual([
      ['tns1:VideoSource/MotionAlarm', 'Initialized', { State: 'false' }],
      ['tns1:RuleEngine/CellMotionDetector/Motion', 'Initialized', { IsMotion: 'false' }],
      ['tns1:VideoSource/GlobalSceneChange/ImagingService', 'Initialized', { State: 'false' }],
    ]);
    expect(messages.slice(3)).toEqual([
      {
        topic: 'tns1:VideoSource/MotionAlarm',
        subscription: manager,
        producer: events(),
        utcTime,
        operation: 'Changed',
        source: { Source: 'VideoSource_1' },
        data: { State: 'true' },
      },
      {
        topic: 'tns1:RuleEngine/CellMotionDetector/Motion',
        subscription: manager,
        producer: events(),
        utcTime,
        operation: 'Changed',
        source: {
          VideoSourceConfigurationToken: expect.any(String),
          VideoAnalyticsConfigurationToken: expect.any(String),
          Rule: expect.any(String),
        },
        data: { IsMotion: 'true' },
      },
    ]);
    await vi.waitFor(() => expect(notifyObservations(manager).reduce((n, o) => n + o.messages, 0)).toBe(5));
    for (const o of notifyObservations(manager))
      expect(o).toMatchObject({
        kind: 'onvif.notify',
        camera: camera.id,
        consumer: consumer.url('/motion'),
        outcome: 'delivered',
        httpStatus: 202,
        droppedTotal: 0,
      });
    expect(fx.log.ofKind('onvif.request').find((o) => o.operation === 'Subscribe')).toMatchObject({
      service: 'events',
      auth: 'digest',
      user: 'admin',
      httpStatus: 200,
    });
    expect((await post(manager, `<wsnt:Unsubscribe ${WSNT}/>`)).status).toBe(200);
  });

  it('sends the current property state as Initialized at subscription start, then only what the filter takes', async () => {
    const camera = fx.cameras[0]!;
    // Motion is still true from the test above: the new subscriber learns it at once.
    const { manager } = await subscribe('/topic', { filter: topicFilter('tns1:VideoSource/MotionAlarm') });
    const [initial] = await consumer.atLeast('/topic', 1);
    expect(initial!.messages.map((m) => [m.topic, m.operation, m.data])).toEqual([
      ['tns1:VideoSource/MotionAlarm', 'Initialized', { State: 'true' }],
    ]);
    camera.raiseEvent('tamper', true);
    camera.raiseEvent('motion', false);
    const got = await consumer.atLeast('/topic', 2);
    expect(got[1]!.messages.map((m) => [m.topic, m.operation, m.data])).toEqual([
      ['tns1:VideoSource/MotionAlarm', 'Changed', { State: 'false' }],
    ]);

    const content = await subscribe('/content', {
      filter: contentFilter('boolean(//tt:SimpleItem[@Name="IsMotion"])'),
    });
    const [contentInitial] = await consumer.atLeast('/content', 1);
    expect(contentInitial!.messages.map((m) => m.topic)).toEqual(['tns1:RuleEngine/CellMotionDetector/Motion']);
    for (const m of [manager, content.manager]) expect((await post(m, `<wsnt:Unsubscribe ${WSNT}/>`)).status).toBe(200);
  });

  it.each([
    [
      'an unknown topic dialect',
      { filter: topicFilter('tns1:VideoSource/MotionAlarm', 'http://example.com/xpath') },
      'wsnt:TopicExpressionDialectUnknownFault',
    ],
    [
      'an item filter as topic expression',
      { filter: topicFilter('boolean(//tt:SimpleItem[@Name="xyz" and @Value="xyz"])') },
      'wsnt:InvalidTopicExpressionFault',
    ],
    [
      'a topic outside the topic set',
      { filter: topicFilter('tns1:Device/Trigger/DigitalInput') },
      'wsnt:TopicNotSupportedFault',
    ],
    [
      'a broken message content filter',
      { filter: contentFilter('boolean(//tt:SimpleItem[@Name="IsMotion"') },
      'wsnt:InvalidMessageContentExpressionFault',
    ],
    [
      'an unsupported filter component',
      {
        filter:
          '<wsnt:ProducerProperties Dialect="http://www.w3.org/TR/1999/REC-xpath-19991116">boolean(1)</wsnt:ProducerProperties>',
      },
      'wsnt:InvalidFilterFault',
    ],
    ['a zero termination', { termination: 'PT0S' }, 'wsnt:UnacceptableInitialTerminationTimeFault'],
    [
      'a termination in the past',
      { termination: '2020-01-01T00:00:00Z' },
      'wsnt:UnacceptableInitialTerminationTimeFault',
    ],
    ['a termination that is no time', { termination: 'soon' }, 'wsnt:UnacceptableInitialTerminationTimeFault'],
  ])('refuses %s with %s', async (_name, opts, fault) => {
    const before = fx.server.device(fx.cameras[0]!.id)!.events.subscriptionCount;
    const reply = await post(events(), subscribeXml(consumer.url('/never'), opts));
    expect(reply.status).toBe(400);
    expect(reply.body).toContain('<env:Value>env:Sender</env:Value>');
    expect(reply.body).toContain(`<env:Value>${fault}</env:Value>`);
    expect(fx.server.device(fx.cameras[0]!.id)!.events.subscriptionCount).toBe(before);
    expect(fx.log.ofKind('onvif.request').at(-1)).toMatchObject({
      operation: 'Subscribe',
      httpStatus: 400,
      fault: 'ter:InvalidArgVal',
    });
  });

  it('refuses a consumer that is not an http:// address', async () => {
    const reply = await post(events(), subscribeXml('https://127.12.41.100/secure'));
    expect(reply.status).toBe(400);
    expect(reply.body).toContain('wsnt:SubscribeCreationFailedFault');
  });

  it('Renew extends a subscription past its first termination; expiry then stops delivery', async () => {
    const camera = fx.cameras[0]!;
    const { manager } = await subscribe('/renew', {
      termination: 'PT10S',
      filter: topicFilter('tns1:VideoSource/GlobalSceneChange//.'),
    });
    const { manager: witness } = await subscribe('/witness', {
      termination: 'PT1H',
      filter: topicFilter('tns1:VideoSource/GlobalSceneChange//.'),
    });
    await consumer.atLeast('/renew', 1); // the Initialized state
    await consumer.atLeast('/witness', 1);
    const renewed = await post(
      manager,
      `<wsnt:Renew ${WSNT}><wsnt:TerminationTime>PT60S</wsnt:TerminationTime></wsnt:Renew>`,
    );
    expect(renewed.status).toBe(200);
    expect(Date.parse(tag(renewed.body, 'TerminationTime')!) - Date.parse(tag(renewed.body, 'CurrentTime')!)).toBe(
      60_000,
    );
    clock.advance(30_000);
    camera.raiseEvent('tamper', false);
    expect((await consumer.atLeast('/renew', 2))[1]!.messages[0]!.data).toEqual({ State: 'false' });
    await consumer.atLeast('/witness', 2);

    clock.advance(31_000);
    const id = manager.slice(manager.lastIndexOf('/') + 1);
    expect(fx.server.device(camera.id)!.events.subscription(id)).toBeUndefined();
    camera.raiseEvent('tamper', true);
    await consumer.atLeast('/witness', 3);
    expect(consumer.received.filter((r) => r.path === '/renew')).toHaveLength(2);
    expect(notifyObservations(manager)).toHaveLength(2);
    const late = await post(
      manager,
      `<wsnt:Renew ${WSNT}><wsnt:TerminationTime>PT60S</wsnt:TerminationTime></wsnt:Renew>`,
    );
    expect(late.status).toBe(400);
    expect((await post(witness, `<wsnt:Unsubscribe ${WSNT}/>`)).status).toBe(200);
  });

  it('Unsubscribe stops delivery at once; a second Unsubscribe is a fault; bad renewals are refused', async () => {
    const camera = fx.cameras[0]!;
    const { manager } = await subscribe('/unsub', { filter: topicFilter('tns1:RuleEngine//.') });
    const { manager: witness } = await subscribe('/witness2', { filter: topicFilter('tns1:RuleEngine//.') });
    const badRenew = await post(
      manager,
      `<wsnt:Renew ${WSNT}><wsnt:TerminationTime>-PT5S</wsnt:TerminationTime></wsnt:Renew>`,
    );
    expect(badRenew.status).toBe(400);
    expect(badRenew.body).toContain('wsnt:UnacceptableTerminationTimeFault');
    expect(
      await post(
        manager,
        `<tev:PullMessages ${TEV}><tev:Timeout>PT1S</tev:Timeout><tev:MessageLimit>1</tev:MessageLimit></tev:PullMessages>`,
      ),
    ).toMatchObject({ status: 400 });
    await consumer.atLeast('/unsub', 1); // the Initialized state
    await consumer.atLeast('/witness2', 1);
    const unsub = await post(manager, `<wsnt:Unsubscribe ${WSNT}/>`);
    expect(unsub.body).toContain('<wsnt:UnsubscribeResponse/>');
    camera.raiseEvent('motion', true);
    await consumer.atLeast('/witness2', 2);
    expect(consumer.received.filter((r) => r.path === '/unsub')).toHaveLength(1);
    expect((await post(manager, `<wsnt:Unsubscribe ${WSNT}/>`)).status).toBe(400);
    expect((await post(witness, `<wsnt:Unsubscribe ${WSNT}/>`)).status).toBe(200);
  });

  it('SetSynchronizationPoint on the manager re-sends the property state', async () => {
    const { manager } = await subscribe('/sync', { filter: topicFilter('tns1:VideoSource/GlobalSceneChange//.') });
    await consumer.atLeast('/sync', 1);
    expect((await post(manager, `<tev:SetSynchronizationPoint ${TEV}/>`)).status).toBe(200);
    const got = await consumer.atLeast('/sync', 2);
    expect(got[1]!.messages.map((m) => [m.topic, m.operation])).toEqual([
      ['tns1:VideoSource/GlobalSceneChange/ImagingService', 'Initialized'],
    ]);
    expect((await post(manager, `<wsnt:Unsubscribe ${WSNT}/>`)).status).toBe(200);
  });

  it('a hanging and a dead consumer block neither the camera nor another subscriber', async () => {
    const camera = fx.cameras[1]!;
    const hanging = await HangingConsumer.start('127.12.41.101');
    const closed = createServer().listen(0, '127.12.41.102');
    await once(closed, 'listening');
    const deadUrl = `http://127.12.41.102:${(closed.address() as { port: number }).port}/dead`;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const filter = topicFilter('tns1:VideoSource/MotionAlarm');
    camera.raiseEvent('motion', false);
    const hangReply = await post(events(1), subscribeXml(hanging.url, { filter, termination: 'PT1H' }));
    const deadReply = await post(events(1), subscribeXml(deadUrl, { filter, termination: 'PT1H' }));
    const hangManager = /<wsa:Address>([^<]+)</.exec(hangReply.body)![1]!;
    const deadManager = /<wsa:Address>([^<]+)</.exec(deadReply.body)![1]!;
    const { manager: live } = await subscribe('/live', { filter, termination: 'PT1H', camera: 1 });
    await consumer.atLeast('/live', 1); // the Initialized state (motion false)

    // Rounds of events: the live consumer takes them all while the hanging one's queue overflows.
    const rounds = 3;
    const perRound = PUSH_MAX_QUEUED;
    for (let r = 0; r < rounds; r++) {
      for (let i = 0; i < perRound / 2; i++) camera.raiseEvent('motion', i % 2 === 0);
      await vi.waitFor(() =>
        expect(consumer.received.filter((x) => x.path === '/live').flatMap((x) => x.messages)).toHaveLength(
          1 + ((r + 1) * perRound) / 2,
        ),
      );
    }
    await hanging.connected();
    expect((await post(onvifUrl(camera, 'device'), '<tds:GetDeviceInformation/>')).status).toBe(200);
    await vi.waitFor(() =>
      expect(notifyObservations(deadManager).some((o) => o.outcome === 'failed' && o.error === 'ECONNREFUSED')).toBe(
        true,
      ),
    );
    expect(notifyObservations(hangManager)).toHaveLength(0);

    clock.advance(NOTIFY_TIMEOUT_MS);
    await vi.waitFor(() =>
      expect(notifyObservations(hangManager)[0]).toMatchObject({
        outcome: 'failed',
        error: `no answer within ${NOTIFY_TIMEOUT_MS} ms`,
        messages: 1,
      }),
    );
    const hangId = hangManager.slice(hangManager.lastIndexOf('/') + 1);
    // The Initialized message hangs in flight; of the events behind it only PUSH_MAX_QUEUED are kept.
    expect(notifyObservations(hangManager)[0]!.droppedTotal).toBe((rounds * perRound) / 2 - PUSH_MAX_QUEUED);
    expect(notifyObservations(live).every((o) => o.outcome === 'delivered' && o.droppedTotal === 0)).toBe(true);
    for (const m of [hangManager, deadManager, live])
      expect((await post(m, `<wsnt:Unsubscribe ${WSNT}/>`)).status).toBe(200);
    expect(fx.server.device(camera.id)!.events.subscription(hangId)).toBeUndefined();
    await hanging.close();
  });

  it('a camera reboot ends push subscriptions, as it ends pull points', async () => {
    const camera = fx.cameras[1]!;
    const { manager } = await subscribe('/reboot', { camera: 1 });
    await post(events(1), `<tev:CreatePullPointSubscription ${TEV}/>`);
    expect(fx.server.device(camera.id)!.events.subscriptionCount).toBe(2);
    camera.reboot(clock, 'test');
    expect(fx.server.device(camera.id)!.events.subscriptionCount).toBe(0);
    clock.advance(camera.model.bootTimeMs);
    await vi.waitFor(async () => expect((await post(manager, `<wsnt:Unsubscribe ${WSNT}/>`)).status).toBe(400));
  });

  it('the onvif npm client subscribes for push, gets the Notify and parses it, and unsubscribes', async () => {
    const camera = fx.cameras[0]!;
    const cam = await connectCam(camera, ADMIN.username, ADMIN.password, true);
    const sub = await call<{ subscriptionReference: { address: { href: string } } }>(cam, 'subscribe', {
      url: consumer.url('/onvif-npm'),
    });
    expect(sub.subscriptionReference.address.href).toContain('/onvif/events_service/subscription/');
    const [initial] = await consumer.atLeast('/onvif-npm', 1);
    const parsed = await new Promise<Array<{ topic: { _: string } }>>((resolve, reject) =>
      (cam.parseEventXML as (xml: string, cb: (err: Error | null, r: unknown) => void) => void).call(
        cam,
        initial!.body,
        (err, r) => (err ? reject(err) : resolve(([] as unknown[]).concat(r) as never)),
      ),
    );
    expect(parsed.map((m) => m.topic._)).toEqual(
      expect.arrayContaining(['tns1:VideoSource/MotionAlarm', 'tns1:RuleEngine/CellMotionDetector/Motion']),
    );
    await call(cam, 'unsubscribe');
    expect(fx.server.device(camera.id)!.events.subscriptionCount).toBe(0);
  });
});
