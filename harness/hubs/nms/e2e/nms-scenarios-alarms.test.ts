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
 * FAILS HUB-RES-02 and HUB-RES-01 — while every alarm it does raise clears and is real.
 */
const cases: VerdictCase[] = [
  {
    scenario: 'stream-freeze',
    speed: 2,
    firstBlock: 40,
    exitCode: 1,
    verdicts: { 'HUB-STR-01': 'PASS', 'HUB-STR-05': 'PASS', 'HUB-RES-02': 'FAIL', 'HUB-RES-09': 'NOT EXERCISED' },
  },
  {
    scenario: 'outage',
    speed: 2,
    firstBlock: 41,
    exitCode: 1,
    verdicts: { 'HUB-STR-01': 'PASS', 'HUB-STR-05': 'PASS', 'HUB-RES-01': 'FAIL', 'HUB-RES-04': 'PASS', 'HUB-RES-09': 'PASS' },
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

  it.each(cases)('$scenario at $speed x', async (c) => {
    await expectVerdicts(c, 'nms', dir);
  }, 300_000);
});
