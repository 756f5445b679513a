import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../../../reports/run-result.ts';
import { camlab, stop } from '../../../e2e/camlab-cli.fixture.ts';
import { zoneminderAvailable, zoneminderInstallHint } from '../zoneminder-install.ts';

const available = await zoneminderAvailable();
if (!available) console.warn(`skipping ZoneMinder scenario e2e: ZoneMinder is not installed (${zoneminderInstallHint})`);

/**
 * One short scenario with the three faults a control room meets most — a power outage, a stream
 * freeze (session open, no frames) and a reboot — on three lab cameras, played against ZoneMinder
 * through `camlab run` as a user would.
 */
const scenario = `
name: zoneminder-faults
description: One camera loses power, one freezes, one reboots, against ZoneMinder.
seed: 17
hub: zoneminder
fleet:
  name: zm-lab
  models:
    - id: lab-fixed
      manufacturer: Camlab Optics
      model: CL-LAB
      firmware: 2.4.1
      hardwareId: CL-LAB-1
      bootTimeMs: 1000
      profiles:
        - { name: main, codec: h264, width: 320, height: 240, fps: 25, bitrateKbps: 300, gopFrames: 25, h264Profile: baseline }
        - { name: sub, codec: h264, width: 160, height: 120, fps: 25, bitrateKbps: 100, gopFrames: 25, h264Profile: baseline }
  sites:
    - name: lab
      addressBlock: 127.16.70.0/24
      cameras:
        - { model: lab-fixed, count: 3 }
timeline:
  - wait-for: { condition: streaming, target: { site: lab }, timeout: 60s }
  - at: 5s
    fault: outage
    mode: power
    target: { camera: lab-001 }
    for: 32s
  - at: 5s
    fault: outage
    mode: stream-freeze
    target: { camera: lab-002 }
    for: 32s
  - at: 5s
    fault: reboot
    target: { camera: lab-003 }
  - at: 62s
    mark: recovery window closed
duration: 64s
`;

/**
 * What ZoneMinder 1.36.33 was measured to get here. Its Monitor_Status shows a closed socket
 * within a second and a frozen stream after about 21.5 s (zmc's read timing out), both inside
 * the 30 s bound; it pulls the cameras again by itself; its events cover every camera. It has no
 * restream camlab can trace and no PTZ through it. HUB-DISC-02 is left out: which cameras count
 * as discovered depends on who else probes the loopback multicast group on the machine.
 */
const expected: Record<string, string> = {
  'HUB-RES-01': 'PASS',
  'HUB-RES-02': 'PASS',
  'HUB-RES-07': 'PASS',
  'HUB-REC-01': 'PASS',
  'HUB-STR-05': 'NOT APPLICABLE',
  'HUB-PTZ-01': 'NOT APPLICABLE',
};

describe.skipIf(!available)('a power outage, a stream freeze and a reboot against ZoneMinder', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'camlab-zm-scenario-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('is judged, and its alarms and events are in result.json', async () => {
    const file = join(dir, 'zoneminder-faults.yaml');
    await writeFile(file, scenario);
    const reportDir = join(dir, 'report');
    const run = camlab(['run', file, '--report', reportDir, '--format', 'none']);
    let code: number | null;
    try {
      code = await run.exited;
    } finally {
      stop(run.child);
    }
    const json = await readFile(join(reportDir, 'result.json'), 'utf8').catch(() => {
      throw new Error(`camlab run --hub zoneminder exited ${code} without a report:\n${run.stderr().slice(-2000)}`);
    });
    const result = JSON.parse(json) as RunResult;
    const messages = result.verdicts.map((v) => `${v.id} ${v.verdict}: ${v.message}`).join('\n');
    expect(result.status).toBe('complete');
    expect(result.hubs.map((h) => [h.adapter, h.identity.name])).toEqual([['zoneminder', 'ZoneMinder']]);
    const got = Object.fromEntries(Object.keys(expected).map((id) => [id, result.verdicts.find((v) => v.id === id)?.verdict]));
    expect(got, messages).toEqual(expected);
    // Its alarms, read from Monitor_Status: every faulted camera lost its picture and got it back.
    const alarmed = new Set(result.alarms.filter((a) => a.hub === 'hub' && a.clearedMs !== undefined && a.clearedMs > a.raisedMs).map((a) => a.camera));
    expect([...alarmed].sort(), JSON.stringify(result.alarms)).toEqual(['lab-001', 'lab-002', 'lab-003']);
    // Its events are the recordings HUB-REC-01 judged, for all three cameras.
    expect(result.verdicts.find((v) => v.id === 'HUB-REC-01')?.message).toMatch(/recordings of 3 cameras/);
  }, 180_000);
});
