import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { clipSpecFromProfile } from '../../../media/clip/clip-spec.ts';
import { CliError, ExitCode } from '../exit-codes.ts';
import { command } from './media.ts';

describe('camlab media', () => {
  let cacheDir = '';
  let printed: string[] = [];
  beforeEach(async () => {
    cacheDir = await mkdtemp(join(tmpdir(), 'camlab-media-cli-'));
    printed = [];
    vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void printed.push(args.join(' ')));
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await rm(cacheDir, { recursive: true, force: true });
  });

  it.each([
    { name: 'no action', argv: [], message: "expected 'build' or 'list'" },
    { name: 'unknown action', argv: ['clean'], message: "got 'clean'" },
    { name: 'unknown model', argv: ['build', '--models', 'fixed-1080p,nope'], message: 'unknown model nope' },
    { name: 'unknown profile', argv: ['build', '--profiles', 'third'], message: 'unknown profile third' },
    { name: 'unknown option', argv: ['list', '--fast'], message: "Unknown option '--fast'" },
    { name: 'extra arguments', argv: ['list', 'now'], message: 'unexpected arguments: now' },
  ])('rejects $name as bad input', async ({ argv, message }) => {
    const err = await command.run(argv).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CliError);
    expect((err as CliError).exitCode).toBe(ExitCode.badInput);
    expect((err as CliError).message).toContain(message);
  });

  it('lists an empty cache', async () => {
    expect(await command.run(['list', '--cache-dir', cacheDir])).toBe(ExitCode.ok);
    expect(printed.join('\n')).toContain('no clips in');
  });

  it('lists cache entries and skips temp folders', async () => {
    const spec = clipSpecFromProfile({
      codec: 'h264',
      width: 640,
      height: 360,
      fps: 25,
      bitrateKbps: 512,
      gopFrames: 50,
      h264Profile: 'baseline',
      bFrames: false,
    });
    await mkdir(join(cacheDir, 'h264-640x360-25fps-512k-0123456789abcdef'));
    await writeFile(join(cacheDir, 'h264-640x360-25fps-512k-0123456789abcdef', 'spec.json'), JSON.stringify(spec));
    await mkdir(join(cacheDir, 'h264-640x360-25fps-512k-0123456789abcdef.tmp-1-ab'));
    expect(await command.run(['list', '--cache-dir', cacheDir, '--json'])).toBe(ExitCode.ok);
    const entries = JSON.parse(printed.join('\n')) as { spec: unknown }[];
    expect(entries.map((e) => e.spec)).toEqual([spec]);
  });
});
