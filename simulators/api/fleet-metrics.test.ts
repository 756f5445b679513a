import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Camera } from '../camera/camera.ts';
import type { DeviceServers } from '../fleet/device-servers.ts';
import { Fleet } from '../fleet/fleet.ts';
import { fleetFromCount } from '../fleet/fleet-schema.ts';
import type { OnvifNotifyObservation } from '../observations/observation.ts';
import { FleetMetrics } from './fleet-metrics.ts';

/** The metrics read the fleet's state and log, not its sockets: the cameras here have no listeners. */
class NoListeners implements DeviceServers {
  addCamera(_camera: Camera): Promise<void> {
    return Promise.resolve();
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

const notify = (
  camera: string,
  outcome: OnvifNotifyObservation['outcome'],
  messages: number,
): OnvifNotifyObservation => ({
  kind: 'onvif.notify',
  atMs: 0,
  camera,
  subscription: 'sub-1',
  consumer: 'http://127.13.61.1/events',
  messages,
  outcome,
  droppedTotal: 0,
});

describe('FleetMetrics', () => {
  let fleet: Fleet;
  let metrics: FleetMetrics;

  beforeAll(async () => {
    fleet = await Fleet.start(fleetFromCount(2, { sites: ['north'], addressBlock: '127.13.61.0/24' }), {
      ports: { rtsp: 0, onvif: 0 },
      servers: () => Promise.resolve(new NoListeners()),
    });
    metrics = new FleetMetrics(fleet);
  });
  afterAll(async () => {
    metrics.close();
    await fleet.close();
  });

  it('counts event Notifies and their messages by camera and result, as the onvif.notify observations arrive', async () => {
    const [a, b] = fleet.fleetCameras().map((c) => c.plan.id);
    fleet.log.record(notify(a!, 'delivered', 3));
    fleet.log.record(notify(a!, 'delivered', 2));
    fleet.log.record(notify(a!, 'failed', 1));
    fleet.log.record(notify(b!, 'failed', 4));
    const text = await metrics.registry.metrics();
    expect(text).toContain(`camlab_onvif_notify_total{camera="${a!}",result="delivered"} 2`);
    expect(text).toContain(`camlab_onvif_notify_total{camera="${a!}",result="failed"} 1`);
    expect(text).toContain(`camlab_onvif_notify_total{camera="${b!}",result="failed"} 1`);
    expect(text).not.toContain(`camlab_onvif_notify_total{camera="${b!}",result="delivered"}`);
    expect(text).toContain(`camlab_onvif_notify_messages_total{camera="${a!}",result="delivered"} 5`);
    expect(text).toContain(`camlab_onvif_notify_messages_total{camera="${b!}",result="failed"} 4`);
  });

  it('stops counting once closed', async () => {
    const probe = new FleetMetrics(fleet);
    probe.close();
    fleet.log.record(notify(fleet.fleetCameras()[0]!.plan.id, 'delivered', 1));
    expect(await probe.registry.metrics()).not.toMatch(/camlab_onvif_notify_total\{/);
  });
});
