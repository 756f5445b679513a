import { execFile } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Camera } from '../../../../simulators/camera/camera.ts';
import { findBuiltinModel } from '../../../../simulators/camera/camera-model.ts';
import { onvifUrl } from '../../../../simulators/camera/uris.ts';
import { DiscoveryService } from '../../../../simulators/discovery/discovery-service.ts';
import { ObservationLog } from '../../../../simulators/observations/observation-log.ts';
import { zoneminderInstallHint, zoneminderPaths } from '../zoneminder-install.ts';

const available = await access(zoneminderPaths.probe, constants.X_OK).then(
  () => true,
  () => false,
);
if (!available)
  console.warn(`skipping zmonvif-probe e2e: ${zoneminderPaths.probe} is missing (${zoneminderInstallHint})`);

const MAX_PROBES = 4;

/**
 * ZoneMinder's own ONVIF probe sends its Probe from port 3702 and then opens a fresh socket to
 * listen, 200 ms at a time: a ProbeMatch sent at once can land before anyone listens. camlab's
 * cameras wait a random time within APP_MAX_DELAY, as SOAP-over-UDP asks, so it hears them all.
 */
describe.skipIf(!available)('ZoneMinder zmonvif-probe.pl finds every camera of a small fleet', () => {
  const log = new ObservationLog();
  const cameras = [0, 1, 2, 3].map(
    (i) =>
      new Camera({
        id: `zmprobe-${i}`,
        name: `ZM probe ${i}`,
        site: 'lab',
        model: findBuiltinModel('fixed-1080p')!,
        network: { address: `127.16.71.${i + 1}`, rtspPort: 554, onvifPort: 8080 },
        users: [],
      }),
  );
  const service = new DiscoveryService({ log, cameras: () => cameras, seed: 17 });

  beforeAll(async () => {
    await service.start();
  });
  afterAll(async () => {
    await service.close();
  });

  it('lists each camera’s device service, probing over loopback', async () => {
    // The probe reads at most 21 answers, one per listening socket. On a machine where other
    // fleets answer the same loopback group, ours may be past that cut: probe again, as an
    // installer would, up to MAX_PROBES times. Alone (CI), one probe finds them all.
    const found = new Set<string>();
    let output = '';
    for (let probe = 0; probe < MAX_PROBES && found.size < cameras.length; probe++) {
      const { stdout } = await promisify(execFile)('perl', [zoneminderPaths.probe, 'probe', '1.2', '127.0.0.1'], {
        timeout: 30_000,
      });
      output += stdout;
      for (const c of cameras) if (stdout.includes(onvifUrl(c, 'device'))) found.add(c.id);
    }
    expect([...found].sort(), output).toEqual(cameras.map((c) => c.id));
    // Every answer waited its own random time within APP_MAX_DELAY (the scheduler's own record).
    const delays = service.replyDelayStats();
    expect(delays.count).toBeGreaterThanOrEqual(cameras.length);
    expect(delays.maxMs).toBeLessThanOrEqual(500);
  });
});
