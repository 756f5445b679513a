import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ffmpegAvailable } from '../../media/ffmpeg/ffmpeg-path.ts';
import type { RequirementVerdict, RunResult } from '../../reports/run-result.ts';
import { camlab, stop, type CliProcess } from './camlab-cli.fixture.ts';

const available = await ffmpegAvailable();
if (!available) console.warn('skipping the site link loss e2e: ffmpeg is not available');

/**
 * Sites that lose their link while their cameras' SD cards keep recording, through `camlab run`
 * (the bin, real ffmpeg pulls, ONVIF Profile G search and RTSP replay from the cards): the
 * well-behaved mini hub alone, and the three hubs that get backfill wrong, one site each, in a
 * second run played at the same time. A failure counts only when its failing evidence (listed
 * first) names that hub. Two runs of 52 s of scenario each; nothing here is judged on time.
 */
const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/verdicts/${name}`, import.meta.url));
const runs = { ref: fixture('site-link-loss-ref.yaml'), gaming: fixture('site-link-loss-gaming.yaml') } as const;
type RunName = keyof typeof runs;
const ceilingMs = 240_000;

let dir: string;
const finished = new Map<RunName, { code: number | null; result: RunResult; output: string }>();
const started: CliProcess[] = [];

beforeAll(async () => {
  if (!available) return;
  dir = await mkdtemp(join(tmpdir(), 'camlab-link-loss-'));
  const t0 = performance.now();
  await Promise.all(
    (Object.keys(runs) as RunName[]).map(async (name) => {
      const report = join(dir, name);
      const p = camlab(['run', runs[name], '--report', report]);
      started.push(p);
      const code = await p.exited;
      const output = `${p.stdout()}\n${p.stderr()}`;
      const text = await readFile(join(report, 'result.json'), 'utf8').catch(() => undefined);
      if (text === undefined) throw new Error(`${name}: exit ${code}, no result.json\n${output}`);
      finished.set(name, { code, output, result: JSON.parse(text) as RunResult });
    }),
  );
  console.info(`site link loss runs: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}, ceilingMs);

afterAll(async () => {
  for (const p of started) stop(p.child);
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

function run(name: RunName) {
  const f = finished.get(name);
  if (f === undefined) throw new Error(`run ${name} did not finish`);
  return f;
}

function explain(v: RequirementVerdict | undefined): string {
  if (v === undefined) return 'not judged';
  return `${v.id} ${v.verdict}: ${v.message}\n${v.evidence.map((e) => `    ${e.hub ?? ''} ${e.camera ?? ''} ${e.text}`).join('\n')}`;
}

/** The requirement failed in the gaming run, and its first piece of evidence (failures come first) is `hub`'s. */
function failsOn(id: string, hub: string): void {
  const v = run('gaming').result.verdicts.find((x) => x.id === id);
  expect(v?.verdict, explain(v)).toBe('FAIL');
  expect(v?.evidence[0]?.hub, explain(v)).toBe(hub);
}

describe.skipIf(!available)('a site link lost while its cameras record on their cards (camlab run)', () => {
  it('mini-hub:well-behaved passes HUB-REC-01, HUB-REC-02, HUB-REC-03 and HUB-REC-04 (backfills from the cards, filed under capture time)', () => {
    const { code, result, output } = run('ref');
    expect(result.verdicts.filter((v) => v.verdict !== 'PASS').map(explain)).toEqual([]);
    expect(result.verdicts.map((v) => v.id).sort()).toEqual(['HUB-REC-01', 'HUB-REC-02', 'HUB-REC-03', 'HUB-REC-04']);
    // HUB-REC-03 passes on the cards the hub was seen searching and replaying, never on a hub that left them alone.
    const kept = result.verdicts.find((v) => v.id === 'HUB-REC-03');
    expect(
      kept?.evidence.map((e) => e.text),
      explain(kept),
    ).toEqual([expect.stringMatching(/^used [1-9]\d* of the run’s/)]);
    expect(code, output).toBe(0);
  });
  it('mini-hub:no-backfill fails HUB-REC-01 and HUB-REC-02 (leaves the hole the card kept)', () => {
    expect(run('gaming').code).toBe(1);
    failsOn('HUB-REC-01', 'nobf');
    failsOn('HUB-REC-02', 'nobf');
  });
  it('mini-hub:misfiles-backfill fails HUB-REC-04 (files fetched pictures under their arrival time)', () =>
    failsOn('HUB-REC-04', 'misfile'));
  it('mini-hub:deletes-edge-recordings fails HUB-REC-03 (deletes the recording it fetched from)', () => {
    failsOn('HUB-REC-03', 'deleter');
    // The hub that never backfills never touched the cards: nothing is said for it, either way.
    const v = run('gaming').result.verdicts.find((x) => x.id === 'HUB-REC-03');
    expect(v?.message, explain(v)).toMatch(/nobf never used a recorder/);
  });
});
