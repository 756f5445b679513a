import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { ffmpegAvailable } from '../../../../media/ffmpeg/ffmpeg-path.ts';
import { expectVerdicts, type VerdictCase } from './scenario-verdicts.ts';

const available = await ffmpegAvailable();
if (!available) console.warn('skipping node-media-server scenario verdicts: ffmpeg is not available');

/**
 * node-media-server's true alarm behaviour: it knows a camera only through its relay, so a
 * frozen stream (socket open) and a network outage (connection hangs) raise nothing — it
 * FAILS HUB-RES-02 and HUB-RES-01 — while every alarm it does raise clears and is real. Its
 * relays keep taking frames (HUB-STR-07) and take them again after a freeze (HUB-RES-03); with no
 * alarm raised on a serving camera, HUB-RES-09 passes on the monitored time (since 2026.12 that
 * is evidence, not NOT EXERCISED).
 */
const cases: VerdictCase[] = [
  {
    scenario: 'stream-freeze',
    speed: 2,
    firstBlock: 40,
    exitCode: 1,
    verdicts: {
      'HUB-STR-01': 'PASS',
      'HUB-STR-05': 'PASS',
      'HUB-STR-07': 'PASS',
      'HUB-RES-02': 'FAIL',
      'HUB-RES-03': 'PASS',
      'HUB-RES-09': 'PASS',
    },
  },
  {
    scenario: 'outage',
    speed: 2,
    firstBlock: 41,
    exitCode: 1,
    verdicts: {
      'HUB-STR-01': 'PASS',
      'HUB-STR-05': 'PASS',
      'HUB-STR-07': 'PASS',
      'HUB-RES-01': 'FAIL',
      'HUB-RES-04': 'PASS',
      'HUB-RES-09': 'PASS',
    },
  },
];

describe.skipIf(!available)('scenario library against node-media-server: alarms', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'camlab-nms-alarms-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.concurrent.each(cases)(
    '$scenario at $speed x',
    async (c) => {
      await expectVerdicts(c, 'nms', dir);
    },
    300_000,
  );
});
