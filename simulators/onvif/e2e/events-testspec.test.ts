import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { onvifUrl } from '../../camera/uris.ts';
import { VirtualClock } from '../../clock/virtual-clock.ts';
import { DEVICE_TOPICS } from '../../events/device-topics.ts';
import { MAX_SUBSCRIPTIONS_PER_CAMERA } from '../../events/event-broker.ts';
import { NS } from '../../wire/soap-writer.ts';
import { passwordDigest } from '../ws-security.ts';
import { type XmlElement, attr, child, parseXml, textAt } from '../../wire/xml-element.ts';
import { httpRequest, soapEnvelope } from './http-soap-client.ts';
import { NotifyConsumer, type ReceivedNotify } from './notify-consumer.ts';
import { ADMIN, type OnvifFixture, startOnvifFixture } from './onvif-fixture.ts';
import { eventSchemaFailures } from './event-schemas.ts';
import { wsdlAvailable, xmllintAvailable } from './onvif-wsdl-fixture.ts';
import { SpecClient, findAll } from './testspec-client.ts';

/*
 * The ONVIF Event Handling Device Test Specification (v21.12), case by case, over real HTTP
 * against the ptz-dome personality: each test is named by the case id and follows its steps and
 * pass criteria, including the WS-Addressing Action (Annex A.3) and RelatesTo of every answer.
 * Time runs on a VirtualClock, so the cases' waits (subscription timeouts, long polls) take none.
 */

const WSA_NS = 'http://www.w3.org/2005/08/addressing';
const WSNT = `xmlns:wsnt="${NS.wsnt}" xmlns:wsa="${WSA_NS}"`;
const TEV = `xmlns:tev="${NS.tev}"`;
const CONCRETE_SET = 'http://www.onvif.org/ver10/tev/topicExpression/ConcreteSet';
const CONCRETE = 'http://docs.oasis-open.org/wsn/t-1/TopicExpression/Concrete';
const ITEM_FILTER = 'http://www.onvif.org/ver10/tev/messageContentFilter/ItemFilter';
const FAULT_ACTION = 'http://www.w3.org/2005/08/addressing/soap/fault';
const WSRF_BF = 'http://docs.oasis-open.org/wsrf/bf-2';

/** Annex A.3: the Action of each request and of its response. */
const ACTIONS = {
  Subscribe: [
    'http://docs.oasis-open.org/wsn/bw-2/NotificationProducer/SubscribeRequest',
    'http://docs.oasis-open.org/wsn/bw-2/NotificationProducer/SubscribeResponse',
  ],
  Renew: [
    'http://docs.oasis-open.org/wsn/bw-2/SubscriptionManager/RenewRequest',
    'http://docs.oasis-open.org/wsn/bw-2/SubscriptionManager/RenewResponse',
  ],
  Unsubscribe: [
    'http://docs.oasis-open.org/wsn/bw-2/SubscriptionManager/UnsubscribeRequest',
    'http://docs.oasis-open.org/wsn/bw-2/SubscriptionManager/UnsubscribeResponse',
  ],
  GetEventProperties: [
    'http://www.onvif.org/ver10/events/wsdl/EventPortType/GetEventPropertiesRequest',
    'http://www.onvif.org/ver10/events/wsdl/EventPortType/GetEventPropertiesResponse',
  ],
  CreatePullPointSubscription: [
    'http://www.onvif.org/ver10/events/wsdl/EventPortType/CreatePullPointSubscriptionRequest',
    'http://www.onvif.org/ver10/events/wsdl/EventPortType/CreatePullPointSubscriptionResponse',
  ],
  PullMessages: [
    'http://www.onvif.org/ver10/events/wsdl/PullPointSubscription/PullMessagesRequest',
    'http://www.onvif.org/ver10/events/wsdl/PullPointSubscription/PullMessagesResponse',
  ],
  SetSynchronizationPoint: [
    'http://www.onvif.org/ver10/events/wsdl/PullPointSubscription/SetSynchronizationPointRequest',
    'http://www.onvif.org/ver10/events/wsdl/PullPointSubscription/SetSynchronizationPointResponse',
  ],
  // Annex A.3 prints the response action without "Response"; event.wsdl's wsaw:Action (used here) has it.
  GetServiceCapabilities: [
    'http://www.onvif.org/ver10/events/wsdl/EventPortType/GetServiceCapabilitiesRequest',
    'http://www.onvif.org/ver10/events/wsdl/EventPortType/GetServiceCapabilitiesResponse',
  ],
} as const;
type EventOperation = keyof typeof ACTIONS;

interface EventReply {
  status: number;
  xml: string;
  /** The …Response element, or env:Fault. */
  el: XmlElement;
  /** 'env:Sender ter:InvalidArgVal/wsnt:InvalidFilterFault' for a fault. */
  fault: string | undefined;
  /** The first element inside env:Detail of a fault. */
  detail: XmlElement | undefined;
}

interface Notification {
  topic: string;
  operation: string | undefined;
  utcTime: string | undefined;
  source: Array<[string, string]>;
  data: Array<[string, string]>;
}

function simpleItems(holder: XmlElement | undefined): Array<[string, string]> {
  return (holder?.children ?? [])
    .filter((c) => c.local === 'SimpleItem')
    .map((c) => [attr(c, 'Name') ?? '', attr(c, 'Value') ?? '']);
}

/** The NotificationMessages of a PullMessagesResponse or a Notify, read with the simulator-independent fields the cases check. */
function notifications(el: XmlElement): Notification[] {
  return findAll(el, 'NotificationMessage').map((nm) => {
    const msg = child(child(nm, 'Message'), 'Message');
    return {
      topic: textAt(nm, 'Topic') ?? '',
      operation: attr(msg, 'PropertyOperation'),
      utcTime: attr(msg, 'UtcTime'),
      source: simpleItems(child(msg, 'Source')),
      data: simpleItems(child(msg, 'Data')),
    };
  });
}

const ms = (xs: string | undefined): number => Date.parse(xs ?? '');
const topicFilter = (expr: string, dialect = CONCRETE_SET): string =>
  `<wsnt:Filter><wsnt:TopicExpression Dialect="${dialect}">${expr}</wsnt:TopicExpression></wsnt:Filter>`;
const contentFilter = (expr: string): string =>
  `<wsnt:Filter><wsnt:MessageContent Dialect="${ITEM_FILTER}">${expr}</wsnt:MessageContent></wsnt:Filter>`;
/** The ONVIF test tool's invalid filter (EVENT-2-1-19, 2-1-23, 3-1-17): an ItemFilter that does not parse. */
const INVALID_EXPRESSION = 'boolean((//tt:SimpleItem[@Name="xyz" and @Value="xyz"])';

/** The tns1-relative topics of the GetEventPropertiesResponse TopicSet: every element marked wstop:topic="true". */
function topicSetTopics(el: XmlElement): Array<{ topic: string; isProperty: boolean }> {
  const out: Array<{ topic: string; isProperty: boolean }> = [];
  const walk = (e: XmlElement, path: string[]): void => {
    for (const c of e.children) {
      if (c.local === 'MessageDescription') continue;
      const p = [...path, c.local];
      if (attr(c, 'topic') === 'true')
        out.push({
          topic: `tns1:${p.join('/')}`,
          isProperty: attr(child(c, 'MessageDescription'), 'IsProperty') === 'true',
        });
      walk(c, p);
    }
  };
  walk(child(el, 'TopicSet')!, []);
  return out;
}

const xmllint = await xmllintAvailable();
if (!wsdlAvailable || !xmllint)
  console.warn(`events-testspec.test: ${wsdlAvailable ? 'xmllint' : '../shared/onvif-wsdl'} is absent, skipping`);

describe.skipIf(!wsdlAvailable || !xmllint)('ONVIF Event Handling Device Test Specification (ptz-dome)', () => {
  let clock: VirtualClock;
  let fx: OnvifFixture;
  let consumer: NotifyConsumer;
  /** Successful answers and Notifies, validated against the schemas at the end. */
  const kept: Array<{ name: string; xml: string }> = [];
  const socketsBefore = process.getActiveResourcesInfo().filter((r) => /TCP|UDP/.test(r));

  beforeAll(async () => {
    consumer = await NotifyConsumer.start('127.12.45.100');
  });

  afterAll(async () => {
    await consumer.close();
    await vi.waitFor(
      () => expect(process.getActiveResourcesInfo().filter((r) => /TCP|UDP/.test(r))).toEqual(socketsBefore),
      { timeout: 5_000 },
    );
  });

  /**
   * Each specification section runs against a camera of its own, started fresh, so a case that
   * fails half-way (a subscription left open, the pull point limit reached) cannot cascade into
   * the next section's cases. Each section must also leave no timer behind on its clock.
   */
  const section = (title: string, cases: () => void): void => {
    describe(title, () => {
      beforeAll(async () => {
        // Near real time: UsernameTokens are created on this clock, and it only moves when a case waits.
        clock = new VirtualClock(Date.now());
        fx = await startOnvifFixture(45, ['ptz-dome'], clock);
      });
      afterAll(async () => {
        await fx.close();
        expect(clock.pendingCount()).toBe(0);
      });
      cases();
    });
  };

  const camera = () => fx.cameras[0]!;
  const eventsUrl = (): string => onvifUrl(camera(), 'events');
  const deviceNowMs = (): number => fx.server.device(camera().id)!.deviceTimeMs(clock.now());

  /** A WS-Security UsernameToken made on the camera's clock, as the test tool's synchronised clock makes it. */
  function token(): { digest: string; nonce: string; created: string } {
    const nonce = randomBytes(16);
    const created = new Date(deviceNowMs()).toISOString();
    return { digest: passwordDigest(nonce, created, ADMIN.password), nonce: nonce.toString('base64'), created };
  }

  async function post(url: string, envelopeXml: string, name: string, messageId: string): Promise<EventReply> {
    const reply = await httpRequest(url, 'POST', envelopeXml);
    const env = parseXml(reply.body);
    const header = child(env, 'Header');
    const el = child(env, 'Body')!.children[0]!;
    // Every answer, response or fault, relates to the request it answers (WS-Addressing 1.0 §3.4).
    expect(textAt(header, 'RelatesTo'), `${name} RelatesTo`).toBe(messageId);
    if (el.local !== 'Fault') {
      if (kept.filter((k) => k.name === name).length < 3) kept.push({ name, xml: reply.body });
      return { status: reply.status, xml: reply.body, el, fault: undefined, detail: undefined };
    }
    expect(textAt(header, 'Action'), `${name} fault Action (Annex A.3: all faults)`).toBe(FAULT_ACTION);
    const subcodes: string[] = [];
    for (let sub = child(child(el, 'Code'), 'Subcode'); sub !== undefined; sub = child(sub, 'Subcode'))
      subcodes.push(textAt(sub, 'Value') ?? '');
    return {
      status: reply.status,
      xml: reply.body,
      el,
      fault: `${textAt(el, 'Code', 'Value') ?? ''} ${subcodes.join('/')}`,
      detail: child(el, 'Detail')?.children[0],
    };
  }

  /** One events request as the ONVIF test tool sends it: WS-Addressing Action, MessageID, ReplyTo and To, and a UsernameToken. */
  async function send(url: string, operation: EventOperation, bodyXml: string): Promise<EventReply> {
    const messageId = `urn:uuid:${randomUUID()}`;
    const t = token();
    const header =
      `<wsa:Action s:mustUnderstand="1">${ACTIONS[operation][0]}</wsa:Action><wsa:MessageID>${messageId}</wsa:MessageID>` +
      `<wsa:ReplyTo><wsa:Address>${WSA_NS}/anonymous</wsa:Address></wsa:ReplyTo><wsa:To s:mustUnderstand="1">${url}</wsa:To>` +
      '<wsse:Security xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd" xmlns:wsu="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd">' +
      `<wsse:UsernameToken><wsse:Username>${ADMIN.username}</wsse:Username><wsse:Password Type="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest">${t.digest}</wsse:Password>` +
      `<wsse:Nonce>${t.nonce}</wsse:Nonce><wsu:Created>${t.created}</wsu:Created></wsse:UsernameToken></wsse:Security>`;
    const xml = `<?xml version="1.0" encoding="UTF-8"?><s:Envelope xmlns:s="${NS.env}" xmlns:wsa="${WSA_NS}"><s:Header>${header}</s:Header><s:Body>${bodyXml}</s:Body></s:Envelope>`;
    const reply = await post(url, xml, operation, messageId);
    if (reply.fault === undefined)
      expect(textAt(parseXml(reply.xml), 'Header', 'Action'), `${operation} response Action`).toBe(
        ACTIONS[operation][1],
      );
    return reply;
  }

  async function ok(url: string, operation: EventOperation, bodyXml: string): Promise<XmlElement> {
    const r = await send(url, operation, bodyXml);
    expect(r.fault, `${operation}: ${r.xml}`).toBeUndefined();
    expect(r.el.local).toBe(`${operation}Response`);
    return r.el;
  }

  /** A refusal with a WS-BaseFault detail: the named element with a UTC Timestamp and a Description ("valid UTC time, valid description"). */
  function expectBaseFault(r: EventReply, detailName: string): void {
    expect(r.detail?.local, r.xml).toBe(detailName);
    const stamp = child(r.detail, 'Timestamp');
    expect(stamp?.ns).toBe(WSRF_BF);
    expect(Math.abs(ms(stamp?.text) - deviceNowMs())).toBeLessThan(2_000);
    expect(textAt(r.detail, 'Description')?.length ?? 0).toBeGreaterThan(10);
  }

  const subscribeXml = (path: string, rest = ''): string =>
    `<wsnt:Subscribe ${WSNT}><wsnt:ConsumerReference><wsa:Address>${consumer.url(path)}</wsa:Address></wsnt:ConsumerReference>${rest}</wsnt:Subscribe>`;
  const termination = (t: string): string => `<wsnt:InitialTerminationTime>${t}</wsnt:InitialTerminationTime>`;
  // CreatePullPointSubscription's Filter and InitialTerminationTime are event.wsdl's (tev), not WS-BaseNotification's.
  const createXml = (rest = ''): string =>
    `<tev:CreatePullPointSubscription ${TEV} ${WSNT}>${rest.replace(/(<\/?)wsnt:(Filter|InitialTerminationTime)>/g, '$1tev:$2>')}</tev:CreatePullPointSubscription>`;
  const pullXml = (timeout: string, limit: number): string =>
    `<tev:PullMessages ${TEV}><tev:Timeout>${timeout}</tev:Timeout><tev:MessageLimit>${limit}</tev:MessageLimit></tev:PullMessages>`;
  const renewXml = (t: string): string =>
    `<wsnt:Renew ${WSNT}><wsnt:TerminationTime>${t}</wsnt:TerminationTime></wsnt:Renew>`;
  const UNSUBSCRIBE = `<wsnt:Unsubscribe ${WSNT}/>`;
  const SYNC = `<tev:SetSynchronizationPoint ${TEV}/>`;

  interface Subscription {
    address: string;
    currentMs: number;
    terminationMs: number;
  }

  function subscription(el: XmlElement): Subscription {
    const address = textAt(el, 'SubscriptionReference', 'Address') ?? '';
    expect(new URL(address).origin).toBe(new URL(eventsUrl()).origin);
    return { address, currentMs: ms(textAt(el, 'CurrentTime')), terminationMs: ms(textAt(el, 'TerminationTime')) };
  }

  async function subscribe(path: string, rest = ''): Promise<Subscription> {
    return subscription(await ok(eventsUrl(), 'Subscribe', subscribeXml(path, rest)));
  }

  async function createPullPoint(rest = ''): Promise<Subscription> {
    return subscription(await ok(eventsUrl(), 'CreatePullPointSubscription', createXml(rest)));
  }

  /**
   * PullMessages; checks the response's times (TerminationTime > CurrentTime) and the message
   * limit. Time is virtual, so a poll with nothing to pull would wait for ever: unless `held`,
   * the answer must come promptly (from what the pull point already holds).
   */
  async function pull(
    s: Subscription,
    timeout: string,
    limit: number,
    held = false,
  ): Promise<{ currentMs: number; terminationMs: number; messages: Notification[] }> {
    const answer = ok(s.address, 'PullMessages', pullXml(timeout, limit));
    const deadline = AbortSignal.timeout(2_000);
    const el = held
      ? await answer
      : await Promise.race([
          answer,
          new Promise<never>((_, reject) =>
            deadline.addEventListener('abort', () =>
              reject(new Error('PullMessages held the poll: the pull point had nothing to give')),
            ),
          ),
        ]);
    const currentMs = ms(textAt(el, 'CurrentTime'));
    const terminationMs = ms(textAt(el, 'TerminationTime'));
    expect(terminationMs).toBeGreaterThan(currentMs);
    const messages = notifications(el);
    expect(messages.length).toBeLessThanOrEqual(limit);
    return { currentMs, terminationMs, messages };
  }

  /**
   * The cases' "until timeout1 expires: PullMessages (PT60S, 1)" loop, bounded by the messages the
   * subscription holds: every pull answers at once from its queue, so a test never parks a poll.
   */
  async function pullUntil(
    s: Subscription,
    found: (seen: Notification[]) => boolean,
    atMost: number,
  ): Promise<Notification[]> {
    const seen: Notification[] = [];
    for (let i = 0; i < atMost && !found(seen); i++) {
      const r = await pull(s, 'PT60S', 1);
      expect(r.messages, 'a pull answered empty before the awaited message arrived').toHaveLength(1);
      seen.push(...r.messages);
    }
    expect(found(seen), JSON.stringify(seen)).toBe(true);
    return seen;
  }

  /** The Notifies a consumer path got, once their messages satisfy `found`; each is checked as EVENT-2-1-17 checks a Notify. */
  async function notified(path: string, found: (seen: Notification[]) => boolean): Promise<Notification[]> {
    let seen: Notification[] = [];
    await vi.waitFor(
      () => {
        const got = consumer.received.filter((r) => r.path === path);
        seen = got.flatMap((r) => checkedNotify(r));
        expect(found(seen), JSON.stringify(seen)).toBe(true);
      },
      { timeout: 5_000 },
    );
    return seen;
  }

  /** Action, To and MessageID headers, the HTTP address, UtcTime, Topic and wsnt:Message of one Notify (EVENT-2-1-17). */
  function checkedNotify(r: ReceivedNotify): Notification[] {
    const env = parseXml(r.body);
    expect(textAt(env, 'Header', 'Action')).toBe('http://docs.oasis-open.org/wsn/bw-2/NotificationConsumer/Notify');
    expect(textAt(env, 'Header', 'To')).toBe(consumer.url(r.path));
    expect(textAt(env, 'Header', 'MessageID')).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
    if (kept.filter((k) => k.name === 'Notify').length < 3) kept.push({ name: 'Notify', xml: r.body });
    const messages = notifications(child(env, 'Body')!);
    for (const m of messages) {
      expect(DEVICE_TOPICS.map((t) => `tns1:${t}`)).toContain(m.topic);
      expect(Math.abs(ms(m.utcTime) - deviceNowMs())).toBeLessThan(24 * 3600_000);
      expect(m.data.length).toBeGreaterThan(0);
    }
    return messages;
  }

  const has = (topic: string, operation?: string) => (seen: Notification[]) =>
    seen.some((m) => m.topic === topic && (operation === undefined || m.operation === operation));
  const unsubscribe = async (s: Subscription): Promise<void> => {
    await ok(s.address, 'Unsubscribe', UNSUBSCRIBE);
  };

  async function eventProperties(): Promise<{ el: XmlElement; topics: Array<{ topic: string; isProperty: boolean }> }> {
    const el = await ok(eventsUrl(), 'GetEventProperties', `<tev:GetEventProperties ${TEV}/>`);
    return { el, topics: topicSetTopics(el) };
  }

  /** The topic the test operator would pick: the first property event of GetEventProperties. */
  async function propertyTopic(): Promise<string> {
    const { topics } = await eventProperties();
    return topics.find((t) => t.isProperty)!.topic;
  }

  /** A pull point filtered on `topic` and its first notification, which must be that topic's Initialized state. */
  async function initializedPullPoint(topic: string): Promise<[Subscription, Notification]> {
    const s = await createPullPoint(topicFilter(topic));
    const [notification] = await pullUntil(s, has(topic, 'Initialized'), 1);
    expect(notification!.topic).toBe(topic);
    return [s, notification!];
  }

  /** HelperGenerateMessageContentFilter: the first Source SimpleItem of a notification, as an ItemFilter. */
  function messageContentFilter(n: Notification): { filter: string; name: string; value: string } {
    expect(n.source.length).toBeGreaterThan(0);
    const [name, value] = n.source[0]!;
    return { filter: `boolean(//tt:SimpleItem[@Name="${name}"and @Value="${value}"])`, name, value };
  }

  section('EVENT-1 event properties', () => {
    it('EVENT-1-1-2 GET EVENT PROPERTIES', async () => {
      const { el, topics } = await eventProperties();
      const dialects = el.children.filter((c) => c.local === 'TopicExpressionDialect').map((c) => c.text);
      expect(dialects).toEqual(expect.arrayContaining([CONCRETE, CONCRETE_SET]));
      expect(el.children.filter((c) => c.local === 'MessageContentFilterDialect').map((c) => c.text)).toContain(
        ITEM_FILTER,
      );
      const namespaces = el.children.filter((c) => c.local === 'TopicNamespaceLocation').map((c) => c.text);
      expect(namespaces.length).toBeGreaterThan(0);
      for (const n of namespaces) expect(new URL(n).protocol).toMatch(/^https?:$/);
      expect(topics.map((t) => t.topic).sort()).toEqual(DEVICE_TOPICS.map((t) => `tns1:${t}`).sort());
      // Well formed: each topic describes its message (Source and Data items).
      for (const d of findAll(el, 'MessageDescription'))
        expect(findAll(d, 'SimpleItemDescription').length).toBeGreaterThan(0);
    });
  });

  section('EVENT-2 basic notification interface', () => {
    it('EVENT-2-1-9 BASIC NOTIFICATION INTERFACE - SUBSCRIBE', async () => {
      const s = await subscribe('/2-1-9', termination('PT10S'));
      expect(s.terminationMs).toBeGreaterThanOrEqual(s.currentMs + 10_000);
      await unsubscribe(s);
    });

    it('EVENT-2-1-12 BASIC NOTIFICATION INTERFACE - RENEW', async () => {
      const s = await subscribe('/2-1-12', termination('PT10S'));
      expect(s.terminationMs).toBeGreaterThanOrEqual(s.currentMs + 10_000);
      const renewed = await ok(s.address, 'Renew', renewXml('PT10S'));
      expect(ms(textAt(renewed, 'TerminationTime'))).toBeGreaterThanOrEqual(
        ms(textAt(renewed, 'CurrentTime')) + 10_000,
      );
      const requested = new Date(deviceNowMs() + 10_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
      const absolute = await ok(s.address, 'Renew', renewXml(requested));
      expect(ms(textAt(absolute, 'TerminationTime'))).toBeGreaterThanOrEqual(ms(requested));
      expect(ms(textAt(absolute, 'CurrentTime'))).toBeLessThanOrEqual(ms(textAt(absolute, 'TerminationTime')));
      await unsubscribe(s);
    });

    it('EVENT-2-1-17 BASIC NOTIFICATION INTERFACE - NOTIFY', async () => {
      const s = await subscribe('/2-1-17', termination('PT60S'));
      expect(s.terminationMs).toBeGreaterThanOrEqual(s.currentMs + 60_000);
      await ok(s.address, 'SetSynchronizationPoint', SYNC);
      const seen = await notified('/2-1-17', (m) => m.length >= 2 * DEVICE_TOPICS.length);
      // Once at Subscribe and once more for the synchronization point, every property as Initialized.
      expect(seen.every((m) => m.operation === 'Initialized')).toBe(true);
      await unsubscribe(s);
    });

    it('EVENT-2-1-18 BASIC NOTIFICATION INTERFACE - NOTIFY FILTER', async () => {
      const topic = await propertyTopic();
      const s = await subscribe('/2-1-18', topicFilter(topic) + termination('PT60S'));
      expect(s.terminationMs).toBeGreaterThanOrEqual(s.currentMs + 60_000);
      await ok(s.address, 'SetSynchronizationPoint', SYNC);
      const seen = await notified('/2-1-18', (m) => m.length >= 2);
      expect(seen.every((m) => m.topic === topic && m.operation === 'Initialized')).toBe(true);
      await unsubscribe(s);
    });

    it('EVENT-2-1-19 BASIC NOTIFICATION INTERFACE - INVALID MESSAGE CONTENT FILTER', async () => {
      const before = fx.server.device(camera().id)!.events.subscriptionCount;
      const r = await send(eventsUrl(), 'Subscribe', subscribeXml('/never', contentFilter(INVALID_EXPRESSION)));
      expect(r.status).toBe(400);
      expect(r.fault).toMatch(/^env:Sender .*wsnt:(InvalidFilterFault|InvalidMessageContentExpressionFault)$/);
      expectBaseFault(r, r.fault!.slice(r.fault!.lastIndexOf(':') + 1));
      expect(fx.server.device(camera().id)!.events.subscriptionCount).toBe(before);
    });

    it('EVENT-2-1-21 BASIC NOTIFICATION INTERFACE - UNSUBSCRIBE (NEGATIVE TEST)', async () => {
      const s = await subscribe('/2-1-21', termination('PT10S'));
      expect(s.terminationMs).toBeGreaterThanOrEqual(s.currentMs + 10_000);
      await unsubscribe(s);
      const r = await send(s.address, 'Renew', renewXml('PT10S'));
      expect(r.fault).toMatch(/^env:Sender /);
      expectBaseFault(r, 'ResourceUnknownFault');
    });

    it('EVENT-2-1-22 BASIC NOTIFICATION INTERFACE - RESOURCE UNKNOWN', async () => {
      const s = await subscribe('/2-1-22', termination('PT10S'));
      await unsubscribe(s);
      const r = await send(s.address, 'Unsubscribe', UNSUBSCRIBE);
      expect(r.status).toBe(400);
      expectBaseFault(r, 'ResourceUnknownFault');
    });

    it('EVENT-2-1-23 BASIC NOTIFICATION INTERFACE - INVALID TOPIC EXPRESSION', async () => {
      const r = await send(
        eventsUrl(),
        'Subscribe',
        subscribeXml('/never', topicFilter('boolean(//tt:SimpleItem[@Name="xyz" and @Value="xyz"])')),
      );
      expect(r.fault).toMatch(
        /^env:Sender .*wsnt:(InvalidFilterFault|TopicNotSupportedFault|InvalidTopicExpressionFault)$/,
      );
      expectBaseFault(r, r.fault!.slice(r.fault!.lastIndexOf(':') + 1));
    });

    it('EVENT-2-1-24 BASIC NOTIFICATION INTERFACE - SET SYNCHRONIZATION POINT', async () => {
      const topic = await propertyTopic();
      const s = await subscribe('/2-1-24', topicFilter(topic) + termination('PT60S'));
      const [first] = await notified('/2-1-24', has(topic, 'Initialized'));
      expect(first!.topic).toBe(topic);
      await ok(s.address, 'SetSynchronizationPoint', SYNC);
      const seen = await notified('/2-1-24', (m) => m.length >= 2);
      expect(seen[1]).toMatchObject({ topic, operation: 'Initialized', source: first!.source });
      await unsubscribe(s);
    });

    const root = (topic: string): string => topic.split('/')[0]!;

    interface TopicFilterCase {
      push: string;
      pull: string;
      /** From the property topics of GetEventProperties: the expression, the topics it must bring, and what it may let through. */
      pick(topics: string[]): { expression: string; wanted: string[]; allowed: (topic: string) => boolean };
    }

    /** The topic filter cases, each in its push (EVENT-2-1-x) and pull point (EVENT-3-1-x) form. */
    const TOPIC_FILTER_CASES: TopicFilterCase[] = [
      {
        push: 'EVENT-2-1-25 BASIC NOTIFICATION INTERFACE – CONJUNCTION IN NOTIFY FILTER (OR OPERATION)',
        pull: 'EVENT-3-1-33 REALTIME PULLPOINT SUBSCRIPTION – CONJUNCTION IN PULLMESSAGES FILTER (OR OPERATION)',
        pick: ([topic1, topic2]) => ({
          expression: `${topic1!}|${topic2!}`,
          wanted: [topic1!, topic2!],
          allowed: (t) => t === topic1 || t === topic2,
        }),
      },
      {
        push: 'EVENT-2-1-26 BASIC NOTIFICATION INTERFACE – TOPIC SUB-TREE IN PULLMESSAGES FILTER',
        pull: 'EVENT-3-1-34 REALTIME PULLPOINT SUBSCRIPTION – TOPIC SUB-TREE IN PULLMESSAGES FILTER',
        pick: ([topic]) => ({
          expression: `${root(topic!)}//.`,
          wanted: [topic!],
          allowed: (t) => root(t) === root(topic!),
        }),
      },
      {
        push: 'EVENT-2-1-27 BASIC NOTIFICATION INTERFACE – CONJUNCTION IN NOTIFY FILTER (TOPIC SUB-TREE AND OR OPERATION)',
        pull: 'EVENT-3-1-35 REALTIME PULLPOINT SUBSCRIPTION – CONJUNCTION IN NOTIFY FILTER (TOPIC SUB-TREE AND OR OPERATION)',
        pick: (topics) => {
          // topic2 outside topic1's root, so both alternatives must do their part.
          const topic1 = topics[0]!;
          const topic2 = topics.find((t) => root(t) !== root(topic1))!;
          return {
            expression: `${root(topic1)}//.|${topic2}`,
            wanted: [topic1, topic2],
            allowed: (t) => root(t) === root(topic1) || t === topic2,
          };
        },
      },
    ];

    async function pickedFilter(c: TopicFilterCase): Promise<ReturnType<TopicFilterCase['pick']>> {
      const { topics } = await eventProperties();
      return c.pick(topics.filter((t) => t.isProperty).map((t) => t.topic));
    }

    it.each(TOPIC_FILTER_CASES.map((c) => [c.push, c] as const))('%s', async (name, c) => {
      const f = await pickedFilter(c);
      const path = `/${name.split(' ')[0]!}`;
      const s = await subscribe(path, topicFilter(f.expression) + termination('PT60S'));
      const seen = await notified(path, (m) => f.wanted.every((w) => has(w)(m)));
      expect(seen.every((m) => f.allowed(m.topic))).toBe(true);
      await unsubscribe(s);
    });

    it.each(TOPIC_FILTER_CASES.map((c) => [c.pull, c] as const))('%s', async (_name, c) => {
      const f = await pickedFilter(c);
      const s = await createPullPoint(topicFilter(f.expression));
      const seen = await pullUntil(s, (m) => f.wanted.every((w) => has(w)(m)), DEVICE_TOPICS.length);
      expect(seen.every((m) => f.allowed(m.topic))).toBe(true);
      await unsubscribe(s);
    });

    it('EVENT-2-1-28 BASIC NOTIFICATION INTERFACE - UNSUBSCRIBE', async () => {
      const s = await subscribe('/2-1-28', termination('PT60S'));
      clock.advance(1_000);
      await unsubscribe(s);
      expect(
        fx.server.device(camera().id)!.events.subscription(s.address.slice(s.address.lastIndexOf('/') + 1)),
      ).toBeUndefined();
    });

    it('EVENT-2-1-29 BASIC NOTIFICATION INTERFACE - MESSAGE CONTENT FILTER', async () => {
      const { el, topics } = await eventProperties();
      expect(el.children.filter((c) => c.local === 'MessageContentFilterDialect').map((c) => c.text)).toContain(
        ITEM_FILTER,
      );
      const topic = topics.find((t) => t.isProperty)!.topic;
      const s = await subscribe('/2-1-29a', topicFilter(topic) + termination('PT60S'));
      const notification1 = (await notified('/2-1-29a', has(topic, 'Initialized'))).find(
        (m) => m.operation === 'Initialized',
      )!;
      expect(notification1.topic).toBe(topic);
      await unsubscribe(s);
      const { filter, name, value } = messageContentFilter(notification1);
      const s2 = await subscribe('/2-1-29b', contentFilter(filter) + termination('PT60S'));
      const seen = await notified('/2-1-29b', has(topic, 'Initialized'));
      for (const m of seen) expect([...m.source, ...m.data]).toContainEqual([name, value]);
      // The filter really filters: the cell motion rule names no Source item and is left out.
      expect(seen.some((m) => m.topic === 'tns1:RuleEngine/CellMotionDetector/Motion')).toBe(false);
      await unsubscribe(s2);
    });
  });

  section('EVENT-3 real-time pull point subscription', () => {
    it('EVENT-3-1-9 REALTIME PULLPOINT SUBSCRIPTION - CREATE PULL POINT SUBSCRIPTION', async () => {
      const s = await createPullPoint(termination('PT10S'));
      expect(s.address).toContain('/onvif/events_service/pullpoint/');
      expect(s.terminationMs).toBeGreaterThanOrEqual(s.currentMs + 10_000);
      await unsubscribe(s);
    });

    it('EVENT-3-1-12 REALTIME PULLPOINT SUBSCRIPTION - RENEW', async () => {
      const s = await createPullPoint(termination('PT10S'));
      expect(s.terminationMs).toBeGreaterThanOrEqual(s.currentMs + 10_000);
      const renewed = await ok(s.address, 'Renew', renewXml('PT10S'));
      expect(ms(textAt(renewed, 'TerminationTime'))).toBeGreaterThanOrEqual(
        ms(textAt(renewed, 'CurrentTime')) + 10_000,
      );
      await unsubscribe(s);
    });

    it('EVENT-3-1-15 REALTIME PULLPOINT SUBSCRIPTION - PULLMESSAGES', async () => {
      const s = await createPullPoint(termination('PT60S'));
      expect(s.terminationMs).toBeGreaterThanOrEqual(s.currentMs + 60_000);
      await ok(s.address, 'SetSynchronizationPoint', SYNC);
      const r = await pull(s, 'PT20S', 2);
      expect(r.messages).toHaveLength(2);
      expect(
        r.messages.every((m) => m.operation === 'Initialized' && DEVICE_TOPICS.includes(m.topic.replace('tns1:', ''))),
      ).toBe(true);
      await unsubscribe(s);
    });

    it('EVENT-3-1-16 REALTIME PULLPOINT SUBSCRIPTION - PULLMESSAGES FILTER', async () => {
      const topic = await propertyTopic();
      const s = await createPullPoint(topicFilter(topic) + termination('PT60S'));
      await ok(s.address, 'SetSynchronizationPoint', SYNC);
      const r = await pull(s, 'PT20S', 2);
      expect(r.messages.map((m) => [m.topic, m.operation])).toEqual([
        [topic, 'Initialized'],
        [topic, 'Initialized'],
      ]);
      await unsubscribe(s);
    });

    it('EVENT-3-1-17 REALTIME PULLPOINT SUBSCRIPTION - INVALID MESSAGE CONTENT FILTER', async () => {
      const r = await send(eventsUrl(), 'CreatePullPointSubscription', createXml(contentFilter(INVALID_EXPRESSION)));
      expect(r.fault).toMatch(/^env:Sender .*wsnt:(InvalidFilterFault|InvalidMessageContentExpressionFault)$/);
      expectBaseFault(r, r.fault!.slice(r.fault!.lastIndexOf(':') + 1));
    });

    it('EVENT-3-1-19 REALTIME PULLPOINT SUBSCRIPTION - UNSUBSCRIBE (NEGATIVE TEST)', async () => {
      const s = await createPullPoint(termination('PT10S'));
      expect(s.terminationMs).toBe(s.currentMs + 10_000);
      await unsubscribe(s);
      const r = await send(s.address, 'Unsubscribe', UNSUBSCRIBE);
      expect(r.fault).toMatch(/^env:Sender /);
      expectBaseFault(r, 'ResourceUnknownFault');
    });

    it('EVENT-3-1-20 REALTIME PULLPOINT SUBSCRIPTION - TIMEOUT', async () => {
      const s = await createPullPoint(termination('PT20S'));
      expect(s.terminationMs).toBeGreaterThanOrEqual(s.currentMs + 20_000);
      clock.advance(20_000);
      const r = await send(s.address, 'Unsubscribe', UNSUBSCRIBE);
      expect(r.fault).toMatch(/^env:Sender /);
      expectBaseFault(r, 'ResourceUnknownFault');
    });

    it('EVENT-3-1-22 REALTIME PULLPOINT SUBSCRIPTION - INVALID TOPIC EXPRESSION', async () => {
      const r = await send(eventsUrl(), 'CreatePullPointSubscription', createXml(topicFilter('xyz')));
      expect(r.fault).toMatch(
        /^env:Sender .*wsnt:(InvalidFilterFault|TopicNotSupportedFault|InvalidTopicExpressionFault)$/,
      );
      expectBaseFault(r, r.fault!.slice(r.fault!.lastIndexOf(':') + 1));
    });

    it('EVENT-3-1-24 REALTIME PULLPOINT SUBSCRIPTION – PULLMESSAGES AS KEEP-ALIVE', async () => {
      await eventProperties();
      const s = await createPullPoint();
      const [t1, c1] = [s.terminationMs, s.currentMs];
      expect(t1).toBeGreaterThan(c1);
      clock.advance(1_000);
      const r = await pull(s, `PT${(t1 - c1) / 1000 + 20}S`, 1);
      expect(r.terminationMs).toBeGreaterThan(t1);
      // Kept alive indeed: past the first termination time the pull point still answers.
      clock.advance(t1 - c1);
      expect((await pull(s, 'PT0S', 1)).messages).toHaveLength(1);
      await unsubscribe(s);
    });

    it('EVENT-3-1-25 REALTIME PULLPOINT SUBSCRIPTION - SET SYNCHRONIZATION POINT', async () => {
      const topic = await propertyTopic();
      const [s, notification] = await initializedPullPoint(topic);
      await ok(s.address, 'SetSynchronizationPoint', SYNC);
      const [repeated] = await pullUntil(s, has(topic, 'Initialized'), 1);
      expect(repeated).toMatchObject({ topic, operation: 'Initialized', source: notification.source });
      await unsubscribe(s);
    });

    it('EVENT-3-1-32 REALTIME PULLPOINT SUBSCRIPTION – PULLMESSAGES TIMEOUT', async () => {
      const s = await createPullPoint();
      const r = await pull(s, 'PT60S', 1);
      expect(r.terminationMs).toBeGreaterThan(r.currentMs);
      // Beyond the case: with nothing queued, the 60 s long poll is held for its whole timeout, then answers empty.
      await pullUntil(s, (m) => m.length === DEVICE_TOPICS.length - 1, DEVICE_TOPICS.length - 1);
      const timersBefore = clock.pendingCount();
      const parked = pull(s, 'PT60S', 1, true);
      await vi.waitFor(() => expect(clock.pendingCount()).toBe(timersBefore + 1));
      clock.advance(59_999);
      expect(clock.pendingCount(), 'the poll is still held').toBe(timersBefore + 1);
      clock.advance(1);
      expect((await parked).messages).toHaveLength(0);
      await unsubscribe(s);
    });

    it('EVENT-3-1-36 REALTIME PULLPOINT SUBSCRIPTION - UNSUBSCRIBE', async () => {
      const s = await createPullPoint();
      clock.advance(1_000);
      await unsubscribe(s);
    });

    it('EVENT-3-1-37 REALTIME PULLPOINT SUBSCRIPTION – MAXIMUM SUPPORTED NUMBER OF NOTIFICATION PULL POINTS', async () => {
      const caps = await ok(eventsUrl(), 'GetServiceCapabilities', `<tev:GetServiceCapabilities ${TEV}/>`);
      const max = Number(attr(child(caps, 'Capabilities'), 'MaxPullPoints'));
      expect(max).toBe(MAX_SUBSCRIPTIONS_PER_CAMERA);
      await eventProperties();
      const subs: Subscription[] = [];
      for (let n = 1; n <= max; n++) {
        const s = await createPullPoint();
        expect(s.address).not.toBe(subs.at(-1)?.address);
        subs.push(s);
        // Every new pull point has something to pull at once: the state of each property.
        expect((await pull(s, 'PT60S', 1)).messages).toHaveLength(1);
      }
      for (const s of subs) await unsubscribe(s);
    });

    it('EVENT-3-1-38 REALTIME PULLPOINT SUBSCRIPTION - MESSAGE CONTENT FILTER', async () => {
      const topic = await propertyTopic();
      const [s, notification1] = await initializedPullPoint(topic);
      await unsubscribe(s);
      const { filter, name, value } = messageContentFilter(notification1);
      const s2 = await createPullPoint(contentFilter(filter));
      const seen = await pullUntil(s2, has(topic, 'Initialized'), DEVICE_TOPICS.length);
      for (const m of seen) expect([...m.source, ...m.data]).toContainEqual([name, value]);
      await unsubscribe(s2);
    });
  });

  section('EVENT-4 namespaces', () => {
    /** Annex A.2's Subscribe requests, one per namespace style, with a fresh UsernameToken and PT10S. */
    function namespaceStyle(style: string, consumerUrl: string): string {
      const t = token();
      const a = WSA_NS;
      const wsse = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';
      const wsu = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd';
      const pwType =
        'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest';
      const action = ACTIONS.Subscribe[0];
      const id = `urn:uuid:${randomUUID()}`;
      switch (style) {
        case 'default namespaces for each tag':
          return (
            `<Envelope xmlns="${NS.env}"><Header xmlns="${NS.env}"><Action xmlns="${a}">${action}</Action><MessageID xmlns="${a}">${id}</MessageID>` +
            `<ReplyTo xmlns="${a}"><Address xmlns="${a}">${a}/anonymous</Address></ReplyTo><Security xmlns="${wsse}"><UsernameToken xmlns="${wsse}"><Username xmlns="${wsse}">${ADMIN.username}</Username>` +
            `<Password xmlns="${wsse}" Type="${pwType}">${t.digest}</Password><Nonce xmlns="${wsse}">${t.nonce}</Nonce><Created xmlns="${wsu}">${t.created}</Created></UsernameToken></Security>` +
            `<To xmlns="${a}">${eventsUrl()}</To></Header><Body xmlns="${NS.env}"><Subscribe xmlns="${NS.wsnt}"><ConsumerReference xmlns="${NS.wsnt}"><Address xmlns="${a}"> ${consumerUrl}</Address></ConsumerReference>` +
            `<InitialTerminationTime xmlns="${NS.wsnt}">PT10S</InitialTerminationTime></Subscribe></Body></Envelope>`
          );
        case 'default namespaces for parent tag':
          return (
            `<Envelope xmlns="${NS.env}"><Header><Action xmlns="${a}">${action}</Action><MessageID xmlns="${a}">${id}</MessageID><ReplyTo xmlns="${a}"><Address>${a}/anonymous</Address></ReplyTo>` +
            `<Security xmlns="${wsse}"><UsernameToken><Username>${ADMIN.username}</Username><Password Type="${pwType}">${t.digest}</Password><Nonce>${t.nonce}</Nonce><Created xmlns="${wsu}">${t.created}</Created></UsernameToken></Security>` +
            `<To xmlns="${a}">${eventsUrl()}</To></Header><Body><Subscribe xmlns="${NS.wsnt}"><ConsumerReference><Address xmlns="${a}">${consumerUrl}</Address></ConsumerReference>` +
            '<InitialTerminationTime>PT10S</InitialTerminationTime></Subscribe></Body></Envelope>'
          );
        case 'not standard prefixes':
          return (
            `<prefix0:Envelope xmlns:prefix0="${NS.env}" xmlns:prefix1="${NS.env}" xmlns:prefix2="${a}" xmlns:prefix3="${wsu}" xmlns:prefix4="${wsse}" xmlns:prefix5="${NS.wsnt}"><prefix0:Header>` +
            `<prefix2:Action prefix1:mustUnderstand="1">${action}</prefix2:Action><prefix2:MessageID>${id}</prefix2:MessageID><prefix2:ReplyTo><prefix2:Address>${a}/anonymous</prefix2:Address></prefix2:ReplyTo>` +
            `<prefix4:Security><prefix4:UsernameToken><prefix4:Username>${ADMIN.username}</prefix4:Username><prefix4:Password Type="${pwType}">${t.digest}</prefix4:Password><prefix4:Nonce>${t.nonce}</prefix4:Nonce>` +
            `<prefix3:Created>${t.created}</prefix3:Created></prefix4:UsernameToken></prefix4:Security><prefix2:To prefix1:mustUnderstand="1">${eventsUrl()}</prefix2:To></prefix0:Header>` +
            `<prefix0:Body><prefix5:Subscribe><prefix5:ConsumerReference><prefix2:Address xmlns="${a}">${consumerUrl}</prefix2:Address></prefix5:ConsumerReference>` +
            '<prefix5:InitialTerminationTime>PT10S </prefix5:InitialTerminationTime></prefix5:Subscribe></prefix0:Body></prefix0:Envelope>'
          );
        case 'different prefixes for the same namespace':
          return (
            `<e1:Envelope xmlns:e1="${NS.env}"><e2:Header xmlns:e2="${NS.env}"><e3:Action u:mustUnderstand="1" xmlns:u="${NS.env}" xmlns:e3="${a}">${action}</e3:Action>` +
            `<e4:MessageID xmlns:e4="${a}">${id}</e4:MessageID><e5:ReplyTo xmlns:e5="${a}"><e6:Address xmlns:e6="${a}">${a}/anonymous</e6:Address></e5:ReplyTo>` +
            `<e7:Security xmlns:e7="${wsse}"><e8:UsernameToken xmlns:e8="${wsse}"><e9:Username xmlns:e9="${wsse}">${ADMIN.username}</e9:Username><e10:Password xmlns:e10="${wsse}" Type="${pwType}">${t.digest}</e10:Password>` +
            `<e11:Nonce xmlns:e11="${wsse}">${t.nonce}</e11:Nonce><e12:Created xmlns:e12="${wsu}">${t.created}</e12:Created></e8:UsernameToken></e7:Security>` +
            `<e13:To t:mustUnderstand="1" xmlns:t="${NS.env}" xmlns:e13="${a}">${eventsUrl()}</e13:To></e2:Header><e1:Body><e14:Subscribe xmlns:e14="${NS.wsnt}">` +
            `<e15:ConsumerReference xmlns:e15="${NS.wsnt}"><e16:Address xmlns:e16="${a}">${consumerUrl}</e16:Address></e15:ConsumerReference><e14:InitialTerminationTime>PT10S </e14:InitialTerminationTime></e14:Subscribe></e1:Body></e1:Envelope>`
          );
        default:
          // The same prefix for different namespaces, each redeclared where it changes meaning.
          return (
            `<p1:Envelope xmlns:p1="${NS.env}"><p1:Header><p1:Action u:mustUnderstand="1" xmlns:u="${NS.env}" xmlns:p1="${a}">${action}</p1:Action><p1:MessageID xmlns:p1="${a}">${id}</p1:MessageID>` +
            `<p1:ReplyTo xmlns:p1="${a}"><p1:Address>${a}/anonymous</p1:Address></p1:ReplyTo><p1:Security xmlns:p1="${wsse}"><p1:UsernameToken><p1:Username>${ADMIN.username}</p1:Username>` +
            `<p1:Password Type="${pwType}">${t.digest}</p1:Password><p1:Nonce>${t.nonce}</p1:Nonce><p1:Created xmlns:p1="${wsu}">${t.created}</p1:Created></p1:UsernameToken></p1:Security>` +
            `<p1:To t:mustUnderstand="1" xmlns:t="${NS.env}" xmlns:p1="${a}">${eventsUrl()}</p1:To></p1:Header><p1:Body><p1:Subscribe xmlns:p1="${NS.wsnt}"><p1:ConsumerReference xmlns:p1="${NS.wsnt}">` +
            `<p1:Address xmlns:p1="${a}">${consumerUrl}</p1:Address></p1:ConsumerReference><p1:InitialTerminationTime xmlns:p1="${NS.wsnt}">PT10S </p1:InitialTerminationTime></p1:Subscribe></p1:Body></p1:Envelope>`
          );
      }
    }

    it.each([
      ['EVENT-4-1-6', 'DEFAULT NAMESPACES FOR EACH TAG', 'default namespaces for each tag'],
      ['EVENT-4-1-7', 'DEFAULT NAMESPACES FOR PARENT TAG', 'default namespaces for parent tag'],
      ['EVENT-4-1-8', 'NOT STANDARD PREFIXES', 'not standard prefixes'],
      ['EVENT-4-1-9', 'DIFFERENT PREFIXES FOR THE SAME NAMESPACE', 'different prefixes for the same namespace'],
      ['EVENT-4-1-10', 'THE SAME PREFIX FOR DIFFERENT NAMESPACES', 'the same prefix for different namespaces'],
    ])('%s EVENT - NAMESPACES (%s)', async (id, _title, style) => {
      // Step 4: the usual request; step 6: the same Subscribe in this namespace style. Both must answer alike.
      const usual = await subscribe(`/${id}-a`, termination('PT10S'));
      const path = `/${id}-b`;
      const xml = `<?xml version="1.0" encoding="UTF-8"?>${namespaceStyle(style, consumer.url(path))}`;
      const messageId = /MessageID[^>]*>([^<]+)</.exec(xml)![1]!;
      const r = await post(eventsUrl(), xml, 'Subscribe', messageId);
      expect(r.fault, r.xml).toBeUndefined();
      expect(textAt(parseXml(r.xml), 'Header', 'Action')).toBe(ACTIONS.Subscribe[1]);
      const styled = subscription(r.el);
      expect(r.el.local).toBe('SubscribeResponse');
      expect(styled.terminationMs).toBeGreaterThanOrEqual(styled.currentMs + 10_000);
      expect(styled.address).not.toBe(usual.address);
      // The consumer address was read through the namespaces: the Notifies arrive there.
      await notified(path, (m) => m.length === DEVICE_TOPICS.length);
      for (const s of [usual, styled]) await unsubscribe(s);
    });
  });

  section('EVENT-5 capabilities', () => {
    it('EVENT-5-1-1 EVENT SERVICE CAPABILITIES', async () => {
      const caps = child(
        await ok(eventsUrl(), 'GetServiceCapabilities', `<tev:GetServiceCapabilities ${TEV}/>`),
        'Capabilities',
      )!;
      const protocols = (attr(caps, 'EventBrokerProtocols') ?? '').split(/\s+/).filter((p) => p !== '');
      for (const p of protocols) expect(['mqtt', 'mqtts', 'ws', 'wss']).toContain(p);
      const maxBrokers = attr(caps, 'MaxEventBrokers');
      if (Number(maxBrokers ?? '0') > 0) expect(protocols.length).toBeGreaterThan(0);
      if (protocols.length > 0) expect(Number(maxBrokers)).toBeGreaterThanOrEqual(1);
      // This camera declares no MQTT: the EVENT-7 cases are NOT APPLICABLE by this answer.
      expect([protocols, maxBrokers]).toEqual([[], undefined]);
    });

    it('EVENT-5-1-2 GET SERVICES AND EVENT SERVICE CAPABILITIES CONSISTENCY', async () => {
      const device = new SpecClient(camera());
      const services = await device.ok('device', 'GetServices', '<tds:IncludeCapability>true</tds:IncludeCapability>');
      const events = services.children.find((s) => textAt(s, 'Namespace') === NS.tev);
      const fromServices = child(child(events, 'Capabilities'), 'Capabilities');
      const fromService = child(
        await ok(eventsUrl(), 'GetServiceCapabilities', `<tev:GetServiceCapabilities ${TEV}/>`),
        'Capabilities',
      );
      const fields = [
        'WSSubscriptionPolicySupport',
        'WSPullPointSupport',
        'WSPausableSubscriptionManagerInterfaceSupport',
        'MaxNotificationProducers',
        'MaxPullPoints',
        'PersistentNotificationStorage',
        'EventBrokerProtocols',
        'MaxEventBrokers',
      ];
      expect(fromServices).toBeDefined();
      expect(fields.map((f) => attr(fromServices, f))).toEqual(fields.map((f) => attr(fromService, f)));
      // What the NOT APPLICABLE verdicts rest on: no pausable manager, no persistent storage (no Seek).
      expect(attr(fromService, 'WSPausableSubscriptionManagerInterfaceSupport')).toBe('false');
      expect(attr(fromService, 'PersistentNotificationStorage')).toBe('false');
    });

    // From the Imaging Device Test Specification: its motion alarm case is an events case.
  });

  section('IMAGING-4-1-5 motion alarm, and what the capabilities do not declare', () => {
    it('IMAGING-4-1-5 REALTIME PULLPOINT SUBSCRIPTION – MOTION ALARM', async () => {
      const topic = 'tns1:VideoSource/MotionAlarm';
      const { topics } = await eventProperties();
      expect(topics).toContainEqual({ topic, isProperty: true });
      const [s, notification] = await initializedPullPoint(topic);
      // Annex A.4: the Initialized message names its video source and carries a boolean State.
      expect(notification.operation).toBe('Initialized');
      expect(notification.source.map(([name]) => name)).toEqual(['Source']);
      expect(notification.data).toEqual([['State', 'false']]);
      expect(Number.isNaN(ms(notification.utcTime))).toBe(false);
      await unsubscribe(s);
    });

    it('refuses what the capabilities do not declare, honestly: PauseSubscription and Seek are ActionNotSupported', async () => {
      const s = await subscribe('/pause', termination('PT10S'));
      const device = new SpecClient(camera());
      const pause = await httpRequest(s.address, 'POST', soapEnvelope(`<wsnt:PauseSubscription ${WSNT}/>`, ADMIN));
      expect(pause.status).toBe(500);
      expect(pause.body).toContain('ter:ActionNotSupported');
      expect(
        await device.fault('events', 'Seek', `<tev:UtcTime>${new Date(deviceNowMs()).toISOString()}</tev:UtcTime>`),
      ).toBe('env:Receiver ter:ActionNotSupported');
      await unsubscribe(s);
    });

    it('gives every fault its WS-BaseFault detail: termination limits, PullMessages limits, unknown filters and policies', async () => {
      const early = await send(eventsUrl(), 'Subscribe', subscribeXml('/never', termination('PT0S')));
      expectBaseFault(early, 'UnacceptableInitialTerminationTimeFault');
      const minimum = textAt(early.detail, 'MinimumTime');
      expect(ms(minimum)).toBeGreaterThan(deviceNowMs());
      // A client that retries with the MinimumTime it was given is served (the test tool's retry).
      const retried = await subscribe('/retry', termination(minimum!));
      expect(retried.terminationMs).toBeGreaterThanOrEqual(ms(minimum));
      const badRenew = await send(retried.address, 'Renew', renewXml('2020-01-01T00:00:00Z'));
      expectBaseFault(badRenew, 'UnacceptableTerminationTimeFault');
      expect(textAt(badRenew.detail, 'MaximumTime')).toBeDefined();
      await unsubscribe(retried);

      const component = await send(
        eventsUrl(),
        'Subscribe',
        subscribeXml(
          '/never',
          `<wsnt:Filter><wsnt:ProducerProperties Dialect="http://www.w3.org/TR/1999/REC-xpath-19991116">boolean(1)</wsnt:ProducerProperties></wsnt:Filter>`,
        ),
      );
      expectBaseFault(component, 'InvalidFilterFault');
      expect(textAt(component.detail, 'UnknownFilter')).toMatch(/^q:ProducerProperties$/);
      const policy = await send(
        eventsUrl(),
        'Subscribe',
        subscribeXml(
          '/never',
          `<wsnt:SubscriptionPolicy><x:Rate xmlns:x="urn:example">1</x:Rate></wsnt:SubscriptionPolicy>`,
        ),
      );
      expectBaseFault(policy, 'UnrecognizedPolicyRequestFault');

      const p = await createPullPoint();
      const badPull = await send(p.address, 'PullMessages', pullXml('soon', 1));
      expect(badPull.detail?.local).toBe('PullMessagesFaultResponse');
      expect(textAt(badPull.detail, 'MaxTimeout')).toBe('P1D');
      expect(Number(textAt(badPull.detail, 'MaxMessageLimit'))).toBeGreaterThan(1);
      await unsubscribe(p);
    });

    it('echoes the consumer reference parameters as headers of every Notify (WS-Addressing, WS-BaseNotification §4.2)', async () => {
      const reference = `<wsnt:ConsumerReference><wsa:Address>${consumer.url('/refs')}</wsa:Address><wsa:ReferenceParameters><h:Session xmlns:h="urn:hub" kind="pull">abc&amp;1</h:Session><h:Site xmlns:h="urn:hub">north</h:Site></wsa:ReferenceParameters></wsnt:ConsumerReference>`;
      const r = await ok(
        eventsUrl(),
        'Subscribe',
        `<wsnt:Subscribe ${WSNT}>${reference}${topicFilter('tns1:VideoSource/MotionAlarm')}</wsnt:Subscribe>`,
      );
      const s = subscription(r);
      await notified('/refs', (m) => m.length === 1);
      const header = child(parseXml(consumer.received.find((x) => x.path === '/refs')!.body), 'Header')!;
      const session = header.children.find((c) => c.local === 'Session')!;
      expect([session.ns, session.text, attr(session, 'kind'), attr(session, 'IsReferenceParameter')]).toEqual([
        'urn:hub',
        'abc&1',
        'pull',
        'true',
      ]);
      expect(header.children.find((c) => c.local === 'Site')).toMatchObject({ ns: 'urn:hub', text: 'north' });
      await unsubscribe(s);
    });
  });

  it('every answer kept above validates against event.wsdl, onvif.xsd and WS-BaseNotification (xmllint)', async () => {
    expect(kept.map((k) => k.name)).toEqual(expect.arrayContaining([...Object.keys(ACTIONS), 'Notify']));
    expect(await eventSchemaFailures(kept)).toEqual([]);
  });
});
