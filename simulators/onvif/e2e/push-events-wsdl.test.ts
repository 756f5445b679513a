import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onvifUrl } from '../../camera/uris.ts';
import { NotifyConsumer } from './notify-consumer.ts';
import { ADMIN, type OnvifFixture, startOnvifFixture } from './onvif-fixture.ts';
import { OnvifWsdlFixture, WSDL_ROOT, wsdlAvailable } from './onvif-wsdl-fixture.ts';

const require = createRequire(import.meta.url);
const soap = require('soap') as {
  createClientAsync(wsdl: string, opts: Record<string, unknown>): Promise<SoapClient>;
  WSSecurity: new (user: string, password: string, opts: Record<string, unknown>) => unknown;
};
interface SoapClient {
  setSecurity(s: unknown): void;
  [method: string]: unknown;
}

const EVENTS_WSDL = 'ver10/events/wsdl/event-vs.wsdl';
const WSN = fileURLToPath(new URL('./fixtures/wsn', import.meta.url));
/** The OASIS documents the event WSDL imports by URL: ONVIF's own copy of bw-2, local stand-ins for the rest. */
const WSN_IMPORTS: Record<string, string> = {
  'http://docs.oasis-open.org/wsn/b-2.xsd': join(WSN, 'b-2.xsd'),
  'http://docs.oasis-open.org/wsn/t-1.xsd': join(WSN, 't-1.xsd'),
  'http://www.w3.org/2005/08/addressing/ws-addr.xsd': join(WSN, 'ws-addr.xsd'),
  'http://docs.oasis-open.org/wsrf/rw-2.wsdl': join(WSN, 'rw-2.wsdl'),
};
const overrideImportLocation = (location: string): string =>
  WSN_IMPORTS[location] ?? OnvifWsdlFixture.overrideImportLocation(location);

if (!wsdlAvailable) console.warn('push-events-wsdl.test: ../shared/onvif-wsdl is absent, skipping');

describe.skipIf(!wsdlAvailable)('a node-soap client built from the official event WSDL subscribes for push', () => {
  let fx: OnvifFixture;
  let consumer: NotifyConsumer;
  let dir: string;

  beforeAll(async () => {
    fx = await startOnvifFixture(42, ['fixed-1080p']);
    consumer = await NotifyConsumer.start('127.12.42.100');
    dir = await mkdtemp(join(tmpdir(), 'camlab-event-wsdl-'));
  });

  afterAll(async () => {
    await fx.close();
    await consumer.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** ONVIF WSDLs declare bindings only: a wrapper adds the wsdl:service node-soap needs. */
  async function client(binding: string, endpoint: string): Promise<SoapClient> {
    const path = join(dir, `${binding}-${Buffer.from(endpoint).toString('hex').slice(-24)}.wsdl`);
    await writeFile(
      path,
      `<?xml version="1.0" encoding="UTF-8"?>
<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap12="http://schemas.xmlsoap.org/wsdl/soap12/" xmlns:tev="http://www.onvif.org/ver10/events/wsdl" targetNamespace="http://www.onvif.org/ver10/events/wsdl">
  <wsdl:import namespace="http://www.onvif.org/ver10/events/wsdl" location="${join(WSDL_ROOT, EVENTS_WSDL)}"/>
  <wsdl:service name="${binding}Service"><wsdl:port name="${binding}Port" binding="tev:${binding}"><soap12:address location="${endpoint}"/></wsdl:port></wsdl:service>
</wsdl:definitions>
`,
    );
    const c = await soap.createClientAsync(path, {
      forceSoap12Headers: true,
      wsdl_options: { overrideImportLocation },
    });
    c.setSecurity(
      new soap.WSSecurity(ADMIN.username, ADMIN.password, { passwordType: 'PasswordDigest', hasTimeStamp: false }),
    );
    return c;
  }

  async function callOp<T>(c: SoapClient, operation: string, args: Record<string, unknown>): Promise<T> {
    const fn = c[`${operation}Async`] as (a: Record<string, unknown>) => Promise<[T, string]>;
    return (await fn.call(c, args))[0];
  }

  it('Subscribe (NotificationProducerBinding), a Notify on motion, Renew and Unsubscribe (SubscriptionManagerBinding)', async () => {
    const camera = fx.cameras[0]!;
    const producer = await client('NotificationProducerBinding', onvifUrl(camera, 'events'));
    const sub = await callOp<{
      SubscriptionReference: { Address: string };
      CurrentTime: string | Date;
      TerminationTime: string | Date;
    }>(producer, 'Subscribe', {
      ConsumerReference: { Address: consumer.url('/soap') },
      Filter: {
        TopicExpression: {
          attributes: { Dialect: 'http://www.onvif.org/ver10/tev/topicExpression/ConcreteSet' },
          $value: 'tns1:RuleEngine//.',
        },
      },
      InitialTerminationTime: 'PT30S',
    });
    expect(sub.SubscriptionReference.Address).toMatch(/\/onvif\/events_service\/subscription\/[0-9a-f-]{36}$/);
    expect(new Date(sub.TerminationTime).getTime() - new Date(sub.CurrentTime).getTime()).toBe(30_000);

    // The subscription first gets the rule's state (nothing raised yet: false), then the motion.
    const [initial] = await consumer.atLeast('/soap', 1);
    expect(initial!.messages.map((m) => [m.topic, m.operation, m.data])).toEqual([
      ['tns1:RuleEngine/CellMotionDetector/Motion', 'Initialized', { IsMotion: 'false' }],
    ]);
    camera.raiseEvent('motion', true);
    const [, notify] = await consumer.atLeast('/soap', 2);
    expect(notify!.messages.map((m) => [m.topic, m.operation, m.data])).toEqual([
      ['tns1:RuleEngine/CellMotionDetector/Motion', 'Changed', { IsMotion: 'true' }],
    ]);

    const manager = await client('SubscriptionManagerBinding', sub.SubscriptionReference.Address);
    const renewed = await callOp<{ TerminationTime: string | Date; CurrentTime: string | Date }>(manager, 'Renew', {
      TerminationTime: 'PT120S',
    });
    expect(new Date(renewed.TerminationTime).getTime() - new Date(renewed.CurrentTime).getTime()).toBe(120_000);
    await callOp(manager, 'Unsubscribe', {});
    expect(fx.server.device(camera.id)!.events.subscriptionCount).toBe(0);
    await expect(callOp(manager, 'Unsubscribe', {})).rejects.toThrow();
  });
});
