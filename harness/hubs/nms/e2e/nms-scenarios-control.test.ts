import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { ffmpegAvailable } from '../../../../media/ffmpeg/ffmpeg-path.ts';
import { expectVerdicts, type VerdictCase } from './scenario-verdicts.ts';

const available = await ffmpegAvailable();
if (!available) console.warn('skipping node-media-server scenario verdicts: ffmpeg is not available');

/**
 * What node-media-server does for control rooms: two NMS instances hand a site over cleanly
 * (the receiving one pulls every camera, the releasing one lets go), and PTZ, which NMS cannot
 * send, is NOT APPLICABLE rather than passed — which, with no procurement profile waiving it,
 * leaves the run INCONCLUSIVE (exit 1): the buyer, not the adapter, decides PTZ does not apply.
 */
const cases: VerdictCase[] = [
  {
    scenario: 'site-handover',
    speed: 2,
    firstBlock: 50,
    exitCode: 0,
    verdicts: { 'HUB-STR-01': 'PASS', 'HUB-HO-01': 'PASS', 'HUB-HO-02': 'PASS', 'HUB-HO-03': 'PASS' },
  },
  {
    scenario: 'ptz',
    speed: 4,
    firstBlock: 52,
    exitCode: 1,
    verdicts: { 'HUB-STR-01': 'PASS', 'HUB-PTZ-01': 'NOT APPLICABLE', 'HUB-PTZ-02': 'NOT APPLICABLE' },
  },
];

describe.skipIf(!available)('scenario library against node-media-server: control rooms', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'camlab-nms-control-'));
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
