import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliError } from '../exit-codes.ts';
import { command, parseSimArgs } from './sim.ts';

describe('camlab sim arguments', () => {
  it('defaults to four cameras in 127.20.0.0/16, in this thread, with discovery', () => {
    expect(parseSimArgs([], {})).toMatchObject({
      cameras: 4,
      addressBlock: '127.20.0.0/16',
      workers: 0,
      discovery: true,
      portMode: false,
    });
  });

  it('reads every option', () => {
    const args = parseSimArgs(
      [
        '--cameras',
        '50',
        '--sites',
        'a,b',
        '--address-block',
        '127.13.0.0/16',
        '--inventory',
        '-',
        '--api',
        '0.0.0.0:8080',
        '--port-mode',
        '--bind',
        '0.0.0.0',
        '--base-port',
        '30000',
        '--shard',
        '1/3',
        '--workers',
        'auto',
        '--no-discovery',
        '--seed',
        '9',
      ],
      { CAMLAB_API_TOKEN: 'tok' },
    );
    expect(args).toEqual({
      fleet: undefined,
      cameras: 50,
      sites: ['a', 'b'],
      addressBlock: '127.13.0.0/16',
      inventory: '-',
      api: { host: '0.0.0.0', port: 8080 },
      apiToken: 'tok',
      portMode: true,
      bind: '0.0.0.0',
      basePort: 30000,
      shard: { index: 1, count: 3 },
      workers: 'auto',
      discovery: false,
      seed: 9,
    });
  });

  const bad: [string[], RegExp][] = [
    [['--cameras', 'many'], /--cameras expects a whole number/],
    [['--cameras', '0'], /--cameras expects a whole number from 1/],
    [['--fleet', 'f.yaml', '--cameras', '3'], /either --fleet or --cameras/],
    [['--address-block', '127.20.0.5/16'], /--address-block: .*host bits/],
    [['--api', 'localhost'], /--api expects HOST:PORT/],
    [['--shard', '2/2'], /--shard expects I\/N/],
    [['--bind', '0.0.0.0'], /go with --port-mode/],
    [['--sites', 'Milton Keynes'], /--sites expects names/],
    [['--colour', 'red'], /Unknown option/],
    [['stray'], /unexpected argument 'stray'/],
    [['--kernel-mode', '--shard', '0/2'], /--kernel-mode runs one shard per site.*drop --shard/],
    [['--kernel-mode', '--api', '127.0.0.1:8080', '--port-mode'], /drop --port-mode, --api/],
    [['--kernel-mode', '--kernel-link-block', '10.214.0.1/16'], /--kernel-link-block: .*host bits/],
    [['--kernel-link-block', '10.214.0.0/16'], /goes with --kernel-mode/],
  ];
  for (const [argv, message] of bad) {
    it(`refuses ${argv.join(' ')} with exit 2`, () => {
      let caught: unknown;
      try {
        parseSimArgs(argv, {});
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(CliError);
      expect((caught as CliError).exitCode).toBe(2);
      expect((caught as CliError).message).toMatch(message);
    });
  }

  it('reads kernel mode with its default link block, and the shard-side uplink flag', () => {
    expect(parseSimArgs(['--kernel-mode'], {}).kernelMode).toEqual({ linkBlock: '10.214.0.0/16' });
    expect(parseSimArgs(['--kernel-mode', '--kernel-link-block', '10.215.0.0/24'], {}).kernelMode).toEqual({
      linkBlock: '10.215.0.0/24',
    });
    const shard = parseSimArgs(['--kernel-link', 'c1s0n'], {});
    expect([shard.kernelMode, shard.kernelLink]).toEqual([undefined, 'c1s0n']);
  });

  it('refuses kernel mode for a loopback block before touching the machine (exit 2)', async () => {
    await expect(command.run(['--kernel-mode', '--cameras', '2'])).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringMatching(/loopback, which never leaves a namespace/),
    });
  });

  it('refuses to merge a file that is not an inventory, naming the file and the field (exit 2)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'camlab-merge-'));
    try {
      const file = join(dir, 'shard-0.json');
      await writeFile(
        file,
        JSON.stringify({ generatedAt: '2026-12-06T12:00:00.000Z', sites: [], cameras: [{ id: 7 }] }),
      );
      await expect(command.run(['--merge', file])).rejects.toMatchObject({
        exitCode: 2,
        message: expect.stringMatching(new RegExp(`^${file} is not a camlab inventory:\\n  cameras\\.0\\.id: `)),
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
