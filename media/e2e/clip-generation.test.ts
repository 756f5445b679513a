import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clipEntryDir, loadPacketizedClip } from '../clip/clip-cache.ts';
import { ClipFiles } from '../clip/clip-generator.ts';
import { type ClipProfile, clipSpecFromProfile } from '../clip/clip-spec.ts';
import type { ClipSpec } from '../clip/packetized-clip.ts';
import { ffmpegAvailable, ffmpegPath } from '../ffmpeg/ffmpeg-path.ts';
import { runTool } from '../ffmpeg/run-tool.ts';
import { assembleH264AccessUnits } from '../h264/access-unit.ts';
import { joinAnnexB, splitAnnexB } from '../h264/annexb.ts';
import { h264NalType, isH264Vcl } from '../h264/nal-unit-type.ts';
import { parseH264Sps } from '../h264/sps.ts';
import { parseH264Fmtp } from '../h264/h264-fmtp.ts';
import { parseH265Fmtp } from '../h265/h265-fmtp.ts';
import { parseH265Sps } from '../h265/sps.ts';
import { depacketizeH264AccessUnit } from '../rtp/h264-depacketizer.ts';
import { depacketizeH265AccessUnit } from '../rtp/h265-depacketizer.ts';
import { MAX_RTP_PAYLOAD_BYTES } from '../rtp/max-payload.ts';
import { probeVideo } from './ffprobe-json.ts';

const available = await ffmpegAvailable();
if (!available)
  console.warn(`skipping media e2e: ffmpeg/ffprobe do not run (FFMPEG_PATH=${process.env.FFMPEG_PATH ?? 'unset'})`);

const small: ClipProfile = {
  codec: 'h264',
  width: 320,
  height: 240,
  fps: 25,
  bitrateKbps: 300,
  gopFrames: 25,
  h264Profile: 'baseline',
  bFrames: false,
};
const cases: { name: string; profile: ClipProfile; ffprobeCodec: string; ffprobeProfile: string }[] = [
  { name: 'H.264 baseline', profile: small, ffprobeCodec: 'h264', ffprobeProfile: 'Constrained Baseline' },
  {
    name: 'H.264 main with B-frames, 15 fps',
    profile: { ...small, width: 352, height: 288, fps: 15, gopFrames: 30, h264Profile: 'main', bFrames: true },
    ffprobeCodec: 'h264',
    ffprobeProfile: 'Main',
  },
  {
    name: 'H.264 high, odd height (cropping)',
    profile: { ...small, height: 180, h264Profile: 'high' },
    ffprobeCodec: 'h264',
    ffprobeProfile: 'High',
  },
  { name: 'H.265', profile: { ...small, codec: 'h265' }, ffprobeCodec: 'hevc', ffprobeProfile: 'Main' },
  {
    name: 'H.265 with B-frames',
    profile: { ...small, codec: 'h265', bFrames: true, gopFrames: 50 },
    ffprobeCodec: 'hevc',
    ffprobeProfile: 'Main',
  },
];

/** Loads a clip in a separate Node process (as a second camlab would) and returns its exit code and output. */
async function loadInChildProcess(spec: ClipSpec, cacheDir: string): Promise<{ code: number; out: string }> {
  const script = join(import.meta.dirname, 'load-clip-process.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', script, JSON.stringify(spec), cacheDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  try {
    const [code] = (await once(child, 'close', { signal: AbortSignal.timeout(30_000) })) as [number];
    return { code, out: out.trim() };
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}

/** Child processes and their pipes; timers and fs requests belong to vitest and come and go. */
function childResources(): string[] {
  return process
    .getActiveResourcesInfo()
    .filter((r) => r === 'ProcessWrap' || r === 'PipeWrap')
    .sort();
}

describe.skipIf(!available)('clip generation with real ffmpeg', () => {
  let cacheDir = '';
  let resourcesBefore: string[] = [];
  beforeAll(async () => {
    resourcesBefore = childResources();
    cacheDir = await mkdtemp(join(tmpdir(), 'camlab-media-e2e-'));
  });
  afterAll(async () => {
    await rm(cacheDir, { recursive: true, force: true });
    // Every ffmpeg, ffprobe and child process the tests started has exited and released its pipes.
    expect(childResources()).toEqual(resourcesBefore);
  });

  it.each(cases)(
    '$name: ffprobe agrees on codec, size and frame rate, and the SPS says the same',
    async ({ profile, ffprobeCodec, ffprobeProfile }) => {
      const spec = clipSpecFromProfile(profile, 'e2e camera');
      const clip = await loadPacketizedClip(spec, { cacheDir });
      const dir = await clipEntryDir(spec, cacheDir);
      const probed = await probeVideo(join(dir, ClipFiles.annexB(spec)), spec.codec === 'h264' ? 'h264' : 'hevc', {
        countFrames: true,
        framerate: spec.fps,
      });
      expect(probed).toMatchObject({
        codec_name: ffprobeCodec,
        width: spec.width,
        height: spec.height,
        profile: ffprobeProfile,
      });
      expect(Number(probed.nb_read_frames)).toBe(spec.durationS * spec.fps);
      // Raw Annex-B has no container frame rate; the MP4 ffmpeg encoded into does.
      const container = await probeVideo(join(dir, ClipFiles.container), 'mov', { countFrames: true });
      expect(container).toMatchObject({
        codec_name: ffprobeCodec,
        width: spec.width,
        height: spec.height,
        r_frame_rate: `${spec.fps}/1`,
      });
      expect(Number(container.nb_read_frames)).toBe(spec.durationS * spec.fps);
      if (spec.codec === 'h264') {
        expect(parseH264Sps(parseH264Fmtp(clip.fmtp).parameterSets[0]!).fps).toBe(spec.fps);
      }
      expect(clip.frames).toHaveLength(spec.durationS * spec.fps);
      expect(clip.frames.filter((f) => f.keyframe)).toHaveLength((spec.durationS * spec.fps) / spec.gopFrames);
      expect(clip.durationTicks).toBe(spec.durationS * 90_000);
      expect(clip.snapshotJpeg.subarray(0, 2).toString('hex')).toBe('ffd8');
      const size =
        spec.codec === 'h264'
          ? parseH264Sps(parseH264Fmtp(clip.fmtp).parameterSets[0]!)
          : parseH265Sps(parseH265Fmtp(clip.fmtp).sps);
      expect([size.width, size.height]).toEqual([spec.width, spec.height]);
      for (const frame of clip.frames) {
        expect(frame.ptsTicks).toBeGreaterThanOrEqual(frame.dtsTicks);
        expect(frame.dtsTicks).toBe(frame.index * (90_000 / spec.fps));
      }
      expect(new Set(clip.frames.map((f) => f.ptsTicks)).size).toBe(clip.frames.length);
    },
  );

  it.each(cases)('$name: depacketized frames are the access units, and ffmpeg decodes them', async ({ profile }) => {
    const spec = clipSpecFromProfile(profile, 'e2e camera');
    const clip = await loadPacketizedClip(spec, { cacheDir });
    const depacketize = spec.codec === 'h264' ? depacketizeH264AccessUnit : depacketizeH265AccessUnit;
    const nals: Buffer[] = [];
    for (const frame of clip.frames) {
      for (const p of frame.payloads) expect(p.length).toBeLessThanOrEqual(MAX_RTP_PAYLOAD_BYTES);
      nals.push(...depacketize(frame.payloads));
    }
    const file = join(cacheDir, `roundtrip-${spec.codec}-${spec.height}-${spec.bFrames}.${spec.codec}`);
    const original = await readFile(join(await clipEntryDir(spec, cacheDir), ClipFiles.annexB(spec)));
    expect(joinAnnexB(nals).equals(joinAnnexB(splitAnnexB(original)))).toBe(true);
    await writeFile(file, joinAnnexB(nals));
    const probed = await probeVideo(file, spec.codec === 'h264' ? 'h264' : 'hevc', {
      countFrames: true,
      framerate: spec.fps,
    });
    expect(Number(probed.nb_read_frames)).toBe(clip.frames.length);
  });

  it('gives the same object for an equal spec, and shares one load between concurrent callers', async () => {
    const spec = clipSpecFromProfile(small, 'memo');
    const [a, b] = await Promise.all([
      loadPacketizedClip(spec, { cacheDir }),
      loadPacketizedClip({ ...spec }, { cacheDir }),
    ]);
    expect(a).toBe(b);
    expect(await loadPacketizedClip(clipSpecFromProfile(small, 'memo'), { cacheDir })).toBe(a);
  });

  it('lets two processes generate the same clip at once: one entry, no temp folders left', async () => {
    const spec = clipSpecFromProfile({ ...small, width: 256, height: 144 }, 'race');
    const outputs = await Promise.all([loadInChildProcess(spec, cacheDir), loadInChildProcess(spec, cacheDir)]);
    expect(outputs).toEqual([
      { code: 0, out: String(spec.durationS * spec.fps) },
      { code: 0, out: String(spec.durationS * spec.fps) },
    ]);
    const names = await readdir(cacheDir);
    expect(names.filter((n) => n.includes('.tmp-'))).toEqual([]);
    expect(names).toContain((await clipEntryDir(spec, cacheDir)).split('/').pop());
  });

  it('regenerates an entry whose files were deleted', async () => {
    const spec = clipSpecFromProfile({ ...small, width: 192, height: 108 }, 'repair');
    const expected = { code: 0, out: String(spec.durationS * spec.fps) };
    expect(await loadInChildProcess(spec, cacheDir)).toEqual(expected);
    const dir = await clipEntryDir(spec, cacheDir);
    await rm(join(dir, ClipFiles.timings));
    expect(await loadInChildProcess(spec, cacheDir)).toEqual(expected);
    expect((await readdir(dir)).sort()).toContain(ClipFiles.timings);
  });

  it('assembles multi-slice frames from -tune zerolatency into one access unit each', async () => {
    const file = join(cacheDir, 'slices.h264');
    const frames = 10;
    await runTool(ffmpegPath(), [
      '-v',
      'error',
      '-nostdin',
      '-y',
      '-f',
      'lavfi',
      '-i',
      'testsrc2=size=640x360:rate=25',
      '-frames:v',
      String(frames),
      '-c:v',
      'libx264',
      '-preset',
      'ultrafast',
      '-tune',
      'zerolatency',
      '-threads',
      '4',
      '-x264-params',
      'slices=4',
      '-f',
      'h264',
      file,
    ]);
    const units = assembleH264AccessUnits(splitAnnexB(await readFile(file)));
    expect(units).toHaveLength(frames);
    for (const unit of units) {
      expect(unit.nals.filter((n) => isH264Vcl(h264NalType(n))).length).toBe(4);
    }
    expect(units[0]!.keyframe).toBe(true);
  });
});
