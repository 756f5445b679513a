import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ProcessHeadroom } from '../../../simulators/api/process-headroom.ts';
import { fleetFromCount } from '../../../simulators/fleet/fleet-schema.ts';
import { ControlApiShard } from '../../runner/shards/control-api-shard.fixture.ts';
import { fleetLayout } from '../../scenario/default-scenario-context.ts';
import { ExitCode } from '../exit-codes.ts';
import { commandExit } from '../fixtures/command-exit.ts';
import { command } from './load.ts';

/** What `camlab sim --cameras 4 --shard I/2` serves, and the same ids with other models. */
const served = fleetLayout(fleetFromCount(4)).cameras.map((c) => ({ id: c.id, site: c.site, model: c.model }));
const other = served.map((c) => ({ ...c, model: 'fixed-1080p' }));

const sets: Record<'right' | 'other' | 'old', ControlApiShard[]> = { right: [], other: [], old: [] };
beforeAll(async () => {
  const probe = new ProcessHeadroom();
  const reading = probe.read();
  probe.close();
  for (const [name, cameras] of [
    ['right', served],
    ['other', other],
    ['old', served],
  ] as const) {
    sets[name] = await Promise.all([0, 1].map((i) => ControlApiShard.start(i, 2, cameras.slice(2 * i, 2 * i + 2))));
    // An older shard serves no headroom (its fixture answers 404).
    if (name !== 'old') for (const s of sets[name]) s.headroom = reading;
  }
  // What the command says about each shard goes to stderr; the exit codes are what is judged here.
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterAll(async () => {
  vi.restoreAllMocks();
  await Promise.all(Object.values(sets).flatMap((ss) => ss.map((s) => s.close())));
});

const urls = (name: keyof typeof sets): string => sets[name].map((s) => s.url).join(',');

const exitOf = (argv: string[]): Promise<{ code: number; message: string }> => commandExit(command, argv);

describe('camlab load --shards refuses before anything starts', () => {
  it('exits 2 for a shard that does not report its headroom (another camlab version), naming it', async () => {
    const { code, message } = await exitOf(['--shards', urls('old'), '--hub', 'none']);
    expect(code).toBe(ExitCode.badInput);
    expect(message).toMatch(
      new RegExp(`^cannot measure the shards' headroom, nothing was started:\\nshard ${sets.old[0]!.url} answered 404`),
    );
  });

  it('exits 3 for a shard that does not answer', async () => {
    const { code, message } = await exitOf(['--shards', `${sets.right[0]!.url},http://127.0.0.1:1`, '--hub', 'none']);
    expect(code).toBe(ExitCode.infraError);
    expect(message).toMatch(/shard http:\/\/127\.0\.0\.1:1 is unreachable/);
  });

  it('exits 2 when the shards serve another fleet than `camlab sim --cameras N` makes, saying how to start them', async () => {
    const { code, message } = await exitOf(['--shards', urls('other'), '--hub', 'none']);
    expect(code).toBe(ExitCode.badInput);
    expect(message).toMatch(/camera 3: the scenario has site-1-003 \(site site-1, model ptz-dome\)/);
    expect(message).toMatch(/Start them with camlab sim --cameras 4 --shard I\/2\.$/);
  });

  it('exits 2 for a ramp beyond the cameras the shards serve, and for --workers beside --shards', async () => {
    const beyond = await exitOf(['--shards', urls('right'), '--hub', 'none', '--stages', '2:1s,6:1s']);
    expect(beyond.code).toBe(ExitCode.badInput);
    expect(beyond.message).toMatch(/the last stage wants 6 cameras; the shards serve 4/);
    const workers = await exitOf(['--shards', urls('right'), '--workers', '2']);
    expect(workers.code).toBe(ExitCode.badInput);
    expect(workers.message).toMatch(/camlab sim --workers/);
  });
});
