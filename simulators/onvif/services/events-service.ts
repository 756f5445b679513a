import { onvifUrl } from '../../camera/uris.ts';
import type { EventMessage } from '../../events/event-message.ts';
import { type OnvifRequestContext, type OnvifService, op } from '../onvif-service.ts';
import { faults } from '../soap-fault.ts';
import { NS, esc, isoTime } from '../soap-writer.ts';
import { textAt } from '../xml-element.ts';
import { XS_DURATION_MAX_MS, parseXsDurationMs } from '../xs-duration.ts';

/** Sub-path of the events service where pull points live: /onvif/events_service/pullpoint/<id>. */
export const PULL_POINT_SEGMENT = '/pullpoint/';
const DEFAULT_TERMINATION_MS = 60_000;
const CONCRETE_SET = 'http://www.onvif.org/ver10/tev/topicExpression/ConcreteSet';

/** Reads a termination time: an xs:duration from now or an absolute xs:dateTime in device time. */
function terminationMs(ctx: OnvifRequestContext, text: string | undefined): number {
  if (text === undefined || text === '') return ctx.nowMs + DEFAULT_TERMINATION_MS;
  const rel = parseXsDurationMs(text);
  if (rel !== undefined) {
    if (rel <= 0 || rel > XS_DURATION_MAX_MS) throw faults.invalidArgVal('InvalidTerminationTime', `termination ${text} must be positive and at most a day`);
    return ctx.nowMs + rel;
  }
  const abs = Date.parse(text);
  if (Number.isNaN(abs)) throw faults.invalidArgVal('InvalidTerminationTime', `'${text}' is neither an xs:duration nor an xs:dateTime`);
  const ms = abs - (ctx.device.deviceTimeMs(ctx.nowMs) - ctx.nowMs);
  if (ms <= ctx.nowMs) throw faults.invalidArgVal('InvalidTerminationTime', `termination ${text} is in the past`);
  return Math.min(ms, ctx.nowMs + XS_DURATION_MAX_MS);
}

/** TopicExpression alternatives ("a|b") without prefixes and the //. wildcard, as prefixes. */
function topicFilter(ctx: OnvifRequestContext): string[] | undefined {
  const expr = textAt(ctx.req.body, 'Filter', 'TopicExpression');
  if (expr === undefined || expr === '') return undefined;
  return expr.split('|').map((t) => t.trim().replace(/^[A-Za-z0-9_]+:/, '').replace(/\/\/\.$/, '').replace(/\/$/, ''));
}

function messageXml(m: EventMessage, deviceOffsetMs: number): string {
  const items = (list: EventMessage['source']): string => list.map(([n, v]) => `<tt:SimpleItem Name="${esc(n)}" Value="${esc(v)}"/>`).join('');
  return (
    `<wsnt:NotificationMessage><wsnt:Topic Dialect="${CONCRETE_SET}">${esc(m.topic)}</wsnt:Topic><wsnt:Message>` +
    `<tt:Message UtcTime="${isoTime(m.utcMs + deviceOffsetMs)}" PropertyOperation="${m.operation}"><tt:Source>${items(m.source)}</tt:Source><tt:Data>${items(m.data)}</tt:Data></tt:Message>` +
    '</wsnt:Message></wsnt:NotificationMessage>'
  );
}

function subscriptionId(ctx: OnvifRequestContext): string {
  const id = ctx.subscriptionId;
  if (id === undefined || ctx.device.events.get(id) === undefined) throw faults.invalidArgVal('NoSubscription', `no pull point subscription at this address`);
  return id;
}

async function pullMessages(ctx: OnvifRequestContext): Promise<string> {
  const id = subscriptionId(ctx);
  const timeoutText = textAt(ctx.req.body, 'Timeout') ?? 'PT0S';
  const timeoutMs = parseXsDurationMs(timeoutText);
  if (timeoutMs === undefined || timeoutMs < 0) throw faults.invalidArgVal('InvalidTimeout', `Timeout '${timeoutText}' is not an xs:duration`);
  const limitText = textAt(ctx.req.body, 'MessageLimit') ?? '1';
  const limit = Number(limitText);
  if (!Number.isInteger(limit) || limit < 1) throw faults.invalidArgVal('InvalidMessageLimit', `MessageLimit '${limitText}' must be a positive integer`);
  const result = await ctx.device.events.pull(id, Math.min(timeoutMs, XS_DURATION_MAX_MS), Math.min(limit, 1000));
  if (result.kind === 'unknown') throw faults.invalidArgVal('NoSubscription', 'the subscription ended while waiting');
  const now = ctx.clock.now();
  const offset = ctx.device.deviceTimeMs(now) - now;
  return (
    `<tev:PullMessagesResponse><tev:CurrentTime>${isoTime(now + offset)}</tev:CurrentTime><tev:TerminationTime>${isoTime(result.terminationMs + offset)}</tev:TerminationTime>` +
    `${result.messages.map((m) => messageXml(m, offset)).join('')}</tev:PullMessagesResponse>`
  );
}

const item = (name: string, type: string): string => `<tt:SimpleItemDescription Name="${name}" Type="${type}"/>`;
const description = (source: string, data: string): string => `<tt:MessageDescription IsProperty="true"><tt:Source>${source}</tt:Source><tt:Data>${data}</tt:Data></tt:MessageDescription>`;

const EVENT_PROPERTIES =
  '<tev:GetEventPropertiesResponse><tev:TopicNamespaceLocation>http://www.onvif.org/onvif/ver10/topics/topicns.xml</tev:TopicNamespaceLocation>' +
  '<wsnt:FixedTopicSet>true</wsnt:FixedTopicSet><wstop:TopicSet>' +
  '<tns1:VideoSource>' +
  `<MotionAlarm wstop:topic="true">${description(item('Source', 'tt:ReferenceToken'), item('State', 'xs:boolean'))}</MotionAlarm>` +
  `<GlobalSceneChange><ImagingService wstop:topic="true">${description(item('Source', 'tt:ReferenceToken'), item('State', 'xs:boolean'))}</ImagingService></GlobalSceneChange>` +
  '</tns1:VideoSource><tns1:RuleEngine><CellMotionDetector>' +
  `<Motion wstop:topic="true">${description(item('VideoSourceConfigurationToken', 'tt:ReferenceToken') + item('VideoAnalyticsConfigurationToken', 'tt:ReferenceToken') + item('Rule', 'xs:string'), item('IsMotion', 'xs:boolean'))}</Motion>` +
  '</CellMotionDetector></tns1:RuleEngine></wstop:TopicSet>' +
  '<wsnt:TopicExpressionDialect>http://www.onvif.org/ver10/tev/topicExpression/ConcreteSet</wsnt:TopicExpressionDialect>' +
  '<wsnt:TopicExpressionDialect>http://docs.oasis-open.org/wsn/t-1/TopicExpression/Concrete</wsnt:TopicExpressionDialect>' +
  '<tev:MessageContentFilterDialect>http://www.onvif.org/ver10/tev/messageContentFilter/ItemFilter</tev:MessageContentFilterDialect>' +
  '<tev:MessageContentSchemaLocation>http://www.onvif.org/onvif/ver10/schema/onvif.xsd</tev:MessageContentSchemaLocation>' +
  '</tev:GetEventPropertiesResponse>';

const CAPABILITIES =
  '<tev:Capabilities WSSubscriptionPolicySupport="false" WSPausableSubscriptionManagerInterfaceSupport="false" MaxNotificationProducers="0" MaxPullPoints="16" PersistentNotificationStorage="false"/>';

export const eventsService: OnvifService = {
  name: 'events',
  ns: NS.tev,
  offered: () => true,
  operations: new Map([
    ['GetServiceCapabilities', op('PRE_AUTH', () => `<tev:GetServiceCapabilitiesResponse>${CAPABILITIES}</tev:GetServiceCapabilitiesResponse>`)],
    ['GetEventProperties', op('READ_MEDIA', () => EVENT_PROPERTIES)],
    [
      'CreatePullPointSubscription',
      op('READ_MEDIA', (ctx) => {
        const until = terminationMs(ctx, textAt(ctx.req.body, 'InitialTerminationTime'));
        const sub = ctx.device.events.create(until, topicFilter(ctx));
        if (sub === undefined) throw faults.action('MaxPullPoints', 'the camera holds its maximum of pull point subscriptions');
        const offset = ctx.device.deviceTimeMs(ctx.nowMs) - ctx.nowMs;
        return (
          `<tev:CreatePullPointSubscriptionResponse><tev:SubscriptionReference><wsa:Address>${esc(onvifUrl(ctx.camera, 'events'))}${PULL_POINT_SEGMENT}${sub.id}</wsa:Address></tev:SubscriptionReference>` +
          `<wsnt:CurrentTime>${isoTime(ctx.nowMs + offset)}</wsnt:CurrentTime><wsnt:TerminationTime>${isoTime(until + offset)}</wsnt:TerminationTime></tev:CreatePullPointSubscriptionResponse>`
        );
      }),
    ],
    ['PullMessages', op('READ_MEDIA', pullMessages)],
    [
      'Renew',
      op('READ_MEDIA', (ctx) => {
        const id = subscriptionId(ctx);
        const until = terminationMs(ctx, textAt(ctx.req.body, 'TerminationTime'));
        ctx.device.events.get(id)!.terminationMs = until;
        const offset = ctx.device.deviceTimeMs(ctx.nowMs) - ctx.nowMs;
        return `<wsnt:RenewResponse><wsnt:TerminationTime>${isoTime(until + offset)}</wsnt:TerminationTime><wsnt:CurrentTime>${isoTime(ctx.nowMs + offset)}</wsnt:CurrentTime></wsnt:RenewResponse>`;
      }),
    ],
    [
      'Unsubscribe',
      op('READ_MEDIA', (ctx) => {
        ctx.device.events.unsubscribe(subscriptionId(ctx));
        return '<wsnt:UnsubscribeResponse/>';
      }),
    ],
    [
      'SetSynchronizationPoint',
      op('READ_MEDIA', (ctx) => {
        ctx.device.events.synchronize(subscriptionId(ctx));
        return '<tev:SetSynchronizationPointResponse/>';
      }),
    ],
  ]),
};

