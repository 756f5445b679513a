import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { parseXml } from '../wire/xml-element.ts';
import { deviceTopicMessages } from './device-topics.ts';
import {
  NOTIFY_ACTION,
  notificationMessageXml,
  notifyEnvelope,
  referenceParameterHeaders,
} from './notification-xml.ts';

const SRC = { videoSource: 'VS<1>', videoSourceConfig: 'VSC', analyticsConfig: 'VA', rule: 'R&D' };
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  removeNSPrefix: true,
  isArray: (n) => n === 'NotificationMessage' || n === 'SimpleItem',
});

describe('notifyEnvelope', () => {
  const messages = deviceTopicMessages('motion', true, Date.UTC(2026, 0, 5, 9, 0, 0), SRC);
  const input = {
    messages,
    deviceOffsetMs: 1_500,
    refs: {
      subscription: 'http://127.0.0.1/onvif/events_service/subscription/abc',
      producer: 'http://127.0.0.1/onvif/events_service',
    },
    consumer: 'http://hub/notify?x=1&y=2',
    messageId: 'urn:uuid:00000000-0000-4000-8000-000000000000',
  };

  it('is a SOAP 1.2 wsnt:Notify with the WS-Addressing headers and both references, escaped', () => {
    const xml = notifyEnvelope(input);
    expect(() => parseXml(xml)).not.toThrow();
    const env = parser.parse(xml).Envelope;
    expect(env.Header).toEqual({ Action: NOTIFY_ACTION, To: 'http://hub/notify?x=1&y=2', MessageID: input.messageId });
    const nms = env.Body.Notify.NotificationMessage;
    expect(nms).toHaveLength(2);
    expect(nms[0].SubscriptionReference.Address).toBe(input.refs.subscription);
    expect(nms[0].ProducerReference.Address).toBe(input.refs.producer);
    expect(nms[0].Topic).toEqual({
      '#text': 'tns1:VideoSource/MotionAlarm',
      Dialect: 'http://www.onvif.org/ver10/tev/topicExpression/ConcreteSet',
    });
    expect(nms[0].Message.Message).toMatchObject({
      UtcTime: '2026-01-05T09:00:01Z',
      PropertyOperation: 'Changed',
      Source: { SimpleItem: [{ Name: 'Source', Value: 'VS<1>' }] },
    });
    expect(nms[1].Message.Message.Source.SimpleItem.map((i: { Value: string }) => i.Value)).toEqual([
      'VSC',
      'VA',
      'R&D',
    ]);
  });

  it('leaves out the references in the pulled form', () => {
    const xml = notificationMessageXml(messages[0]!, 0);
    expect(xml).not.toContain('SubscriptionReference');
    expect(xml).not.toContain('ProducerReference');
    expect(xml).toContain('UtcTime="2026-01-05T09:00:00Z"');
  });

  it.each([
    [
      'no ReferenceParameters',
      '<wsa:EndpointReference xmlns:wsa="http://www.w3.org/2005/08/addressing"><wsa:Address>http://hub/</wsa:Address></wsa:EndpointReference>',
      [],
    ],
    [
      'nested and attributed parameters, escaped',
      '<a:EPR xmlns:a="http://www.w3.org/2005/08/addressing"><a:ReferenceParameters><h:Session xmlns:h="urn:hub" kind="p&amp;q" h:scoped="x">s&lt;1</h:Session><Plain><h:Leaf xmlns:h="urn:hub">v</h:Leaf></Plain></a:ReferenceParameters></a:EPR>',
      [
        {
          local: 'Session',
          ns: 'urn:hub',
          attrs: { xmlns: 'urn:hub', 'wsa:IsReferenceParameter': 'true', kind: 'p&q' },
          text: 's<1',
        },
        { local: 'Plain', ns: '', attrs: { xmlns: '', 'wsa:IsReferenceParameter': 'true' }, text: '' },
      ],
    ],
  ])('turns a consumer reference with %s into header blocks', (_name, epr, expected) => {
    const headers = referenceParameterHeaders(parseXml(epr).children.find((c) => c.local === 'ReferenceParameters'));
    const header = parseXml(`<h xmlns:wsa="http://www.w3.org/2005/08/addressing">${headers}</h>`);
    expect(header.children.map((c) => ({ local: c.local, ns: c.ns, attrs: c.attrs, text: c.text }))).toEqual(expected);
    if (expected.length > 0)
      expect(header.children[1]!.children.map((c) => [c.local, c.ns, c.text])).toEqual([['Leaf', 'urn:hub', 'v']]);
  });

  it('writes the reference parameters after the WS-Addressing headers', () => {
    const xml = notifyEnvelope({
      ...input,
      referenceParameters: '<Session xmlns="urn:hub" wsa:IsReferenceParameter="true">s1</Session>',
    });
    const header = parseXml(xml).children.find((c) => c.local === 'Header')!;
    expect(header.children.map((c) => c.local)).toEqual(['Action', 'To', 'MessageID', 'Session']);
  });
});
