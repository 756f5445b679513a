import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Camera } from '../../camera/camera.ts';
import { builtinPersonalities, findBuiltinModel } from '../../camera/camera-model.ts';
import { onvifUrl } from '../../camera/uris.ts';
import { DiscoveryService } from '../../discovery/discovery-service.ts';
import { ObservationLog } from '../../observations/observation-log.ts';
import { soapEnvelope } from '../../onvif/e2e/http-soap-client.ts';
import { WsdClient } from '../../onvif/e2e/wsd-client.ts';
import { OnvifServer } from '../../onvif/onvif-server.ts';
import { ADMIN, TDS, TEV, TINY_JPEG, TRT, curlAvailable, curlSoap, soapRequest } from './quirk-fixture.ts';

const IDS = ['hikvision-like', 'dahua-like', 'axis-like'] as const;

/** The three vendor-style personalities, one camera each on one server, seen by curl and a UDP prober. */
describe.skipIf(!curlAvailable)('personalities on the wire', () => {
  const log = new ObservationLog();
  const server = new OnvifServer({ log, snapshot: async () => TINY_JPEG });
  const cameras = new Map<string, Camera>();
  let discovery: DiscoveryService;
  let prober: WsdClient;
  const cam = (id: (typeof IDS)[number]): Camera => cameras.get(id)!;
  const pullPoint = async (c: Camera): Promise<string> => {
    const reply = await curlSoap(onvifUrl(c, 'events'), soapRequest(TEV, 'CreatePullPointSubscription'), {
      digest: ADMIN,
    });
    return /<wsa:Address>([^<]+)<\/wsa:Address>/.exec(reply.body)![1]!;
  };
  const pull = async (address: string): Promise<string> =>
    (
      await curlSoap(
        address,
        soapRequest(TEV, 'PullMessages', '<Timeout>PT0S</Timeout><MessageLimit>100</MessageLimit>'),
        { digest: ADMIN },
      )
    ).body;

  beforeAll(async () => {
    for (const [i, id] of IDS.entries()) {
      const c = new Camera({
        id,
        name: id,
        site: 'estate',
        model: findBuiltinModel(id)!,
        network: { address: `127.77.6.${i + 1}`, rtspPort: 8554, onvifPort: 0 },
        users: [ADMIN],
      });
      cameras.set(id, c);
      await server.addCamera(c);
    }
    discovery = new DiscoveryService({ log, cameras: () => cameras.values(), multicast: false });
    await discovery.start();
    prober = await WsdClient.prober();
  });
  afterAll(async () => {
    prober.close();
    await discovery.close();
    await server.close();
    for (const c of cameras.values()) c.dispose();
  });

  it('ships the three personalities as built-in models, each a data file with a description', () => {
    expect(builtinPersonalities.map((p) => p.model.id).sort()).toEqual([...IDS].sort());
    for (const p of builtinPersonalities) {
      expect(p.file).toMatch(/personalities\/[a-z-]+\.yaml$/);
      expect(p.description.length).toBeGreaterThan(20);
    }
  });

  it('hikvision-like: ISAPI stream URI, a bare 401 for a refused token, motion on CellMotionDetector only, a fault at the sixth pull point', async () => {
    const c = cam('hikvision-like');
    const uri = await curlSoap(
      onvifUrl(c, 'media'),
      soapRequest(TRT, 'GetStreamUri', '<ProfileToken>Profile_main</ProfileToken>'),
      { digest: ADMIN },
    );
    expect(uri.body).toMatch(/rtsp:\/\/127\.77\.6\.1:8554\/Streaming\/Channels\/101</);
    const refused = await curlSoap(
      onvifUrl(c),
      soapEnvelope('<GetDeviceInformation xmlns="http://www.onvif.org/ver10/device/wsdl"/>', {
        username: ADMIN.username,
        password: 'wrong',
      }),
    );
    expect(refused.status).toBe(401);
    const first = await pullPoint(c);
    expect(await pull(first)).not.toContain('tns1:VideoSource/MotionAlarm');
    c.raiseEvent('motion', true);
    const moved = await pull(first);
    expect(moved).toContain('tns1:RuleEngine/CellMotionDetector/Motion');
    expect(moved).not.toContain('tns1:VideoSource/MotionAlarm');
    for (let i = 0; i < 4; i++) await pullPoint(c);
    const sixth = await curlSoap(onvifUrl(c, 'events'), soapRequest(TEV, 'CreatePullPointSubscription'), {
      digest: ADMIN,
    });
    expect(sixth.status).toBe(500);
    expect(sixth.body).toContain('ter:MaxPullPoints');
  });

  it('dahua-like: realmonitor URI with its query, MotionAlarm State 1, and a clock 40 s ahead', async () => {
    const c = cam('dahua-like');
    const uri = await curlSoap(
      onvifUrl(c, 'media'),
      soapRequest(TRT, 'GetStreamUri', '<ProfileToken>Profile_main</ProfileToken>'),
      { digest: ADMIN },
    );
    expect(uri.body).toContain('/cam/realmonitor/main?channel=1&amp;unicast=true<');
    const sub = await pullPoint(c);
    await pull(sub);
    c.raiseEvent('motion', true);
    const moved = await pull(sub);
    expect(moved).toContain('<tt:SimpleItem Name="State" Value="1"/>');
    expect(moved).not.toContain('CellMotionDetector');
    expect(c.clockOffsetMs(0)).toBe(40_000);
  });

  it('axis-like: SOAP 1.1 answers, and a link-local address first in the XAddrs of its ProbeMatches', async () => {
    const c = cam('axis-like');
    const info = await curlSoap(onvifUrl(c), soapRequest(TDS, 'GetDeviceInformation'), { digest: ADMIN });
    expect(info.body).toContain('xmlns:env="http://schemas.xmlsoap.org/soap/envelope/"');
    expect(info.contentType).toMatch(/^text\/xml/);
    const replies = prober.probe(c.network.address);
    await vi.waitFor(() => expect(replies().length).toBe(1), { timeout: 5_000 });
    expect(/<d:XAddrs>([^<]*)<\/d:XAddrs>/.exec(replies()[0]!)![1]).toBe(
      `http://169.254.68.137/onvif/device_service ${onvifUrl(c)}`,
    );
  });
});
