import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../../simulators/clock/virtual-clock.ts';
import type { InventoryCamera } from '../../../simulators/fleet/inventory.ts';
import { ObservationLog } from '../../../simulators/observations/observation-log.ts';
import type { PullSpawner } from './camera-puller.ts';
import { MiniHubAdapter } from './mini-hub-adapter.ts';
import type { MiniHubVariant } from './pull-policy.ts';

const camera = (id: string): InventoryCamera => ({
  id,
  name: id,
  site: 'slough',
  model: 'fixed-1080p',
  manufacturer: 'Camlab Optics',
  address: '127.14.140.1',
  rtspPort: 554,
  onvifPort: 80,
  rtsp: { main: `rtsp://127.14.140.1/${id}/main`, sub: `rtsp://127.14.140.1/${id}/sub` },
  onvif: 'http://127.14.140.1/onvif/device_service',
  snapshot: 'http://127.14.140.1/snapshot.jpg',
  ptz: false,
  username: 'camlab-hub',
  password: 'pw',
  shard: 0,
});

async function open(variant: MiniHubVariant) {
  const clock = new VirtualClock(0);
  const log = new ObservationLog();
  const running = new Set<string>();
  const urls: string[] = [];
  const spawn: PullSpawner = (url, events) => {
    urls.push(url);
    running.add(url);
    return { kill: () => (running.delete(url), events.exit()), stopReading: () => undefined };
  };
  const ptzSent: string[] = [];
  const adapter = new MiniHubAdapter(variant, {
    spawn,
    resolveUri: async (c) => c.rtsp.main,
    healthCheck: () => async () => 'ok',
    sendPtz: async (c, cmd) => void ptzSent.push(`${c.id}:${cmd.kind}`),
  });
  await adapter.open({
    instance: 'council',
    log,
    clock,
    workDir: '/nonexistent',
    signal: new AbortController().signal,
  });
  return { adapter, log, clock, running, urls, ptzSent };
}

describe('MiniHubAdapter', () => {
  it('records provisioning and pulls with the hub user credentials', async () => {
    const { adapter, log, urls } = await open('well-behaved');
    await adapter.provision([camera('a'), camera('b')]);
    expect(log.ofKind('hub.provisioned').map((o) => `${o.hub}:${o.camera}`)).toEqual(['council:a', 'council:b']);
    expect(urls[0]).toBe('rtsp://camlab-hub:pw@127.14.140.1/a/main');
    await adapter.close();
  });

  it('a well-behaved hub stops pulling on release', async () => {
    const { adapter, log, running } = await open('well-behaved');
    await adapter.provision([camera('a')]);
    await adapter.release([camera('a')]);
    expect(log.ofKind('hub.released')).toHaveLength(1);
    expect(running.size).toBe(0);
    await adapter.close();
  });

  it('never-releases records the release it was given but keeps pulling', async () => {
    const { adapter, log, running } = await open('never-releases');
    await adapter.provision([camera('a')]);
    await adapter.release([camera('a')]);
    expect(log.ofKind('hub.released')).toHaveLength(1);
    expect(running.size).toBe(1);
    await adapter.close();
    expect(running.size).toBe(0);
  });

  it('reports offline alarms as hub.alarm observations', async () => {
    const { adapter, log, clock } = await open('well-behaved');
    await adapter.provision([camera('a')]);
    // No frame ever arrives: after the start-up allowance the camera is reported offline.
    clock.advance(16_000);
    expect(log.ofKind('hub.alarm').map((o) => `${o.camera}:${o.alarm}:${o.state}`)).toEqual(['a:offline:raised']);
    await adapter.close();
  });

  it.each([
    ['well-behaved', ['a:continuous', 'a:stop']],
    ['steers-wrong-camera', ['b:continuous', 'b:stop']],
    ['skips-ptz-stop', ['a:continuous']],
  ] as const)(
    '%s: records every operator command as sent (hub.ptz) and steers as its policy has it',
    async (variant, sent) => {
      const { adapter, log, ptzSent } = await open(variant);
      await adapter.provision([
        { ...camera('a'), ptz: true },
        { ...camera('b'), ptz: true },
      ]);
      await adapter.ptz!({ ...camera('a'), ptz: true }, { kind: 'continuous', pan: 0.5, tilt: 0, zoom: 0 });
      await adapter.ptz!({ ...camera('a'), ptz: true }, { kind: 'stop' });
      expect(log.ofKind('hub.ptz').map((o) => `${o.camera}:${o.command}`)).toEqual(['a:continuous', 'a:stop']);
      expect(ptzSent).toEqual(sent);
      await adapter.close();
    },
  );

  it('close is idempotent and later calls fail clearly', async () => {
    const { adapter } = await open('well-behaved');
    await adapter.close();
    await adapter.close();
    await expect(adapter.provision([camera('a')])).rejects.toThrow(/closed/);
  });
});
