import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ffmpegAvailable } from '../../media/ffmpeg/ffmpeg-path.ts';
import type { RunResult } from '../../reports/run-result.ts';
import { camlab, stop, type CliProcess } from './camlab-cli.fixture.ts';

const available = await ffmpegAvailable();
if (!available) console.warn('skipping the procurement profile e2e: ffmpeg is not available');

let dir: string;
const started: CliProcess[] = [];
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'camlab-e2e-profile-'));
});
afterAll(async () => {
  for (const p of started) stop(p.child);
  await rm(dir, { recursive: true, force: true });
});

async function exitOf(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  const p = camlab(args);
  started.push(p);
  const code = await p.exited;
  return { code, out: p.stdout(), err: p.stderr() };
}

/**
 * The buyer decides what applies, not the adapter: with `--hub none` (no capabilities) the
 * offline-alarm MUST is NOT APPLICABLE, which without a profile leaves the run INCONCLUSIVE
 * (exit 1), and with the buyer's profile waiving it reads "PASS (1 waived)" (exit 0). The report
 * carries the profile's hash; `camlab verify` confirms it and refuses another profile;
 * `camlab compare` flags that the two runs were judged with different profiles.
 */
describe.skipIf(!available)('camlab run --profile', () => {
  it('turns a NOT APPLICABLE MUST into INCONCLUSIVE, unless the profile waives it', async () => {
    const scenario = (block: string) =>
      `name: alarms-unseen\nfleet:\n  sites:\n    - name: mk\n      addressBlock: ${block}\n      cameras:\n        - { model: fixed-1080p, count: 1 }\nhub: none\nduration: 1s\nexpect:\n  - HUB-RES-01\n`;
    const [bare, waived] = [join(dir, 'bare.yaml'), join(dir, 'waived.yaml')];
    await writeFile(bare, scenario('127.14.210.0/24'));
    await writeFile(waived, scenario('127.14.211.0/24'));
    const profile = join(dir, 'tender.yaml');
    await writeFile(
      profile,
      'name: tender 7\nwaivers:\n  HUB-RES-01: alarms are raised by the force VMS, not the hub, in this tender\n',
    );
    const [bareReport, waivedReport] = [join(dir, 'bare-report'), join(dir, 'waived-report')];

    const [a, b] = await Promise.all([
      exitOf(['run', bare, '--report', bareReport]),
      exitOf(['run', waived, '--profile', profile, '--report', waivedReport]),
    ]);
    expect(a.code, a.err).toBe(1);
    expect(a.out).toMatch(/^## camlab: alarms-unseen — INCONCLUSIVE$/m);
    expect(a.out).toMatch(/^- HUB-RES-01 .*: NOT APPLICABLE — /m);
    expect(b.code, b.err).toBe(0);
    expect(b.out).toMatch(/^## camlab: alarms-unseen — PASS \(1 waived\)$/m);

    const result = JSON.parse(await readFile(join(waivedReport, 'result.json'), 'utf8')) as RunResult;
    expect(result.outcome).toEqual({ verdict: 'PASS', waived: 1, text: 'PASS (1 waived)' });
    expect(result.verdicts[0]).toMatchObject({
      id: 'HUB-RES-01',
      verdict: 'NOT APPLICABLE',
      waiver: { reason: 'alarms are raised by the force VMS, not the hub, in this tender' },
    });
    expect(result.inputs.map((i) => i.role)).toEqual(['scenario', 'profile']);
    expect(await readFile(join(waivedReport, 'junit.xml'), 'utf8')).toContain(
      '<skipped message="WAIVED by the procurement profile: alarms are raised by the force VMS',
    );

    const verified = await exitOf(['verify', waivedReport, '--profile', profile, '--scenario', waived]);
    expect(verified.code, verified.out).toBe(0);
    const other = await exitOf(['verify', waivedReport, '--profile', bare]);
    expect(other.code, other.out).toBe(1);
    expect(other.out).toMatch(/^FAIL profile .*bare\.yaml: sha256 [0-9a-f]{64}; the run recorded/m);

    const compared = await exitOf(['compare', bareReport, waivedReport]);
    expect(compared.out).toContain("procurement profile: none (nothing waived) → 'tender 7'");
    expect(compared.out).toMatch(/^A: alarms-unseen .* — INCONCLUSIVE$/m);
    expect(compared.out).toMatch(/^B: alarms-unseen .* — PASS \(1 waived\)$/m);
  }, 120_000);
});
