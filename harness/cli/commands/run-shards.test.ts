import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ControlApiShard } from '../../runner/shards/control-api-shard.fixture.ts';
import { ExitCode } from '../exit-codes.ts';
import { commandExit } from '../fixtures/command-exit.ts';
import { shardsOption } from '../shards-option.ts';
import { command } from './run.ts';

const scenarioOf = (cameras: number): string => `name: shards-cli
seed: 3
hub: none
fleet:
  sites:
    - name: mk
      addressBlock: 127.20.0.0/24
      cameras: [{ model: fixed-1080p, count: ${cameras} }]
duration: 10s
`;

let dir: string;
const shards: ControlApiShard[] = [];
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'camlab-run-shards-'));
  const cameras = Array.from({ length: 4 }, (_, i) => ({ id: `mk-00${i + 1}`, site: 'mk', model: 'fixed-1080p' }));
  shards.push(...(await Promise.all([0, 1].map((i) => ControlApiShard.start(i, 2, cameras.slice(2 * i, 2 * i + 2))))));
  await writeFile(join(dir, 'four.yaml'), scenarioOf(4));
  await writeFile(join(dir, 'five.yaml'), scenarioOf(5));
});
afterAll(async () => {
  await Promise.all(shards.map((s) => s.close()));
  await rm(dir, { recursive: true, force: true });
});

const exitOf = (argv: string[]): Promise<{ code: number; message: string }> => commandExit(command, argv);

describe('camlab run --shards', () => {
  it('reads URL,URL,... and refuses what is not an http(s) URL, or a shard twice', () => {
    expect(shardsOption(' http://a:8080, http://b:8080 ')).toEqual(['http://a:8080', 'http://b:8080']);
    expect(() => shardsOption('a:8080')).toThrow(/'a:8080' is not an http\(s\) URL/);
    expect(() => shardsOption('http://a:8080,http://a:8080')).toThrow(/names a shard twice/);
  });

  it('exits 3 before anything starts when a shard does not answer, naming it', async () => {
    const { code, message } = await exitOf([
      join(dir, 'four.yaml'),
      '--shards',
      `${shards[0]!.url},http://127.0.0.1:1`,
      '--report',
      join(dir, 'r1'),
    ]);
    expect(code).toBe(ExitCode.infraError);
    expect(message).toMatch(/nothing was started:\nshard http:\/\/127\.0\.0\.1:1 is unreachable/);
  });

  it("exits 2 when the shards serve another fleet than the scenario's", async () => {
    const { code, message } = await exitOf([join(dir, 'five.yaml'), '--shards', shards.map((s) => s.url).join(',')]);
    expect(code).toBe(ExitCode.badInput);
    expect(message).toMatch(/the scenario's fleet has 5 cameras, the shards serve 4/);
  });

  it('exits 2 for --workers with --shards: the shards run their own', async () => {
    const { code, message } = await exitOf([join(dir, 'four.yaml'), '--workers', '2', '--shards', shards[0]!.url]);
    expect(code).toBe(ExitCode.badInput);
    expect(message).toMatch(/camlab sim --workers/);
  });
});
