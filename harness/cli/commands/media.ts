import { stat } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { parseCommandArgs } from '../parse-command-args.ts';
import {
  clipEntryDir,
  defaultClipCacheDir,
  listCachedClips,
  loadPacketizedClip,
} from '../../../media/clip/clip-cache.ts';
import { clipSpecFromProfile } from '../../../media/clip/clip-spec.ts';
import type { ClipSpec } from '../../../media/clip/packetized-clip.ts';
import { ffmpegAvailable, ffmpegPath } from '../../../media/ffmpeg/ffmpeg-path.ts';
import { builtinCameraModels } from '../../../simulators/camera/camera-model.ts';
import type { Command } from '../command.ts';
import { CliError, ExitCode } from '../exit-codes.ts';

const profileNames = ['main', 'sub'] as const;

const usage = `Usage: camlab media build [--models ID,...] [--profiles main,sub] [--cache-dir DIR]
       camlab media list [--cache-dir DIR] [--json]

Clips are generated once per machine with ffmpeg (a test pattern with the stream's format and a
running timecode burned in), then read from the cache. Cameras generate missing clips on first
use; \`build\` does it ahead of time so the first \`camlab sim\` or test run starts at once.

  build   generate the clips of the built-in camera models' stream profiles
  list    show what the cache holds

Options:
  --models ID,...     built-in models to build (default: all: ${builtinCameraModels.map((m) => m.id).join(', ')})
  --profiles P,...    stream profiles to build: main, sub (default: both)
  --cache-dir DIR     the cache folder (default: CAMLAB_CACHE_DIR, else .camlab/media in the repository)
  --json              list as JSON

Environment: FFMPEG_PATH / FFPROBE_PATH choose the ffmpeg and ffprobe binaries.`;

export const command: Command = {
  name: 'media',
  summary: 'pre-generate and inspect the clip cache',
  usage,
  async run(argv) {
    const { values, positionals } = parseCommandArgs(
      argv,
      {
        models: { type: 'string' },
        profiles: { type: 'string' },
        'cache-dir': { type: 'string' },
        json: { type: 'boolean' },
      },
      usage,
    );
    const cacheDir = values['cache-dir'] ?? defaultClipCacheDir();
    const [action, ...extra] = positionals;
    if (extra.length > 0) {
      throw new CliError(`unexpected arguments: ${extra.join(' ')}\n\n${usage}`, ExitCode.badInput);
    }
    if (action === 'build') {
      return build(selectSpecs(values.models, values.profiles), cacheDir);
    }
    if (action === 'list') {
      return list(cacheDir, values.json === true);
    }
    throw new CliError(
      `expected 'build' or 'list', got ${action === undefined ? 'nothing' : `'${action}'`}\n\n${usage}`,
      ExitCode.badInput,
    );
  },
};

function splitList(value: string | undefined): string[] | undefined {
  return value
    ?.split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** The distinct clips of the chosen models and profiles (models often share a profile). */
function selectSpecs(modelsOption: string | undefined, profilesOption: string | undefined): ClipSpec[] {
  const modelIds = splitList(modelsOption) ?? builtinCameraModels.map((m) => m.id);
  const unknownModels = modelIds.filter((id) => builtinCameraModels.every((m) => m.id !== id));
  if (unknownModels.length > 0) {
    throw new CliError(
      `--models: unknown model ${unknownModels.join(', ')}; expected one of ${builtinCameraModels.map((m) => m.id).join(', ')}`,
      ExitCode.badInput,
    );
  }
  const profiles = splitList(profilesOption) ?? [...profileNames];
  const unknownProfiles = profiles.filter((p) => !(profileNames as readonly string[]).includes(p));
  if (unknownProfiles.length > 0) {
    throw new CliError(
      `--profiles: unknown profile ${unknownProfiles.join(', ')}; expected main and/or sub`,
      ExitCode.badInput,
    );
  }
  const specs = new Map<string, ClipSpec>();
  for (const model of builtinCameraModels.filter((m) => modelIds.includes(m.id))) {
    for (const profile of model.profiles.filter((p) => profiles.includes(p.name))) {
      const spec = clipSpecFromProfile(profile);
      specs.set(JSON.stringify(spec), spec);
    }
  }
  return [...specs.values()];
}

async function build(specs: readonly ClipSpec[], cacheDir: string): Promise<ExitCode> {
  if (!(await ffmpegAvailable())) {
    throw new CliError(
      `ffmpeg does not run (${ffmpegPath()}); install @ffmpeg-installer/ffmpeg or set FFMPEG_PATH and FFPROBE_PATH`,
      ExitCode.infraError,
    );
  }
  console.log(`building ${specs.length} clip(s) in ${cacheDir}`);
  for (const spec of specs) {
    const dir = await clipEntryDir(spec, cacheDir);
    const cached = await stat(dir).then(
      () => true,
      () => false,
    );
    const startedMs = performance.now();
    const clip = await loadPacketizedClip(spec, { cacheDir });
    const bytes = clip.frames.reduce((n, f) => n + f.bytes, 0);
    const kbps = Math.round((bytes * 8) / spec.durationS / 1000);
    const how = cached ? 'cached' : `generated in ${((performance.now() - startedMs) / 1000).toFixed(1)} s`;
    console.log(`  ${describe(spec)}: ${clip.frames.length} frames, ${kbps} kbit/s, ${how}\n    ${dir}`);
  }
  return ExitCode.ok;
}

async function list(cacheDir: string, json: boolean): Promise<ExitCode> {
  const entries = await listCachedClips(cacheDir);
  if (json) {
    console.log(JSON.stringify(entries, null, 2));
    return ExitCode.ok;
  }
  if (entries.length === 0) {
    console.log(`no clips in ${cacheDir} (camlab media build generates them)`);
    return ExitCode.ok;
  }
  console.log(`${entries.length} clip(s) in ${cacheDir}`);
  for (const e of entries) {
    console.log(`  ${describe(e.spec)}  ${(e.bytes / 1024).toFixed(0)} KiB  ${e.dir}`);
  }
  return ExitCode.ok;
}

function describe(spec: ClipSpec): string {
  const format = spec.codec === 'h264' ? `h264/${spec.h264Profile}` : 'h265';
  const label = spec.label === '' ? '' : ` "${spec.label}"`;
  return `${format} ${spec.width}x${spec.height} ${spec.fps}fps ${spec.bitrateKbps}kbit/s gop ${spec.gopFrames}${spec.bFrames ? ' B-frames' : ''} ${spec.durationS}s${label}`;
}
