import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPacketizedClip } from '../clip/clip-cache.ts';
import { clipSpecFromProfile } from '../clip/clip-spec.ts';
import type { PacketizedClip, VideoCodec } from '../clip/packetized-clip.ts';
import { ffmpegAvailable, ffmpegPath } from '../ffmpeg/ffmpeg-path.ts';
import { runTool } from '../ffmpeg/run-tool.ts';
import { FlvDemuxer } from '../flv/flv-demuxer.ts';
import { joinAnnexB } from '../h264/annexb.ts';
import { depacketizeH264AccessUnit } from '../rtp/h264-depacketizer.ts';
import { depacketizeH265AccessUnit } from '../rtp/h265-depacketizer.ts';
import { type SeiStamp, decodeSeiNal, encodeSeiNal, findSeiStamps } from '../sei/sei-stamp.ts';

const available = await ffmpegAvailable();
if (!available)
  console.warn(`skipping SEI e2e: ffmpeg/ffprobe do not run (FFMPEG_PATH=${process.env.FFMPEG_PATH ?? 'unset'})`);

/** What a reader of a camlab camera receives: each frame's stamp SEI ahead of the shared access unit. */
function stampedStream(clip: PacketizedClip, cameraId: string): { annexB: Buffer; stamps: SeiStamp[] } {
  const depacketize = clip.spec.codec === 'h264' ? depacketizeH264AccessUnit : depacketizeH265AccessUnit;
  const stamps: SeiStamp[] = [];
  const nals: Buffer[] = [];
  for (const frame of clip.frames) {
    const stamp: SeiStamp = {
      cameraId,
      frame: frame.index,
      sendTimeMs: 1_764_000_000_000 + frame.index * 40.5,
      ptz: { pan: frame.index / 100, tilt: -0.25, zoom: 0.5 },
    };
    stamps.push(stamp);
    nals.push(encodeSeiNal(clip.spec.codec, stamp), ...depacketize(frame.payloads));
  }
  return { annexB: joinAnnexB(nals), stamps };
}

const rawFormat = (codec: VideoCodec): string => (codec === 'h264' ? 'h264' : 'hevc');

describe.skipIf(!available)('SEI stamps survive ffmpeg stream copies', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'camlab-sei-e2e-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each([
    { name: 'H.264', codec: 'h264' as const, bFrames: false },
    { name: 'H.264 with B-frames', codec: 'h264' as const, bFrames: true },
    { name: 'H.265', codec: 'h265' as const, bFrames: false },
  ])('$name: Annex-B -> ffmpeg -c copy -> Annex-B keeps every stamp in order', async ({ codec, bFrames }) => {
    const clip = await loadPacketizedClip(
      clipSpecFromProfile(
        { codec, width: 320, height: 240, fps: 25, bitrateKbps: 300, gopFrames: 25, h264Profile: 'main', bFrames },
        'sei',
      ),
      { cacheDir: dir },
    );
    const { annexB, stamps } = stampedStream(clip, `cam-${codec}`);
    const input = join(dir, `in-${codec}-${bFrames}.raw`);
    const output = join(dir, `out-${codec}-${bFrames}.raw`);
    await writeFile(input, annexB);
    await runTool(ffmpegPath(), [
      '-v',
      'error',
      '-nostdin',
      '-y',
      '-f',
      rawFormat(codec),
      '-framerate',
      '25',
      '-i',
      input,
      '-c',
      'copy',
      '-f',
      rawFormat(codec),
      output,
    ]);
    expect(findSeiStamps(codec, await readFile(output))).toEqual(stamps);
  });

  it('H.264: Annex-B -> ffmpeg -c copy -> FLV, read back with FlvDemuxer, keeps every stamp', async () => {
    const clip = await loadPacketizedClip(
      clipSpecFromProfile(
        {
          codec: 'h264',
          width: 320,
          height: 240,
          fps: 25,
          bitrateKbps: 300,
          gopFrames: 25,
          h264Profile: 'main',
          bFrames: false,
        },
        'sei',
      ),
      { cacheDir: dir },
    );
    const { annexB, stamps } = stampedStream(clip, 'cam-flv');
    const input = join(dir, 'in-flv.h264');
    const output = join(dir, 'out.flv');
    await writeFile(input, annexB);
    await runTool(ffmpegPath(), [
      '-v',
      'error',
      '-nostdin',
      '-y',
      '-f',
      'h264',
      '-framerate',
      '25',
      '-i',
      input,
      '-c',
      'copy',
      '-f',
      'flv',
      output,
    ]);
    const flv = await readFile(output);
    const demuxer = new FlvDemuxer();
    const found: SeiStamp[] = [];
    let sequenceHeaders = 0;
    // Feed in uneven chunks, as an HTTP-FLV response arrives.
    for (let offset = 0; offset < flv.length; offset += 1317) {
      for (const tag of demuxer.push(flv.subarray(offset, offset + 1317))) {
        if (tag.kind === 'sequence-header') {
          sequenceHeaders++;
          expect(tag.codec).toBe('h264');
          continue;
        }
        for (const nal of tag.nals) {
          const stamp = decodeSeiNal('h264', nal);
          if (stamp !== undefined) found.push(stamp);
        }
      }
    }
    expect(sequenceHeaders).toBe(1);
    expect(found).toEqual(stamps);
  });
});
