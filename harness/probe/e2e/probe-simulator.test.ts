import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ffprobePath } from '../../../media/ffmpeg/ffmpeg-path.ts';
import { systemClock } from '../../../simulators/clock/clock.ts';
import { Fleet } from '../../../simulators/fleet/fleet.ts';
import { fleetFromCount } from '../../../simulators/fleet/fleet-schema.ts';
import type { InventoryCamera } from '../../../simulators/fleet/inventory.ts';
import { ObservationLog } from '../../../simulators/observations/observation-log.ts';
import type { RequirementVerdict } from '../../../reports/run-result.ts';
import { probeDevice } from '../probe-device.ts';
import { probeRunResult } from '../probe-run-result.ts';

function ffprobeAvailable(): boolean {
  try {
    return existsSync(ffprobePath());
  } catch {
    return false;
  }
}
const available = ffprobeAvailable();
if (!available) console.log('skipping probe e2e: no ffprobe binary');

/**
 * The simulator's own self-test: `camlab probe` against the emulated cameras (all three
 * personalities) must find them conformant, and must notice a camera that is not.
 */
describe.skipIf(!available)('camlab probe against the simulator', () => {
  let fleet: Fleet;
  const results = new Map<string, RequirementVerdict[]>();

  async function probe(camera: InventoryCamera, password = camera.password): Promise<RequirementVerdict[]> {
    const log = new ObservationLog();
    const startMs = systemClock.now();
    await probeDevice({ url: camera.onvif, user: camera.username, password, log, clock: systemClock, timeoutMs: 5_000, readSeconds: 1, label: camera.id });
    return probeRunResult({ url: camera.onvif, label: camera.id, camlabVersion: 'test', startMs, endMs: systemClock.now(), observations: log.all() }).verdicts;
  }

  beforeAll(async () => {
    fleet = await Fleet.start(fleetFromCount(4, { addressBlock: '127.14.128.0/24' }), { ports: { rtsp: 0, onvif: 0 } });
  });
  afterAll(async () => {
    await fleet?.close();
  });

  it('passes every MUST on each of the three personalities', async () => {
    const inventory = fleet.inventory();
    const byModel = new Map(inventory.cameras.map((c) => [c.model, c]));
    expect([...byModel.keys()].sort()).toEqual(['fixed-1080p', 'legacy-bullet', 'ptz-dome']);
    for (const camera of byModel.values()) {
      const verdicts = await probe(camera);
      results.set(camera.model, verdicts);
      const failedMusts = verdicts.filter((v) => v.level === 'MUST' && v.verdict !== 'PASS' && v.verdict !== 'NOT EXERCISED');
      expect(failedMusts.map((v) => `${camera.model} ${v.id}: ${v.message} ${v.evidence.map((e) => e.text).join('; ')}`)).toEqual([]);
      for (const id of ['CAM-CORE-01', 'CAM-AUTH-01', 'CAM-MEDIA-01', 'CAM-RTSP-01', 'CAM-RTSP-02']) {
        const v = verdicts.find((x) => x.id === id)!;
        expect(`${camera.model} ${id} ${v.verdict}: ${v.message}`).toContain('PASS');
      }
    }
  });

  it('exercises PTZ only where the model declares it', () => {
    expect(results.get('ptz-dome')?.find((v) => v.id === 'CAM-PTZ-01')?.verdict).toBe('PASS');
    expect(results.get('fixed-1080p')?.find((v) => v.id === 'CAM-PTZ-01')?.verdict).toBe('NOT EXERCISED');
  });

  it('fails authentication requirements with a wrong password', async () => {
    const camera = fleet.inventory().cameras[0]!;
    const verdicts = await probe(camera, 'not-the-password');
    expect(verdicts.find((v) => v.id === 'CAM-AUTH-01')?.verdict).toBe('FAIL');
    expect(verdicts.find((v) => v.id === 'CAM-RTSP-01')?.verdict).toBe('FAIL');
  });
});
