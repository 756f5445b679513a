import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ffmpegAvailable } from '../../media/ffmpeg/ffmpeg-path.ts';
import { systemClock } from '../../simulators/clock/clock.ts';
import { MiniHubAdapter } from '../hubs/reference/mini-hub-adapter.ts';
import { miniHubVariants, type MiniHubVariant } from '../hubs/reference/pull-policy.ts';
import type { RunResult } from '../../reports/run-result.ts';
import { runScenario } from '../runner/run-scenario.ts';
import { startRunFleet } from '../runner/start-run-fleet.ts';
import { defaultScenarioContext } from '../scenario/default-scenario-context.ts';
import { loadScenario } from '../scenario/load-scenario.ts';
import { specification } from '../spec/specification.ts';
import { evaluate } from '../verdicts/evaluate.ts';

const available = await ffmpegAvailable();
if (!available) console.warn('skipping verdict-honesty e2e: ffmpeg is not available');

/**
 * Verdict honesty: small deliberately faulty hubs (real ffmpeg pulls, the real `onvif` client)
 * run real scenarios against the simulator, and each must fail exactly the requirements it
 * breaks while the well-behaved one passes them all.
 */
const resilienceChecks = ['HUB-AUTH-01', 'HUB-AUTH-02', 'HUB-AUTH-03', 'HUB-STR-01', 'HUB-STR-06', 'HUB-RES-01', 'HUB-RES-02', 'HUB-RES-03', 'HUB-RES-04', 'HUB-RES-05', 'HUB-LOAD-01'];

function resilienceScenario(variant: MiniHubVariant, block: string): string {
  return `name: honesty-${variant}
seed: 3
hub: mini-hub:${variant}
fleet:
  # A budget camera that still accepts PasswordText, as many do: where a careless hub's plain
  # password is taken, and so seen.
  models:
    - id: lax-bullet
      manufacturer: Budget Vision
      model: BV-720
      firmware: 1.0.3
      hardwareId: BV720
      media2: false
      auth: { onvifPasswordText: true }
      profiles:
        - { name: main, codec: h264, width: 1280, height: 720, fps: 15, bitrateKbps: 2000, gopFrames: 30 }
        - { name: sub, codec: h264, width: 640, height: 360, fps: 15, bitrateKbps: 256, gopFrames: 30 }
  sites:
    - name: slough
      addressBlock: ${block}
      cameras:
        - { model: fixed-1080p, count: 1 }
        - { model: ptz-dome, count: 1 }
        - { model: lax-bullet, count: 1 }
timeline:
  - wait-for: { condition: streaming, timeout: 30s }
  - at: 15s
    fault: outage
    mode: network
    connections: reset
    target: { camera: slough-001 }
    for: 16s
  - at: 15s
    fault: outage
    mode: power
    target: { camera: slough-002 }
    for: 14s
  - at: 15s
    fault: outage
    mode: stream-freeze
    target: { camera: slough-003 }
    for: 16s
duration: 70s
expect:
  - HUB-AUTH-01
  - HUB-AUTH-02
  - HUB-AUTH-03
  - HUB-STR-01
  - HUB-STR-06
  - { id: HUB-RES-01, alarm_within: 12s }
  - { id: HUB-RES-02, alarm_within: 12s }
  - { id: HUB-RES-03, reconnect_within: 20s }
  - HUB-RES-04
  - HUB-RES-05
  - HUB-LOAD-01
`;
}

function handoverScenario(council: MiniHubVariant, block: string): string {
  return `name: honesty-handover-${council}
seed: 5
hubs:
  council: mini-hub:${council}
  police: mini-hub:well-behaved
fleet:
  sites:
    - name: oxfordshire
      addressBlock: ${block}
      controlRoom: council
      cameras:
        - { model: fixed-1080p, count: 1 }
        - { model: legacy-bullet, count: 1 }
timeline:
  - wait-for: { condition: streaming, hub: council, target: { site: oxfordshire }, timeout: 30s }
  - at: 8s
    handover: { site: oxfordshire, from: council, to: police }
  - at: 9s
    wait-for: { condition: streaming, hub: police, target: { site: oxfordshire }, timeout: 30s }
duration: 35s
expect:
  - HUB-HO-01
  - HUB-HO-02
  - HUB-HO-03
`;
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'camlab-honesty-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function play(name: string, yaml: string): Promise<RunResult> {
  const file = join(dir, `${name}.yaml`);
  await writeFile(file, yaml);
  const context = { ...defaultScenarioContext(), adapterProblem: (ref: string) => (ref.replace(/^mini-hub:/, '') in miniHubVariants ? undefined : `unknown mini hub '${ref}'`) };
  const loaded = await loadScenario(file, context);
  const work = await mkdtemp(join(dir, `${name}-work-`));
  const { result } = await runScenario(
    { loaded, signal: new AbortController().signal },
    {
      clock: systemClock,
      camlabVersion: 'test',
      requirements: specification.requirements,
      evaluate,
      startFleet: ({ definition, plan, clock }) => startRunFleet({ definition, plan, clock, fleet: { ports: { rtsp: 0, onvif: 0 }, discovery: false } }),
      createHub: async (ref) => new MiniHubAdapter(ref.adapter.replace(/^mini-hub:/, '') as MiniHubVariant),
      workDir: work,
    },
  );
  return result;
}

function verdicts(result: RunResult): Record<string, string> {
  return Object.fromEntries(result.verdicts.map((v) => [v.id, v.verdict]));
}

function failedOnly(result: RunResult): string[] {
  return result.verdicts.filter((v) => v.verdict === 'FAIL').map((v) => v.id);
}

function explain(result: RunResult): string {
  return result.verdicts.map((v) => `${v.id} ${v.verdict}: ${v.message} | ${v.evidence.slice(0, 3).map((e) => `${e.camera ?? ''}@${((e.atMs ?? e.fromMs ?? result.startMs) - result.startMs) / 1000}s ${e.text}`).join('; ')}`).join('\n');
}

describe.skipIf(!available)('verdict honesty: faulty mini hubs against the simulator', () => {
  const single: [MiniHubVariant, string[]][] = [
    ['well-behaved', []],
    ['never-reconnects', ['HUB-RES-03']],
    ['tight-loop', ['HUB-RES-05']],
    // A hub that only watches sockets misses a network outage that leaves the socket open, too.
    ['ignores-frozen', ['HUB-RES-01', 'HUB-RES-02']],
    ['password-text', ['HUB-AUTH-01']],
  ];

  it(
    'each single-hub variant fails exactly what it breaks; the well-behaved hub passes everything',
    async () => {
      // Two runs at a time: each is three cameras and three ffmpeg pulls on a small CI machine.
      const results: RunResult[] = [];
      for (let i = 0; i < single.length; i += 2) {
        const lane = single.slice(i, i + 2).map(([variant], j) => play(`single-${variant}`, resilienceScenario(variant, `127.14.${150 + i + j}.0/24`)));
        results.push(...(await Promise.all(lane)));
      }
      single.forEach(([variant, expected], i) => {
        const result = results[i]!;
        expect(result.status, `${variant}: ${result.partialReason ?? ''}`).toBe('complete');
        expect(result.verdicts.map((v) => v.id).sort(), variant).toEqual([...resilienceChecks].sort());
        expect(failedOnly(result).sort(), `${variant}\n${explain(result)}`).toEqual([...expected].sort());
      });
      // The well-behaved hub really was judged on all of it: every check saw its evidence and passed.
      const good = verdicts(results[0]!);
      expect(Object.entries(good).filter(([, v]) => v !== 'PASS'), explain(results[0]!)).toEqual([]);
    },
    420_000,
  );

  it(
    'a hub that never lets go after a handover fails HUB-HO-03 only',
    async () => {
      const [good, bad] = await Promise.all([play('handover-good', handoverScenario('well-behaved', '127.14.160.0/24')), play('handover-never-releases', handoverScenario('never-releases', '127.14.161.0/24'))]);
      expect(verdicts(good), explain(good)).toEqual({ 'HUB-HO-01': 'PASS', 'HUB-HO-02': 'PASS', 'HUB-HO-03': 'PASS' });
      expect(verdicts(bad), explain(bad)).toEqual({ 'HUB-HO-01': 'PASS', 'HUB-HO-02': 'PASS', 'HUB-HO-03': 'FAIL' });
    },
    180_000,
  );
});
