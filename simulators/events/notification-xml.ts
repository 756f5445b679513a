import { envelope, esc, isoTime } from '../wire/soap-writer.ts';
import type { XmlElement } from '../wire/xml-element.ts';
import type { EventMessage } from './event-message.ts';

const CONCRETE_SET = 'http://www.onvif.org/ver10/tev/topicExpression/ConcreteSet';
export const NOTIFY_ACTION = 'http://docs.oasis-open.org/wsn/bw-2/NotificationConsumer/Notify';

/** Endpoint references a pushed NotificationMessage carries (a pulled one needs neither). */
export interface NotificationReferences {
  subscription: string;
  producer: string;
}

const items = (list: EventMessage['source']): string =>
  list.map(([n, v]) => `<tt:SimpleItem Name="${esc(n)}" Value="${esc(v)}"/>`).join('');

const elementItems = (list: EventMessage['dataElements']): string =>
  list === undefined ? '' : list.map(([n, xml]) => `<tt:ElementItem Name="${esc(n)}">${xml}</tt:ElementItem>`).join('');

/** One wsnt:NotificationMessage; UtcTime is in device time (the simulator's time plus the camera's offset). Pure. */
export function notificationMessageXml(m: EventMessage, deviceOffsetMs: number, refs?: NotificationReferences): string {
  return (
    '<wsnt:NotificationMessage>' +
    (refs === undefined
      ? ''
      : `<wsnt:SubscriptionReference><wsa:Address>${esc(refs.subscription)}</wsa:Address></wsnt:SubscriptionReference>`) +
    `<wsnt:Topic Dialect="${CONCRETE_SET}">${esc(m.topic)}</wsnt:Topic>` +
    (refs === undefined
      ? ''
      : `<wsnt:ProducerReference><wsa:Address>${esc(refs.producer)}</wsa:Address></wsnt:ProducerReference>`) +
    `<wsnt:Message><tt:Message UtcTime="${isoTime(m.utcMs + deviceOffsetMs)}" PropertyOperation="${m.operation}"><tt:Source>${items(m.source)}</tt:Source><tt:Data>${items(m.data)}${elementItems(m.dataElements)}</tt:Data></tt:Message></wsnt:Message>` +
    '</wsnt:NotificationMessage>'
  );
}

export interface NotifyEnvelopeInput {
  messages: readonly EventMessage[];
  deviceOffsetMs: number;
  refs: NotificationReferences;
  consumer: string;
  /** A fresh urn:uuid per Notify (the caller makes it, so this stays pure). */
  messageId: string;
  /** The consumer reference's ReferenceParameters as header blocks (referenceParameterHeaders). */
  referenceParameters?: string;
}

/**
 * The SOAP 1.2 wsnt:Notify a camera POSTs to a consumer, with the WS-Addressing headers the
 * ONVIF event test specification checks (Action, To, MessageID; Annex A.3). Pure.
 */
export function notifyEnvelope(input: NotifyEnvelopeInput): string {
  const header = `<wsa:Action>${NOTIFY_ACTION}</wsa:Action><wsa:To>${esc(input.consumer)}</wsa:To><wsa:MessageID>${esc(input.messageId)}</wsa:MessageID>${input.referenceParameters ?? ''}`;
  return envelope(
    `<wsnt:Notify>${input.messages.map((m) => notificationMessageXml(m, input.deviceOffsetMs, input.refs)).join('')}</wsnt:Notify>`,
    header,
  );
}

function elementXml(el: XmlElement, marker: string): string {
  // Unprefixed attributes only: a prefixed one would need its namespace re-declared, and
  // reference parameters in the wild (Milestone, Genetec session ids) are plain text elements.
  const attrs = Object.entries(el.attrs ?? {})
    .filter(([name]) => !name.includes(':') && name !== 'xmlns')
    .map(([name, value]) => ` ${name}="${esc(value)}"`)
    .join('');
  const content = el.children.length > 0 ? el.children.map((c) => elementXml(c, '')).join('') : esc(el.text);
  return `<${el.local} xmlns="${esc(el.ns)}"${marker}${attrs}>${content}</${el.local}>`;
}

/**
 * A consumer reference's ReferenceParameters as the SOAP header blocks each message to that
 * consumer must carry, marked wsa:IsReferenceParameter (WS-Addressing 1.0 SOAP Binding §3.2,
 * which WS-BaseNotification §4.2 applies to Notify). Pure.
 */
export function referenceParameterHeaders(params: XmlElement | undefined): string {
  return params === undefined
    ? ''
    : params.children.map((c) => elementXml(c, ' wsa:IsReferenceParameter="true"')).join('');
}
