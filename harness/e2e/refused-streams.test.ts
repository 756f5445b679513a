import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ffmpegAvailable } from '../../media/ffmpeg/ffmpeg-path.ts';
import type { RunResult } from '../../reports/run-result.ts';
import { camlab, stop, type CliProcess } from './camlab-cli.fixture.ts';

const available = await ffmpegAvailable();
if (!available) console.warn('skipping refused-streams e2e: ffmpeg is not available');

/**
 * Cameras that refuse a stream, against reference hubs through `camlab run`: one camera whose
 * first DESCRIBEs fail after boot (describe-fails-at-start), one that serves a single session
 * and whose slot a viewer holds for the first 15 s (maxRtspSessions 1 plus a timed
 * rtsp-session-cap with every slot taken). Each reference hub must fail exactly what it breaks.
 */
function scenario(variant: string, block: string): string {
  const profiles = `
        - { name: main, codec: h264, width: 1280, height: 720, fps: 15, bitrateKbps: 2000, gopFrames: 30 }
        - { name: sub, codec: h264, width: 640, height: 360, fps: 15, bitrateKbps: 256, gopFrames: 30 }`;
  return `name: refused-${variant}
seed: 9
hub: mini-hub:${variant}
fleet:
  models:
    - id: slow-encoder
      manufacturer: Budget Vision
      model: BV-720
      firmware: 1.0.3
      hardwareId: BV720
      media2: false
      quirks: { describe-fails-at-start: { count: 2 } }
      profiles:${profiles}
    - id: one-slot
      manufacturer: Budget Vision
      model: BV-720S
      firmware: 1.0.3
      hardwareId: BV720S
      media2: false
      maxRtspSessions: 1
      profiles:${profiles}
  sites:
    - name: lab
      addressBlock: ${block}
      cameras:
        - { model: slow-encoder, count: 1 }
        - { model: one-slot, count: 1 }
timeline:
  - at: 0s
    fault: quirk
    quirk: rtsp-session-cap
    max: 1
    taken: 1
    target: { camera: lab-002 }
    for: 15s
duration: 32s
expect:
  - { id: HUB-STR-08, double_within: 10s }
  - { id: HUB-RES-10, play_within: 20s }
  - { id: HUB-RES-11, play_within: 20s }
`;
}

let dir: string;
const started: CliProcess[] = [];
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'camlab-refused-'));
});
afterAll(async () => {
  for (const run of started) stop(run.child);
  await rm(dir, { recursive: true, force: true });
});

async function play(variant: string, block: string): Promise<{ code: number | null; result: RunResult }> {
  const file = join(dir, `${variant}.yaml`);
  await writeFile(file, scenario(variant, block));
  const report = join(dir, `${variant}-report`);
  const run = camlab(['run', file, '--report', report]);
  started.push(run);
  const code = await run.exited;
  return { code, result: JSON.parse(await readFile(join(report, 'result.json'), 'utf8')) as RunResult };
}

function verdicts(result: RunResult): Record<string, string> {
  return Object.fromEntries(result.verdicts.map((v) => [v.id, v.verdict]));
}

function explain(result: RunResult): string {
  return result.verdicts
    .map(
      (v) =>
        `${v.id} ${v.verdict}: ${v.message} | ${v.evidence
          .slice(0, 3)
          .map((e) => `${e.camera ?? ''} ${e.text}`)
          .join('; ')}`,
    )
    .join('\n');
}

describe.skipIf(!available)('camlab run: cameras that refuse streams, against reference hubs', () => {
  // The three runs go at once (each two cameras, one or two ffmpeg pulls per camera); each test reads its own.
  let runs: Promise<{ code: number | null; result: RunResult }[]> | undefined;
  const run = async (i: number) => {
    runs ??= Promise.all([
      play('well-behaved', '127.14.171.0/24'),
      play('gives-up-at-start', '127.14.172.0/24'),
      play('double-pull', '127.14.173.0/24'),
    ]);
    return (await runs)[i]!;
  };

  it('mini-hub:well-behaved passes HUB-STR-08, HUB-RES-10 and HUB-RES-11 (DESCRIBEs failing at start, a one-slot camera a viewer holds)', async () => {
    const { code, result } = await run(0);
    expect(verdicts(result), explain(result)).toEqual({
      'HUB-STR-08': 'PASS',
      'HUB-RES-10': 'PASS',
      'HUB-RES-11': 'PASS',
    });
    expect(code).toBe(0);
  }, 180_000);

  it('mini-hub:gives-up-at-start fails HUB-RES-10 and HUB-RES-11 (never retries a stream refused at start)', async () => {
    const { code, result } = await run(1);
    // It never played anything, so holding one session per profile was never exercised.
    expect(verdicts(result), explain(result)).toEqual({
      'HUB-STR-08': 'NOT EXERCISED',
      'HUB-RES-10': 'FAIL',
      'HUB-RES-11': 'FAIL',
    });
    expect(code).toBe(1);
  }, 180_000);

  it('mini-hub:double-pull fails HUB-STR-08 (two pulls of the same stream per camera)', async () => {
    const { code, result } = await run(2);
    // Only STR-08 is this hub's fault. Whether its second pull is refused early enough to leave
    // RES-10 a judged window depends on the machine's load, so that one may also be NOT EXERCISED.
    const v = verdicts(result);
    expect(v['HUB-STR-08'], explain(result)).toBe('FAIL');
    expect(v['HUB-RES-11'], explain(result)).toBe('PASS');
    expect(['PASS', 'NOT EXERCISED'], explain(result)).toContain(v['HUB-RES-10']);
    expect(code).toBe(1);
  }, 180_000);
});
