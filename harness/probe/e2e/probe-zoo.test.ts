import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ffprobePath } from '../../../media/ffmpeg/ffmpeg-path.ts';
import { systemClock } from '../../../simulators/clock/clock.ts';
import { Fleet } from '../../../simulators/fleet/fleet.ts';
import type { FleetDefinition } from '../../../simulators/fleet/fleet-schema.ts';
import type { InventoryCamera } from '../../../simulators/fleet/inventory.ts';
import { ObservationLog } from '../../../simulators/observations/observation-log.ts';
import { camlab, stop } from '../../e2e/camlab-cli.fixture.ts';
import type { RequirementVerdict } from '../../../reports/run-result.ts';
import { specification } from '../../spec/specification.ts';
import { probeDevice } from '../probe-device.ts';
import { probeRunResult } from '../probe-run-result.ts';
import { openXmllintValidator, schemaValidationUnavailable, type SchemaValidator } from '../schema/schema-validator.ts';
import { type ZooCamera, zoo, zooTestTitle } from './probe-zoo.ts';

// The official folder beside the checkout (tests only); a worktree sits one level deeper.
const WSDL =
  ['../../../../shared/onvif-wsdl', '../../../../../shared/onvif-wsdl']
    .map((p) => fileURLToPath(new URL(p, import.meta.url)))
    .find((p) => existsSync(p)) ?? 'shared/onvif-wsdl';
const ffprobeAvailable = ((): boolean => {
  try {
    return existsSync(ffprobePath());
  } catch {
    return false;
  }
})();
if (!ffprobeAvailable) console.log('skipping the probe zoo: no ffprobe binary');

const deviceIds = specification.requirements.filter((r) => r.side === 'device').map((r) => r.id);

function fleetOf(cameras: readonly ZooCamera[], name: string, addressBlock: string): FleetDefinition {
  // Built-in models are named by their id; the others are declared here.
  return {
    name,
    seed: 16,
    users: [{ username: 'admin', password: 'zoo-Pa55', role: 'Administrator' }],
    recorders: [],
    models: cameras.filter((c) => c.model.id === c.name).map((c) => c.model),
    sites: [{ name, addressBlock, cameras: cameras.map((c) => ({ model: c.model.id, count: 1 })) }],
  };
}

/**
 * `camlab probe` against the zoo (probe-zoo.ts): one in-process fleet, a camera per case,
 * every camera probed at once. Each case asserts the verdicts the
 * probe must reach; together they show every CAM requirement failing and passing (COVERAGE.md).
 */
describe.skipIf(!ffprobeAvailable)('camlab probe against the camera zoo', () => {
  let fleet: Fleet | undefined;
  const cameraOf = new Map<string, InventoryCamera>();
  const results = new Map<string, { verdicts: RequirementVerdict[]; notes: string[] }>();
  let schemas: SchemaValidator | undefined;
  let schemasMissing: string | undefined;

  beforeAll(async () => {
    schemasMissing = existsSync(WSDL) ? await schemaValidationUnavailable(WSDL) : `no ONVIF WSDL folder at ${WSDL}`;
    if (schemasMissing !== undefined)
      console.log(`probe zoo: CAM-SCHEMA-01 expected NOT APPLICABLE: ${schemasMissing}`);
    else schemas = await openXmllintValidator(WSDL);
    fleet = await Fleet.start(fleetOf(zoo, 'zoo', '127.16.16.0/24'), { ports: { rtsp: 0, onvif: 0 } });
    for (const camera of fleet.inventory().cameras) cameraOf.set(camera.model, camera);
    for (const c of zoo) {
      const camera = cameraOf.get(c.model.id)!;
      for (const f of c.faults?.(camera) ?? [])
        await fleet!.applyFault({ ...f, target: { camera: camera.id } } as Parameters<Fleet['applyFault']>[0]);
    }
    await Promise.all(
      zoo.map(async (c) => {
        const camera = cameraOf.get(c.model.id)!;
        const log = new ObservationLog();
        const startMs = systemClock.now();
        const { notes } = await probeDevice({
          url: camera.onvif,
          user: camera.username,
          password: camera.password,
          log,
          clock: systemClock,
          timeoutMs: 6_000,
          readSeconds: 1,
          label: c.name,
          ...(schemas !== undefined ? { schemas } : { schemasAbsentReason: schemasMissing }),
        });
        const result = probeRunResult({
          url: camera.onvif,
          label: c.name,
          camlabVersion: 'test',
          startMs,
          endMs: systemClock.now(),
          observations: log.all(),
          notes,
        });
        results.set(c.name, { verdicts: result.verdicts, notes });
      }),
    );
  }, 120_000);

  afterAll(async () => {
    await fleet?.close();
    await schemas?.close();
  });

  it.each(zoo.map((c) => [zooTestTitle(c), c] as const))('%s', (_title, c) => {
    const { verdicts, notes } = results.get(c.name)!;
    // Never silent: a verdict for every CAM requirement, each with its reason.
    expect(verdicts.map((v) => v.id).sort()).toEqual([...deviceIds].sort());
    for (const v of verdicts) expect(v.message.length, v.id).toBeGreaterThan(0);
    const seen = Object.fromEntries(verdicts.map((v) => [v.id, `${v.verdict}: ${v.message}`]));
    for (const [id, want] of Object.entries(c.expect)) {
      const expected = id === 'CAM-SCHEMA-01' && schemasMissing !== undefined ? 'NOT APPLICABLE' : want;
      expect(`${id} ${seen[id]}`, c.name).toMatch(new RegExp(`^${id} ${expected}: `));
    }
    const unexpectedFails = verdicts
      .filter((v) => v.verdict === 'FAIL' && c.expect[v.id] !== 'FAIL')
      .map((v) => `${v.id}: ${v.message} ${v.evidence.map((e) => e.text).join('; ')}`);
    expect(unexpectedFails).toEqual([]);
    for (const n of c.notes ?? []) expect(notes.join('\n')).toContain(n);
  });

  it('the bin probes the camera that hung the onvif client: a verdict table, a report, CAM-SCHEMA-01 not applicable without --schemas, exit 0', async () => {
    const camera = cameraOf.get(zoo.find((c) => c.name === 'gsoap-media2')!.model.id)!;
    const dir = await mkdtemp(join(tmpdir(), 'camlab-probe-zoo-'));
    const run = camlab(
      ['probe', camera.onvif, '--user', camera.username, '--timeout', '6s', '--no-discovery', '--report', dir],
      { CAMLAB_PROBE_PASSWORD: camera.password },
    );
    try {
      const code = await run.exited;
      expect(run.stderr()).toBe('');
      expect(code).toBe(0);
      expect(run.stdout()).toMatch(/^PASS +CAM-CORE-01 /m);
      expect(run.stdout()).toMatch(/^NOT APPLICABLE +CAM-SCHEMA-01 .*no --schemas folder given/m);
      expect(run.stdout()).toMatch(/\d+ passed, 0 failed \(0 MUST\)/);
      expect(await readdir(dir)).toEqual(expect.arrayContaining([expect.stringMatching(/\.html$/)]));
    } finally {
      stop(run.child);
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('Ctrl-C during a slow step: the table and a partial report still come, exit 130', async () => {
    const camera = cameraOf.get('behind-nat-slow')!;
    const dir = await mkdtemp(join(tmpdir(), 'camlab-probe-zoo-'));
    const sinceMs = systemClock.now();
    const run = camlab([
      'probe',
      camera.onvif,
      '--user',
      camera.username,
      '--password',
      camera.password,
      '--timeout',
      '6s',
      '--no-discovery',
      '--report',
      dir,
    ]);
    try {
      // Interrupt once the probe is talking to the camera (its slow GetDeviceInformation answers).
      await vi.waitFor(
        () =>
          expect(
            fleet!.log
              .all()
              .some(
                (o) =>
                  o.kind === 'onvif.request' &&
                  o.camera === camera.id &&
                  o.operation === 'GetDeviceInformation' &&
                  o.atMs >= sinceMs,
              ),
          ).toBe(true),
        { timeout: 30_000, interval: 100 },
      );
      run.child.kill('SIGINT');
      const code = await run.exited;
      expect(code).toBe(130);
      expect(run.stderr()).toContain('SIGINT: stopping the run');
      expect(run.stdout()).toMatch(/PARTIAL \(interrupted: Ctrl-C received; steps not run are NOT EXERCISED\)/);
      expect(run.stdout()).toMatch(/^NOT EXERCISED +CAM-RTSP-01 /m);
      expect(await readdir(dir)).toEqual(expect.arrayContaining([expect.stringMatching(/\.html$/)]));
    } finally {
      stop(run.child);
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
