import { randomUUID } from 'node:crypto';
import type { Camera } from '../../camera/camera.ts';
import { onvifServicePaths, onvifUrl } from '../../camera/uris.ts';
import { MAX_SUBSCRIPTIONS_PER_CAMERA } from '../../events/event-broker.ts';
import {
  EventFilterError,
  type EventFilter,
  type FilterFaultName,
  parseItemFilter,
  parseTopicExpression,
} from '../../events/event-filter.ts';
import { notificationMessageXml, notifyEnvelope, referenceParameterHeaders } from '../../events/notification-xml.ts';
import { postNotify } from '../../events/post-notify.ts';
import type { NotifyDelivery } from '../../events/push-subscription.ts';
import type { OnvifNotifyObservation } from '../../observations/observation.ts';
import type { OnvifDevice } from '../onvif-device.ts';
import {
  type AccessClass,
  type OnvifRequestContext,
  type OnvifService,
  type Operation,
  type OperationHandler,
  op,
} from '../onvif-service.ts';
import { SoapFault, faults } from '../../wire/soap-fault.ts';
import { NS, esc, isoTime } from '../../wire/soap-writer.ts';
import { type XmlElement, attr, child, textAt } from '../../wire/xml-element.ts';
import { XS_DURATION_MAX_MS, parseXsDurationMs } from '../xs-duration.ts';
import { DEVICE_TOPICS } from '../../events/device-topics.ts';
import { profileGOf } from './profile-g.ts';
import { RECORDING_TOPICS, RECORDING_TOPIC_SET_XML } from './recording-events.ts';

/** Sub-path of the events service where pull points live: /onvif/events_service/pullpoint/<id>. */
export const PULL_POINT_SEGMENT = '/pullpoint/';
/** Sub-path where push subscriptions' managers live: /onvif/events_service/subscription/<id>. */
export const SUBSCRIPTION_MANAGER_SEGMENT = '/subscription/';
const DEFAULT_TERMINATION_MS = 60_000;
/** The shortest termination time accepted (the MinimumTime a refusal names). */
const MIN_TERMINATION_MS = 1_000;
/** MessageLimit answered at most per PullMessages (the MaxMessageLimit a refusal names). */
const MAX_MESSAGE_LIMIT = 1000;

const TEV_ACTION = 'http://www.onvif.org/ver10/events/wsdl';
const WSN_ACTION = 'http://docs.oasis-open.org/wsn/bw-2';
/**
 * The WS-Addressing Action of each response: event.wsdl's wsaw:Action for the ONVIF operations,
 * WS-BaseNotification's for the OASIS ones (the Event Handling Test Specification's Annex A.3
 * checks them). Renew and Unsubscribe answer the SubscriptionManager actions at pull points too.
 */
const RESPONSE_ACTIONS: Readonly<Record<string, string>> = {
  GetServiceCapabilities: `${TEV_ACTION}/EventPortType/GetServiceCapabilitiesResponse`,
  GetEventProperties: `${TEV_ACTION}/EventPortType/GetEventPropertiesResponse`,
  CreatePullPointSubscription: `${TEV_ACTION}/EventPortType/CreatePullPointSubscriptionResponse`,
  PullMessages: `${TEV_ACTION}/PullPointSubscription/PullMessagesResponse`,
  SetSynchronizationPoint: `${TEV_ACTION}/PullPointSubscription/SetSynchronizationPointResponse`,
  Subscribe: `${WSN_ACTION}/NotificationProducer/SubscribeResponse`,
  Renew: `${WSN_ACTION}/SubscriptionManager/RenewResponse`,
  Unsubscribe: `${WSN_ACTION}/SubscriptionManager/UnsubscribeResponse`,
};
/** WS-Addressing 1.0 SOAP Binding §6: the Action of every SOAP fault. */
const WSA_FAULT_ACTION = 'http://www.w3.org/2005/08/addressing/soap/fault';
const WSA_NS = 'http://www.w3.org/2005/08/addressing';
const WSRF_BF_NS = 'http://docs.oasis-open.org/wsrf/bf-2';
const WSRF_R_NS = 'http://docs.oasis-open.org/wsrf/r-2';

const SUBSCRIPTION_PREFIXES = [PULL_POINT_SEGMENT, SUBSCRIPTION_MANAGER_SEGMENT].map(
  (segment) => `${onvifServicePaths.events}${segment}`,
);

/** The subscription id when a request path is a pull point or a subscription manager address. */
export function subscriptionIdAt(path: string): string | undefined {
  for (const prefix of SUBSCRIPTION_PREFIXES) if (path.startsWith(prefix)) return path.slice(prefix.length);
  return undefined;
}

/**
 * A WS-BaseFault (WS-BaseFaults 1.2 §3) as env:Detail content: the named fault element with the
 * device's Timestamp and the reason as Description, then the fault's own elements. `qname` is
 * prefix:local with the prefix declared on the element itself (wsnt and tev are on the envelope).
 */
function baseFault(ctx: OnvifRequestContext, qname: string, nsDecl: string, reason: string, extra = ''): string {
  return (
    `<${qname}${nsDecl} xmlns:wsrf-bf="${WSRF_BF_NS}"><wsrf-bf:Timestamp>${isoTime(ctx.device.deviceTimeMs(ctx.nowMs))}</wsrf-bf:Timestamp>` +
    `<wsrf-bf:Description>${esc(reason)}</wsrf-bf:Description>${extra}</${qname}>`
  );
}

/** An element whose text is the xs:QName of `el` (its namespace declared on the element itself). */
function qnameElement(tag: string, el: XmlElement): string {
  return el.ns === '' ? `<${tag}>${el.local}</${tag}>` : `<${tag} xmlns:q="${esc(el.ns)}">q:${el.local}</${tag}>`;
}

type NotificationFaultName =
  | FilterFaultName
  | 'UnacceptableInitialTerminationTimeFault'
  | 'UnacceptableTerminationTimeFault'
  | 'SubscribeCreationFailedFault'
  | 'UnrecognizedPolicyRequestFault';

/**
 * A WS-BaseNotification fault (WS-BaseNotification 1.3 §6.1.3) as ONVIF devices send them: an
 * env:Sender InvalidArgVal fault whose innermost subcode names the wsnt fault, and the wsnt
 * fault element (a WS-BaseFault, with its own elements in `extra`) as the detail.
 */
function notificationFault(
  ctx: OnvifRequestContext,
  name: NotificationFaultName,
  reason: string,
  extra = '',
): SoapFault {
  return new SoapFault('env:Sender', `ter:InvalidArgVal/wsnt:${name}`, 400, reason, {
    detail: baseFault(ctx, `wsnt:${name}`, '', reason, extra),
  });
}

/** A request to a subscription address that is gone: WS-ResourceFramework's ResourceUnknownFault as the detail. */
function resourceUnknown(ctx: OnvifRequestContext, reason: string): SoapFault {
  return new SoapFault('env:Sender', 'ter:InvalidArgVal/ter:NoSubscription', 400, reason, {
    detail: baseFault(ctx, 'wsrf-r:ResourceUnknownFault', ` xmlns:wsrf-r="${WSRF_R_NS}"`, reason),
  });
}

type TerminationFault = 'UnacceptableInitialTerminationTimeFault' | 'UnacceptableTerminationTimeFault';

/** Reads a termination time: an xs:duration from now or an absolute xs:dateTime in device time. */
function terminationMs(ctx: OnvifRequestContext, text: string | undefined, fault: TerminationFault): number {
  if (text === undefined || text === '') return ctx.nowMs + DEFAULT_TERMINATION_MS;
  // The refusal names the acceptable window, so a client can retry with MinimumTime (the test tool does).
  const deviceNowMs = ctx.device.deviceTimeMs(ctx.nowMs);
  const refuse = (reason: string): SoapFault =>
    notificationFault(
      ctx,
      fault,
      reason,
      `<wsnt:MinimumTime>${isoTime(deviceNowMs + MIN_TERMINATION_MS)}</wsnt:MinimumTime><wsnt:MaximumTime>${isoTime(deviceNowMs + XS_DURATION_MAX_MS)}</wsnt:MaximumTime>`,
    );
  const rel = parseXsDurationMs(text);
  if (rel !== undefined) {
    if (rel < MIN_TERMINATION_MS || rel > XS_DURATION_MAX_MS)
      throw refuse(`termination ${text} must be at least a second and at most a day (PT1S..P1D)`);
    return ctx.nowMs + rel;
  }
  const abs = Date.parse(text);
  if (Number.isNaN(abs)) throw refuse(`'${text}' is neither an xs:duration nor an xs:dateTime`);
  const ms = abs - (deviceNowMs - ctx.nowMs);
  if (ms <= ctx.nowMs) throw refuse(`termination ${text} is in the past`);
  return Math.min(ms, ctx.nowMs + XS_DURATION_MAX_MS);
}

/**
 * The Filter of Subscribe or CreatePullPointSubscription: TopicExpressions (alternatives, any
 * may match) and ItemFilter MessageContents (all must hold). Other components are refused.
 */
/** The device's topic set: the camera's, and the recording topics where it serves Profile G. */
function topicSet(ctx: OnvifRequestContext): readonly string[] {
  return profileGOf(ctx.camera) === undefined ? DEVICE_TOPICS : PROFILE_G_TOPIC_SET;
}
const PROFILE_G_TOPIC_SET: readonly string[] = [...DEVICE_TOPICS, ...RECORDING_TOPICS];

function eventFilter(ctx: OnvifRequestContext): EventFilter | undefined {
  const el = child(ctx.req.body, 'Filter');
  if (el === undefined || el.children.length === 0) return undefined;
  const topics: string[] = [];
  const contents: NonNullable<EventFilter['content']>[] = [];
  for (const c of el.children) {
    try {
      if (c.local === 'TopicExpression')
        topics.push(...parseTopicExpression(c.text, attr(c, 'Dialect'), topicSet(ctx)));
      else if (c.local === 'MessageContent') contents.push(parseItemFilter(c.text, attr(c, 'Dialect')));
      else
        throw new EventFilterError(
          'InvalidFilterFault',
          `filter component <${c.name}> is not supported (TopicExpression and MessageContent are)`,
        );
    } catch (err) {
      if (!(err instanceof EventFilterError)) throw err;
      // InvalidFilterFault names the filter it could not use (WS-BaseNotification §4.2: UnknownFilter, 1..n).
      const unknown = err.fault === 'InvalidFilterFault' ? qnameElement('wsnt:UnknownFilter', c) : '';
      throw notificationFault(ctx, err.fault, err.message, unknown);
    }
  }
  const filter: EventFilter = {};
  if (topics.length > 0) filter.topics = topics;
  const content = contents.reduce<EventFilter['content']>(
    (acc, c) => (acc === undefined ? c : { op: 'and', left: acc, right: c }),
    undefined,
  );
  if (content !== undefined) filter.content = content;
  return filter;
}

function deviceOffsetMs(ctx: OnvifRequestContext): number {
  return ctx.device.deviceTimeMs(ctx.nowMs) - ctx.nowMs;
}

function subscriptionId(ctx: OnvifRequestContext): string {
  const id = ctx.subscriptionId;
  if (id === undefined || ctx.device.events.subscription(id) === undefined)
    throw resourceUnknown(ctx, 'no subscription at this address (unsubscribed, expired or never created)');
  return id;
}

/** A refused PullMessages: event.wsdl's PullMessagesFaultResponse names the limits to retry within. */
function pullMessagesFault(subcode: string, reason: string): SoapFault {
  const detail = `<tev:PullMessagesFaultResponse><tev:MaxTimeout>P1D</tev:MaxTimeout><tev:MaxMessageLimit>${MAX_MESSAGE_LIMIT}</tev:MaxMessageLimit></tev:PullMessagesFaultResponse>`;
  return new SoapFault('env:Sender', `ter:InvalidArgVal/ter:${subcode}`, 400, reason, { detail });
}

async function pullMessages(ctx: OnvifRequestContext): Promise<string> {
  const id = subscriptionId(ctx);
  if (ctx.device.events.get(id) === undefined)
    throw resourceUnknown(ctx, 'this subscription pushes its messages (Subscribe), it is not a pull point');
  const timeoutText = textAt(ctx.req.body, 'Timeout') ?? 'PT0S';
  const timeoutMs = parseXsDurationMs(timeoutText);
  if (timeoutMs === undefined || timeoutMs < 0)
    throw pullMessagesFault('InvalidTimeout', `Timeout '${timeoutText}' is not an xs:duration`);
  const limitText = textAt(ctx.req.body, 'MessageLimit') ?? '1';
  const limit = Number(limitText);
  if (!Number.isInteger(limit) || limit < 1)
    throw pullMessagesFault('InvalidMessageLimit', `MessageLimit '${limitText}' must be a positive integer`);
  const result = await ctx.device.events.pull(
    id,
    Math.min(timeoutMs, XS_DURATION_MAX_MS),
    Math.min(limit, MAX_MESSAGE_LIMIT),
  );
  if (result.kind === 'unknown') throw resourceUnknown(ctx, 'the subscription ended while waiting');
  const now = ctx.clock.now();
  const offset = ctx.device.deviceTimeMs(now) - now;
  return (
    `<tev:PullMessagesResponse><tev:CurrentTime>${isoTime(now + offset)}</tev:CurrentTime><tev:TerminationTime>${isoTime(result.terminationMs + offset)}</tev:TerminationTime>` +
    `${result.messages.map((m) => notificationMessageXml(m, offset)).join('')}</tev:PullMessagesResponse>`
  );
}

/** A push subscription's manager address: under its own listener when it has one, else the camera's events service. */
function managerAddress(device: OnvifDevice, camera: Camera, id: string): string {
  return `${device.subscriptionListeners.get(id)?.base ?? onvifUrl(camera, 'events')}${SUBSCRIPTION_MANAGER_SEGMENT}${id}`;
}

/** Renders, POSTs and records one Notify from this camera; addresses and device time are read at send time. */
function notifyDelivery(ctx: OnvifRequestContext, referenceParameters: string): NotifyDelivery {
  const { device, camera, clock, log } = ctx;
  return async (sub, messages, signal) => {
    const now = clock.now();
    const body = notifyEnvelope({
      messages,
      deviceOffsetMs: device.deviceTimeMs(now) - now,
      refs: { subscription: managerAddress(device, camera, sub.id), producer: onvifUrl(camera, 'events') },
      consumer: sub.consumerUrl,
      messageId: `urn:uuid:${randomUUID()}`,
      referenceParameters,
    });
    const outcome = await postNotify(sub.consumerUrl, body, { localAddress: camera.network.address, clock, signal });
    sub.counted(outcome.delivered, messages.length);
    const obs: OnvifNotifyObservation = {
      kind: 'onvif.notify',
      atMs: clock.now(),
      camera: camera.id,
      subscription: sub.id,
      consumer: sub.consumerUrl,
      messages: messages.length,
      outcome: outcome.delivered ? 'delivered' : 'failed',
      droppedTotal: sub.droppedTotal,
    };
    if (outcome.httpStatus !== undefined) obs.httpStatus = outcome.httpStatus;
    if (!outcome.delivered) obs.error = outcome.error;
    log.record(obs);
  };
}

/** WS-BaseNotification Subscribe: the camera will POST Notify to the consumer until the subscription ends. */
async function subscribe(ctx: OnvifRequestContext): Promise<string> {
  const reference = child(ctx.req.body, 'ConsumerReference');
  const address = textAt(reference, 'Address') ?? '';
  let consumer: URL;
  try {
    consumer = new URL(address);
  } catch {
    throw notificationFault(ctx, 'SubscribeCreationFailedFault', `ConsumerReference/Address '${address}' is not a URL`);
  }
  if (consumer.protocol !== 'http:')
    throw notificationFault(
      ctx,
      'SubscribeCreationFailedFault',
      `ConsumerReference/Address '${address}' must be an http:// URL (the camera does not push over ${consumer.protocol})`,
    );
  const policy = child(ctx.req.body, 'SubscriptionPolicy')?.children[0];
  if (policy !== undefined) {
    throw notificationFault(
      ctx,
      'UnrecognizedPolicyRequestFault',
      `subscription policy <${policy.name}> is not supported (WSSubscriptionPolicySupport is false)`,
      qnameElement('wsnt:UnrecognizedPolicy', policy),
    );
  }
  const filter = eventFilter(ctx);
  const until = terminationMs(
    ctx,
    textAt(ctx.req.body, 'InitialTerminationTime'),
    'UnacceptableInitialTerminationTimeFault',
  );
  const sub = ctx.device.events.subscribe(
    consumer.href,
    until,
    filter,
    notifyDelivery(ctx, referenceParameterHeaders(child(reference, 'ReferenceParameters'))),
  );
  if (sub === undefined)
    throw notificationFault(
      ctx,
      'SubscribeCreationFailedFault',
      'the camera holds its maximum of push subscriptions (MaxNotificationProducers)',
    );
  ctx.afterResponse.push(() => sub.flush());
  const base = await ctx.subscriptionBase(sub.id);
  const offset = deviceOffsetMs(ctx);
  return (
    `<wsnt:SubscribeResponse><wsnt:SubscriptionReference><wsa:Address>${esc(base)}${SUBSCRIPTION_MANAGER_SEGMENT}${sub.id}</wsa:Address></wsnt:SubscriptionReference>` +
    `<wsnt:CurrentTime>${isoTime(ctx.nowMs + offset)}</wsnt:CurrentTime><wsnt:TerminationTime>${isoTime(until + offset)}</wsnt:TerminationTime></wsnt:SubscribeResponse>`
  );
}

const item = (name: string, type: string): string => `<tt:SimpleItemDescription Name="${name}" Type="${type}"/>`;
const description = (source: string, data: string): string =>
  `<tt:MessageDescription IsProperty="true"><tt:Source>${source}</tt:Source><tt:Data>${data}</tt:Data></tt:MessageDescription>`;

const EVENT_PROPERTIES_HEAD =
  '<tev:GetEventPropertiesResponse><tev:TopicNamespaceLocation>http://www.onvif.org/onvif/ver10/topics/topicns.xml</tev:TopicNamespaceLocation>' +
  '<wsnt:FixedTopicSet>true</wsnt:FixedTopicSet><wstop:TopicSet>' +
  '<tns1:VideoSource>' +
  `<MotionAlarm wstop:topic="true">${description(item('Source', 'tt:ReferenceToken'), item('State', 'xs:boolean'))}</MotionAlarm>` +
  `<GlobalSceneChange><ImagingService wstop:topic="true">${description(item('Source', 'tt:ReferenceToken'), item('State', 'xs:boolean'))}</ImagingService></GlobalSceneChange>` +
  '</tns1:VideoSource><tns1:RuleEngine><CellMotionDetector>' +
  `<Motion wstop:topic="true">${description(item('VideoSourceConfigurationToken', 'tt:ReferenceToken') + item('VideoAnalyticsConfigurationToken', 'tt:ReferenceToken') + item('Rule', 'xs:string'), item('IsMotion', 'xs:boolean'))}</Motion>` +
  '</CellMotionDetector></tns1:RuleEngine>';
const EVENT_PROPERTIES_TAIL =
  '</wstop:TopicSet>' +
  '<wsnt:TopicExpressionDialect>http://www.onvif.org/ver10/tev/topicExpression/ConcreteSet</wsnt:TopicExpressionDialect>' +
  '<wsnt:TopicExpressionDialect>http://docs.oasis-open.org/wsn/t-1/TopicExpression/Concrete</wsnt:TopicExpressionDialect>' +
  '<tev:MessageContentFilterDialect>http://www.onvif.org/ver10/tev/messageContentFilter/ItemFilter</tev:MessageContentFilterDialect>' +
  '<tev:MessageContentSchemaLocation>http://www.onvif.org/onvif/ver10/schema/onvif.xsd</tev:MessageContentSchemaLocation>' +
  '</tev:GetEventPropertiesResponse>';
const EVENT_PROPERTIES = EVENT_PROPERTIES_HEAD + EVENT_PROPERTIES_TAIL;
const PROFILE_G_EVENT_PROPERTIES = EVENT_PROPERTIES_HEAD + RECORDING_TOPIC_SET_XML + EVENT_PROPERTIES_TAIL;

/** The events service's capabilities; GetServices (IncludeCapability) should embed the same element. */
// WSPullPointSupport is not in event.wsdl's attribute list (it passes as anyAttribute), but the
// ONVIF device test specification checks it against GetCapabilities' Events.WSPullPointSupport.
export const EVENTS_CAPABILITIES = `<tev:Capabilities WSSubscriptionPolicySupport="false" WSPullPointSupport="true" WSPausableSubscriptionManagerInterfaceSupport="false" MaxNotificationProducers="${MAX_SUBSCRIPTIONS_PER_CAMERA}" MaxPullPoints="${MAX_SUBSCRIPTIONS_PER_CAMERA}" PersistentNotificationStorage="false"/>`;

/** The request's wsa:MessageID echoed as wsa:RelatesTo (WS-Addressing 1.0 §3.4: a reply relates to its request). */
function relatesTo(ctx: OnvifRequestContext): string {
  const id = ctx.req.header?.children.find((c) => c.local === 'MessageID' && c.ns === WSA_NS)?.text;
  return id === undefined || id === '' ? '' : `<wsa:RelatesTo>${esc(id)}</wsa:RelatesTo>`;
}

/**
 * An events operation whose answers carry WS-Addressing headers: the response's Action (or the
 * SOAP fault Action on a refusal) and RelatesTo, as the Event Handling test cases check them.
 */
function addressed(operation: string, access: AccessClass, handler: OperationHandler): [string, Operation] {
  const action = `<wsa:Action>${RESPONSE_ACTIONS[operation]!}</wsa:Action>`;
  return [
    operation,
    op(access, async (ctx) => {
      try {
        const body = await handler(ctx);
        ctx.responseHeader.push(action + relatesTo(ctx));
        return body;
      } catch (err) {
        if (!(err instanceof SoapFault)) throw err;
        throw new SoapFault(err.code, err.subcode, err.httpStatus, err.reason, {
          ...err.extras,
          header: `<wsa:Action>${WSA_FAULT_ACTION}</wsa:Action>${relatesTo(ctx)}`,
        });
      }
    }),
  ];
}

export const eventsService: OnvifService = {
  name: 'events',
  ns: NS.tev,
  offered: () => true,
  operations: new Map([
    addressed(
      'GetServiceCapabilities',
      'PRE_AUTH',
      () => `<tev:GetServiceCapabilitiesResponse>${EVENTS_CAPABILITIES}</tev:GetServiceCapabilitiesResponse>`,
    ),
    addressed('GetEventProperties', 'READ_MEDIA', (ctx) =>
      profileGOf(ctx.camera) === undefined ? EVENT_PROPERTIES : PROFILE_G_EVENT_PROPERTIES,
    ),
    addressed('CreatePullPointSubscription', 'READ_MEDIA', async (ctx) => {
      const filter = eventFilter(ctx);
      const until = terminationMs(
        ctx,
        textAt(ctx.req.body, 'InitialTerminationTime'),
        'UnacceptableInitialTerminationTimeFault',
      );
      const sub = ctx.device.events.create(until, filter);
      if (sub === undefined)
        throw faults.action('MaxPullPoints', 'the camera holds its maximum of pull point subscriptions');
      const base = await ctx.subscriptionBase(sub.id);
      const offset = deviceOffsetMs(ctx);
      return (
        `<tev:CreatePullPointSubscriptionResponse><tev:SubscriptionReference><wsa:Address>${esc(base)}${PULL_POINT_SEGMENT}${sub.id}</wsa:Address></tev:SubscriptionReference>` +
        `<wsnt:CurrentTime>${isoTime(ctx.nowMs + offset)}</wsnt:CurrentTime><wsnt:TerminationTime>${isoTime(until + offset)}</wsnt:TerminationTime></tev:CreatePullPointSubscriptionResponse>`
      );
    }),
    addressed('Subscribe', 'READ_MEDIA', subscribe),
    addressed('PullMessages', 'READ_MEDIA', pullMessages),
    addressed('Renew', 'READ_MEDIA', (ctx) => {
      const id = subscriptionId(ctx);
      const until = terminationMs(ctx, textAt(ctx.req.body, 'TerminationTime'), 'UnacceptableTerminationTimeFault');
      ctx.device.events.subscription(id)!.terminationMs = until;
      const offset = deviceOffsetMs(ctx);
      return `<wsnt:RenewResponse><wsnt:TerminationTime>${isoTime(until + offset)}</wsnt:TerminationTime><wsnt:CurrentTime>${isoTime(ctx.nowMs + offset)}</wsnt:CurrentTime></wsnt:RenewResponse>`;
    }),
    addressed('Unsubscribe', 'READ_MEDIA', (ctx) => {
      ctx.device.events.unsubscribe(subscriptionId(ctx));
      return '<wsnt:UnsubscribeResponse/>';
    }),
    addressed('SetSynchronizationPoint', 'READ_MEDIA', (ctx) => {
      ctx.device.events.synchronize(subscriptionId(ctx));
      return '<tev:SetSynchronizationPointResponse/>';
    }),
  ]),
};
