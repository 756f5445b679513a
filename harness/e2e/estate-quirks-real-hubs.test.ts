import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument, isMap, isSeq, type YAMLMap } from 'yaml';
import { ffmpegAvailable } from '../../media/ffmpeg/ffmpeg-path.ts';
import type { RunResult } from '../../reports/run-result.ts';
import { motionAvailable } from '../hubs/motion/motion-adapter.ts';
import type { Verdict } from '../spec/requirement.ts';
import { camlab, stop, type CliProcess } from './camlab-cli.fixture.ts';

const ffmpeg = await ffmpegAvailable();
const motion = ffmpeg && (await motionAvailable());
if (!ffmpeg) console.warn('skipping the estate-quirks e2e: ffmpeg is not available');
else if (!motion)
  console.warn('skipping the estate-quirks e2e against Motion: /usr/bin/motion is missing (apt-get install -y motion)');

const scenario = fileURLToPath(new URL('../../scenarios/estate-quirks.yaml', import.meta.url));
/** The shipped scenario compressed this much: its week in 36 s. Hub reaction times are still judged in real time. */
const speed = 5;
/** The frozen picture lasts 16 s at that speed: HUB-RES-02's bound tightened under it, so it is judged. */
const frozenAlarmWithin = '10s';

/**
 * scenarios/estate-quirks.yaml, the mixed estate of personalities and quirky cameras, as shipped
 * (compressed), against the two real hubs CI has: node-media-server and Motion, both at once,
 * each on its own address block. Each hub must reach the verdicts that are its real behaviour
 * (README.md, "What the real hubs survive"); timing-sensitive ones are left out. Neither notices
 * the frozen picture (HUB-RES-02); Motion's movies carry no timeline camlab reads (HUB-REC-05) and
 * it retries the budget channel's failed DESCRIBEs only after 10 s (HUB-STR-01).
 */
const hubs: { hub: string; block: string; available: boolean; verdicts: Record<string, Verdict> }[] = [
  {
    hub: 'nms',
    block: '127.20.44.0/24',
    available: ffmpeg,
    // HUB-REC-05 left out: its recording of the jumping camera's timeline stalls (FAIL), or ends at the jump (NOT EXERCISED), by the run.
    verdicts: { 'HUB-STR-08': 'PASS', 'HUB-RES-02': 'FAIL', 'HUB-RES-11': 'PASS' },
  },
  {
    hub: 'motion',
    block: '127.20.45.0/24',
    available: motion,
    verdicts: { 'HUB-STR-01': 'FAIL', 'HUB-STR-08': 'PASS', 'HUB-RES-02': 'FAIL', 'HUB-REC-05': 'NOT EXERCISED' },
  },
];

let dir: string;
const started: CliProcess[] = [];
let runs: Promise<Map<string, { code: number | null; result: RunResult; output: string }>> | undefined;

async function play(hub: string, block: string): Promise<{ code: number | null; result: RunResult; output: string }> {
  const doc = parseDocument(await readFile(scenario, 'utf8'));
  const sites = (doc.get('fleet') as YAMLMap).get('sites');
  if (!isSeq(sites) || !isMap(sites.items[0])) throw new Error('estate-quirks.yaml: expected one site');
  (sites.items[0] as YAMLMap).set('addressBlock', block);
  doc.set('hub', hub);
  const expectations = doc.get('expect');
  if (!isSeq(expectations)) throw new Error('estate-quirks.yaml: expected an expect list');
  expectations.items = expectations.items.map((item) =>
    String(item) === 'HUB-RES-02' ? doc.createNode({ id: 'HUB-RES-02', alarm_within: frozenAlarmWithin }) : item,
  );
  const file = join(dir, `estate-quirks-${hub}.yaml`);
  await writeFile(file, doc.toString());
  const report = join(dir, `${hub}-report`);
  const p = camlab(['run', file, '--speed', String(speed), '--report', report, '--format', 'none']);
  started.push(p);
  const t0 = performance.now();
  const code = await p.exited;
  console.info(`estate-quirks against ${hub} at --speed ${speed}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const output = `${p.stdout()}\n${p.stderr().slice(-3000)}`;
  const json = await readFile(join(report, 'result.json'), 'utf8').catch(() => {
    throw new Error(`estate-quirks against ${hub}: exit ${code}, no result.json\n${output}`);
  });
  return { code, result: JSON.parse(json) as RunResult, output };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'camlab-estate-'));
});
afterAll(async () => {
  for (const p of started) stop(p.child);
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

describe.skipIf(!ffmpeg)('scenarios/estate-quirks.yaml against the real hubs', () => {
  // Both hubs play at once; each test reads its own run.
  const all = () =>
    (runs ??= Promise.all(
      hubs.filter((h) => h.available).map(async (h) => [h.hub, await play(h.hub, h.block)] as const),
    ).then((r) => new Map(r)));

  for (const { hub, available, verdicts } of hubs) {
    it.skipIf(!available)(
      `${hub} survives what it really survives, and no more`,
      async () => {
        const { code, result, output } = (await all()).get(hub)!;
        const got = Object.fromEntries(
          Object.keys(verdicts).map((id) => [id, result.verdicts.find((v) => v.id === id)?.verdict]),
        );
        const messages = result.verdicts.map((v) => `${v.id} ${v.verdict}: ${v.message}`).join('\n');
        expect(got, `${hub}:\n${messages}\n${output}`).toEqual(verdicts);
        expect(result.status).toBe('complete');
        // It misses the frozen picture at least: exit 1.
        expect(code).toBe(1);
      },
      240_000,
    );
  }
});
