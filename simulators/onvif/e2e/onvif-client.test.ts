import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { VirtualClock } from '../../clock/virtual-clock.ts';
import { DiscoveryService } from '../../discovery/discovery-service.ts';
import { ADMIN, type OnvifFixture, startOnvifFixture } from './onvif-fixture.ts';
import { Discovery, type OnvifCam, call, connectCam } from './onvif-client.ts';

const MODELS = ['fixed-1080p', 'ptz-dome', 'legacy-bullet'] as const;

describe('the onvif npm client against the emulated cameras', () => {
  let fx: OnvifFixture;
  let discovery: DiscoveryService;
  const clock = new VirtualClock(Date.now());
  const sockets = (): string[] => process.getActiveResourcesInfo().filter((r) => /TCP|UDP/.test(r));
  const socketsBefore = sockets();

  beforeAll(async () => {
    fx = await startOnvifFixture(1, MODELS, clock);
    discovery = new DiscoveryService({ log: fx.log, cameras: () => fx.cameras, clock });
    await discovery.start();
  });

  afterAll(async () => {
    await discovery.close();
    await fx.close();
    expect(clock.pendingCount()).toBe(0);
    await vi.waitFor(() => expect(sockets()).toEqual(socketsBefore), { timeout: 5000 });
  });

  it('discovers every camera by multicast probe on loopback', async () => {
    const found = await new Promise<Array<{ probeMatches: { probeMatch: { XAddrs: string; scopes: string } } }>>(
      (resolve, reject) =>
        Discovery.probe({ device: 'lo', timeout: 1500, resolve: false }, (err, list) =>
          Array.isArray(err) && list.length === 0 ? reject(err[0]) : resolve(list as never),
        ),
    );
    for (const cam of fx.cameras) {
      const match = found.find(
        (f) =>
          f.probeMatches.probeMatch.XAddrs ===
          `http://${cam.network.address}:${cam.network.onvifPort}/onvif/device_service`,
      );
      expect(match, `ProbeMatch for ${cam.id}`).toBeDefined();
      expect(match!.probeMatches.probeMatch.scopes).toContain('onvif://www.onvif.org/location/milton-keynes');
      expect(match!.probeMatches.probeMatch.scopes).toContain(`onvif://www.onvif.org/hardware/${cam.model.model}`);
    }
    expect(fx.log.query({ kinds: ['discovery.probe'] }).length).toBeGreaterThan(0);
  });

  it.each(MODELS.map((m, i) => [m, i] as const))(
    '%s: connects with HTTP digest and reads device information, profiles and stream URIs',
    async (modelId, i) => {
      const camera = fx.cameras[i]!;
      const cam = await connectCam(camera, ADMIN.username, ADMIN.password, false);
      const info = await call<{ manufacturer: string; model: string; firmwareVersion: string }>(
        cam,
        'getDeviceInformation',
      );
      expect(info).toMatchObject({
        manufacturer: camera.model.manufacturer,
        model: camera.model.model,
        firmwareVersion: camera.model.firmware,
      });
      expect(cam.media2Support ?? false).toBe(camera.model.media2);
      expect(cam.profiles.map((p) => p.$.token)).toEqual(['Profile_main', 'Profile_sub']);
      const main = await call<{ uri: string }>(cam, 'getStreamUri', { protocol: 'RTSP', profileToken: 'Profile_main' });
      const sub = await call<{ uri: string }>(cam, 'getStreamUri', { protocol: 'UDP', profileToken: 'Profile_sub' });
      const { rtspUrl } = await import('../../camera/uris.ts');
      expect(main.uri).toBe(rtspUrl(camera, 'main'));
      expect(sub.uri).toBe(rtspUrl(camera, 'sub'));
      const requests = fx.log.ofKind('onvif.request').filter((o) => o.camera === camera.id);
      expect(
        requests.some(
          (o) =>
            o.operation === 'GetDeviceInformation' &&
            o.auth === 'http-digest' &&
            o.user === 'admin' &&
            o.httpStatus === 200,
        ),
      ).toBe(true);
      // The client first asks without credentials and is challenged, as HTTP Digest works.
      expect(requests.some((o) => o.httpStatus === 401 && o.fault === 'ter:NotAuthorized')).toBe(true);
      expect(modelId).toBe(camera.model.id);
    },
  );

  it('connects with WS-UsernameToken digest to the camera whose clock is skewed', async () => {
    const camera = fx.cameras[2]!;
    expect(camera.clockOffsetMs(0)).not.toBe(0);
    const cam = await connectCam(camera, ADMIN.username, ADMIN.password, true);
    await call(cam, 'getDeviceInformation');
    const last = fx.log
      .ofKind('onvif.request')
      .filter((o) => o.camera === camera.id && o.operation === 'GetDeviceInformation')
      .at(-1)!;
    expect(last).toMatchObject({ auth: 'digest', user: 'admin', httpStatus: 200 });
  });

  describe('PTZ on the dome', () => {
    let cam: OnvifCam;
    const status = async (): Promise<{
      position: { x: number; y: number; zoom: number };
      moveStatus: { panTilt: string; zoom: string };
    }> => call(cam, 'getStatus', { profileToken: 'Profile_main' });

    beforeAll(async () => {
      cam = await connectCam(fx.cameras[1]!, ADMIN.username, ADMIN.password, true);
    });

    it('absolute move: MOVING, then IDLE at the target', async () => {
      await call(cam, 'absoluteMove', { x: 0.5, y: -0.25, zoom: 0.4, profileToken: 'Profile_main' });
      const moving = await status();
      expect(moving.moveStatus.panTilt).toBe('MOVING');
      clock.advance(1000);
      const done = await status();
      expect(done.moveStatus).toEqual({ panTilt: 'IDLE', zoom: 'IDLE' });
      expect(done.position).toEqual({ x: 0.5, y: -0.25, zoom: 0.4 });
      // The RTSP server stamps this source into each frame's SEI.
      expect(fx.cameras[1]!.ptz!.position(clock.now())).toEqual({ pan: 0.5, tilt: -0.25, zoom: 0.4 });
    });

    it('relative move adds to the position', async () => {
      await call(cam, 'relativeMove', { x: -0.25, y: 0.25, zoom: 0.1, profileToken: 'Profile_main' });
      expect((await status()).moveStatus.panTilt).toBe('MOVING');
      clock.advance(1000);
      const s = await status();
      expect(s.moveStatus.panTilt).toBe('IDLE');
      expect(s.position.x).toBeCloseTo(0.25, 6);
      expect(s.position.y).toBeCloseTo(0, 6);
      expect(s.position.zoom).toBeCloseTo(0.5, 6);
    });

    it('continuous move runs until Stop', async () => {
      await call(cam, 'continuousMove', { x: -0.5, y: 0, zoom: 0, profileToken: 'Profile_main' });
      clock.advance(500);
      expect((await status()).moveStatus.panTilt).toBe('MOVING');
      await call(cam, 'stop', { profileToken: 'Profile_main', panTilt: true, zoom: true });
      const s = await status();
      expect(s.moveStatus.panTilt).toBe('IDLE');
      expect(s.position.x).toBeCloseTo(0, 6);
      clock.advance(1000);
      expect((await status()).position.x).toBeCloseTo(0, 6);
    });

    it('continuous move honours its Timeout', async () => {
      await call(cam, 'continuousMove', { x: 0.25, y: 0, zoom: 0, timeout: 2000, profileToken: 'Profile_main' });
      clock.advance(1000);
      expect((await status()).moveStatus.panTilt).toBe('MOVING');
      clock.advance(1500);
      const s = await status();
      expect(s.moveStatus.panTilt).toBe('IDLE');
      expect(s.position.x).toBeCloseTo(0.5, 6);
    });

    it('sets, lists, goes to and removes a preset, and goes home', async () => {
      await call(cam, 'setPreset', { presetName: 'gate', profileToken: 'Profile_main' });
      const presets = await call<Record<string, { $: { token: string } }>>(cam, 'getPresets', {
        profileToken: 'Profile_main',
      });
      const token = presets.gate!.$.token;
      await call(cam, 'gotoHomePosition', { profileToken: 'Profile_main' });
      clock.advance(2000);
      expect((await status()).position).toEqual({ x: 0, y: 0, zoom: 0 });
      await call(cam, 'gotoPreset', { preset: token, profileToken: 'Profile_main' });
      expect((await status()).moveStatus.panTilt).toBe('MOVING');
      clock.advance(2000);
      const s = await status();
      expect(s.moveStatus.panTilt).toBe('IDLE');
      expect(s.position.x).toBeCloseTo(0.5, 6);
      await call(cam, 'removePreset', { presetToken: token, profileToken: 'Profile_main' });
      expect(await call(cam, 'getPresets', { profileToken: 'Profile_main' })).toEqual({});
      const commands = fx.log.ofKind('ptz.command').map((o) => o.command);
      expect(commands).toEqual(
        expect.arrayContaining([
          'AbsoluteMove',
          'RelativeMove',
          'ContinuousMove',
          'Stop',
          'SetPreset',
          'GotoPreset',
          'RemovePreset',
          'GotoHomePosition',
        ]),
      );
    });
  });

  it('pulls a motion event the fleet raises', async () => {
    const camera = fx.cameras[0]!;
    const cam = await connectCam(camera, ADMIN.username, ADMIN.password, true);
    await call(cam, 'createPullPointSubscription');
    // A new pull point first holds the state of every declared property: nothing raised yet, all false.
    const initial = await call<{ notificationMessage: unknown }>(cam, 'pullMessages', { messageLimit: 10 });
    const initialTopics = (
      ([] as unknown[]).concat(initial.notificationMessage) as Array<{ topic: { _: string } }>
    ).map((m) => m.topic._);
    expect(initialTopics).toEqual([
      'tns1:VideoSource/MotionAlarm',
      'tns1:RuleEngine/CellMotionDetector/Motion',
      'tns1:VideoSource/GlobalSceneChange/ImagingService',
    ]);
    const pulled = call<{ notificationMessage: unknown }>(cam, 'pullMessages', { messageLimit: 10 });
    await expect.poll(() => fx.server.device(camera.id)?.events.subscriptionCount ?? 0).toBe(1);
    camera.raiseEvent('motion', true);
    const data = await pulled;
    const messages = ([] as unknown[]).concat(data.notificationMessage) as Array<{
      topic: { _: string };
      message: { message: { data: { simpleItem: { $: { Name: string; Value: string } } } } };
    }>;
    expect(messages.map((m) => m.topic._)).toEqual([
      'tns1:VideoSource/MotionAlarm',
      'tns1:RuleEngine/CellMotionDetector/Motion',
    ]);
    expect(messages[0]!.message.message.data.simpleItem.$).toEqual({ Name: 'State', Value: true });
    expect(
      fx.log
        .ofKind('device.event')
        .filter((o) => o.camera === camera.id)
        .map((o) => o.topic),
    ).toContain('tns1:VideoSource/MotionAlarm');
    await call(cam, 'unsubscribe');
    expect(fx.server.device(camera.id)!.events.subscriptionCount).toBe(0);
  });
});
