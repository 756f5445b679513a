import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ffmpegAvailable, ffmpegPath } from '../../../../media/ffmpeg/ffmpeg-path.ts';
import { camlab, stop, type CliProcess } from '../../../e2e/camlab-cli.fixture.ts';
import type { RunResult } from '../../../../reports/run-result.ts';

const available = await ffmpegAvailable();
if (!available) console.warn('skipping the outside hub e2e: ffmpeg is not available');

/**
 * A hub written outside camlab's code (fixtures/outside-hub.mjs: plain Node, its own REST API
 * and alarm webhooks, pulling with ffmpeg), driven only by a declarative adapter file
 * (fixtures/outside-hub.yaml), judged by `camlab run` through the CLI. The same scenario is
 * played three times at once, the hub in a different mode each time.
 */
const scenario = fileURLToPath(new URL('./fixtures/outside-hub-scenario.yaml', import.meta.url));
const adapter = fileURLToPath(new URL('./fixtures/outside-hub.yaml', import.meta.url));
const modes = ['reasonable', 'pulse', 'stop-pulling'] as const;
type Mode = (typeof modes)[number];

let dir: string;
const results = new Map<Mode, { code: number | null; result: RunResult; output: string }>();
const started: CliProcess[] = [];

beforeAll(async () => {
  if (!available) return;
  dir = await mkdtemp(join(tmpdir(), 'camlab-outside-hub-'));
  const text = await readFile(scenario, 'utf8');
  await Promise.all(
    modes.map(async (mode, i) => {
      const report = join(dir, mode);
      // Each run gets its own address block, so the three fleets can play side by side.
      const file = join(dir, `${mode}.yaml`);
      await writeFile(file, text.replace('127.15.80.0/24', `127.15.${80 + i}.0/24`));
      const p = camlab(['run', file, '--hub', adapter, '--report', report], {
        OUTSIDE_HUB_MODE: mode,
        OUTSIDE_HUB_FFMPEG: ffmpegPath(),
      });
      started.push(p);
      const code = await p.exited;
      const output = `${p.stdout()}\n${p.stderr()}`;
      const json = await readFile(join(report, 'result.json'), 'utf8').catch(() => undefined);
      if (json === undefined) throw new Error(`${mode}: exit ${code}, no result.json\n${output}`);
      results.set(mode, { code, result: JSON.parse(json) as RunResult, output });
    }),
  );
}, 240_000);

afterAll(async () => {
  for (const p of started) stop(p.child);
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

function explain(result: RunResult): string {
  return result.verdicts.map((v) => `${v.id} ${v.verdict}: ${v.message}`).join('\n');
}

function finished(mode: Mode) {
  const r = results.get(mode);
  if (r === undefined) throw new Error(`the ${mode} run did not finish`);
  return r;
}

describe.skipIf(!available)('a hub written outside camlab, driven by a declarative adapter file', () => {
  it('run reasonably, it passes HUB-RES-01..04 (and the whole run, exit 0)', () => {
    const { code, result, output } = finished('reasonable');
    const verdicts = Object.fromEntries(result.verdicts.map((v) => [v.id, v.verdict]));
    expect(verdicts, explain(result)).toMatchObject({
      'HUB-RES-01': 'PASS',
      'HUB-RES-02': 'PASS',
      'HUB-RES-03': 'PASS',
      'HUB-RES-04': 'PASS',
    });
    expect(code, output).toBe(0);
  });

  it("pulsing every camera's offline alarm every 5 s, it exits 1 naming a failed MUST", () => {
    const { code, result, output } = finished('pulse');
    expect(code, output).toBe(1);
    const failedMusts = result.verdicts.filter((v) => v.verdict === 'FAIL' && v.level === 'MUST').map((v) => v.id);
    expect(failedMusts, explain(result)).toContain('HUB-RES-09');
    for (const id of failedMusts) expect(output).toContain(id);
  });

  it('quietly stopping pulling a healthy camera, it exits 1 naming a failed MUST', () => {
    const { code, result, output } = finished('stop-pulling');
    expect(code, output).toBe(1);
    const watched = result.verdicts.find((v) => v.id === 'HUB-STR-07');
    expect(watched?.verdict, explain(result)).toBe('FAIL');
    expect(watched?.evidence[0]?.camera).toBe('outside-001');
    expect(output).toContain('HUB-STR-07');
  });
});
