import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Camera } from '../../../../simulators/camera/camera.ts';
import { systemClock } from '../../../../simulators/clock/clock.ts';
import { ObservationLog } from '../../../../simulators/observations/observation-log.ts';
import { RtspServer } from '../../../../simulators/rtsp/rtsp-server.ts';
import { type LabRig, inventoryOf, startLabRig } from '../../nms/e2e/lab-camera.ts';
import { ZoneMinderAdapter } from '../zoneminder-adapter.ts';
import { zoneminderAvailable, zoneminderInstallHint } from '../zoneminder-install.ts';

const available = await zoneminderAvailable();
if (!available) console.warn(`skipping ZoneMinder e2e: ZoneMinder is not installed (${zoneminderInstallHint})`);

describe.skipIf(!available)('ZoneMinder adapter against a real camera', () => {
  let rig: LabRig;
  let log: ObservationLog;
  let server: RtspServer;
  let workDir: string;
  let adapter: ZoneMinderAdapter | undefined;
  let camera: Camera;

  beforeEach(async () => {
    rig = await startLabRig('zm-cam-1', '127.16.7.1');
    ({ log, server, camera, workDir } = rig);
  });

  afterEach(async () => {
    await adapter?.close();
    adapter = undefined;
    await rig.close();
  });

  it('adds a monitor over RTSP with digest, records events, raises and clears its loss of picture, deletes the monitor', async () => {
    const crashes: Error[] = [];
    adapter = new ZoneMinderAdapter({ width: 320, height: 240, sectionLengthS: 5 });
    await adapter.open({ instance: 'hub', log, clock: systemClock, workDir, signal: new AbortController().signal, crashed: (e) => crashes.push(e) });
    expect((await adapter.identity()).version).toMatch(/^1\.\d+\.\d+/);
    await adapter.provision([inventoryOf(camera)]);

    await expect.poll(() => log.ofKind('rtsp.session.play').filter((o) => o.camera === camera.id).length, { timeout: 30_000, interval: 250 }).toBeGreaterThanOrEqual(1);
    expect(log.ofKind('rtsp.session.open').every((o) => o.transport === 'tcp' && o.user === 'hub')).toBe(true);
    // ZoneMinder judges a monitor only once it has had a picture: let it take 4 s of frames first.
    await expect.poll(() => Math.max(0, ...log.ofKind('rtsp.session.stats').filter((o) => o.camera === camera.id).map((o) => o.framesSent)), { timeout: 30_000, interval: 250 }).toBeGreaterThanOrEqual(100);

    camera.powerOff('test outage');
    await expect.poll(() => log.ofKind('hub.alarm').map((o) => o.state), { timeout: 45_000, interval: 250 }).toEqual(['raised']);
    camera.boot(systemClock, 'test outage over');
    await expect.poll(() => log.ofKind('hub.alarm').map((o) => o.state), { timeout: 90_000, interval: 250 }).toEqual(['raised', 'cleared']);
    const [raised, cleared] = log.ofKind('hub.alarm');
    expect(['video-loss', 'offline']).toContain(raised!.alarmKind);
    expect(cleared!.alarmKind).toBe(raised!.alarmKind);

    await adapter.collect();
    const recordings = log.ofKind('hub.recording').filter((r) => r.camera === camera.id);
    expect(recordings.length).toBeGreaterThanOrEqual(1);
    for (const r of recordings) expect(r.endMs).toBeGreaterThanOrEqual(r.startMs);

    await adapter.release([inventoryOf(camera)]);
    expect(log.ofKind('hub.released').map((o) => o.camera)).toEqual([camera.id]);
    await expect.poll(() => server.stats().sessions, { timeout: 20_000, interval: 200 }).toBe(0);
    expect(crashes).toEqual([]);
  }, 240_000);
});
