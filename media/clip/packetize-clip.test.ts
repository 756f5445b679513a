import { describe, expect, it } from 'vitest';
import { ParseError } from '../errors/parse-error.ts';
import { joinAnnexB } from '../h264/annexb.ts';
import { depacketizeH264AccessUnit } from '../rtp/h264-depacketizer.ts';
import { MAX_RTP_PAYLOAD_BYTES } from '../rtp/max-payload.ts';
import { clipSpecFromProfile } from './clip-spec.ts';
import { packetizeClip } from './packetize-clip.ts';

const sps = Buffer.from('674d401eda0280bfe5c044000003000400000300c83c58ba80', 'hex');
const pps = Buffer.from('68ee0fc8', 'hex');
const slice = (header: number, length: number): Buffer => {
  const nal = Buffer.alloc(length, 0x55);
  nal[0] = header;
  nal[1] = 0x88; // first_mb_in_slice 0
  return nal;
};
const spec = clipSpecFromProfile(
  {
    codec: 'h264',
    width: 640,
    height: 360,
    fps: 25,
    bitrateKbps: 512,
    gopFrames: 2,
    h264Profile: 'main',
    bFrames: true,
  },
  '',
);
const jpeg = Buffer.from('ffd8ffd9', 'hex');

describe('packetizeClip', () => {
  // Two GOPs of I P; the second key frame arrives without parameter sets, as an MP4-derived stream may.
  const units = [[sps, pps, slice(0x65, 4000)], [slice(0x41, 100)], [slice(0x65, 50)], [slice(0x41, 1400)]];
  const annexB = joinAnnexB(units.flat());
  const timings = [
    { ptsTicks: 0, dtsTicks: -3600 },
    { ptsTicks: 3600, dtsTicks: 0 },
    { ptsTicks: 7200, dtsTicks: 3600 },
    { ptsTicks: 10800, dtsTicks: 7200 },
  ];
  const clip = packetizeClip(spec, annexB, timings, jpeg);

  it('describes the stream for SDP', () => {
    expect(clip.rtpmap).toBe('H264/90000');
    expect(clip.payloadType).toBe(96);
    expect(clip.fmtp).toBe(
      `packetization-mode=1;profile-level-id=4D401E;sprop-parameter-sets=${sps.toString('base64')},${pps.toString('base64')}`,
    );
    expect(clip.durationTicks).toBe(4 * 3600);
    expect(clip.snapshotJpeg).toBe(jpeg);
  });

  it('shifts timestamps so decode time starts at 0 and pts never precedes dts', () => {
    expect(clip.frames.map((f) => [f.dtsTicks, f.ptsTicks])).toEqual([
      [0, 3600],
      [3600, 7200],
      [7200, 10800],
      [10800, 14400],
    ]);
  });

  it('marks key frames and gives each one its parameter sets', () => {
    expect(clip.frames.map((f) => f.keyframe)).toEqual([true, false, true, false]);
    expect(depacketizeH264AccessUnit(clip.frames[2]!.payloads)).toEqual([sps, pps, units[2]![0]]);
  });

  it('packetizes each access unit within the payload limit and counts its bytes', () => {
    for (const [i, frame] of clip.frames.entries()) {
      expect(frame.index).toBe(i);
      for (const p of frame.payloads) expect(p.length).toBeLessThanOrEqual(MAX_RTP_PAYLOAD_BYTES);
      expect(frame.bytes).toBe(frame.payloads.reduce((n, p) => n + p.length, 0));
    }
    expect(depacketizeH264AccessUnit(clip.frames[0]!.payloads)).toEqual(units[0]);
    expect(clip.frames[3]!.payloads).toHaveLength(1);
  });

  it.each([
    { name: 'more timestamps than frames', annexB, timings: [...timings, { ptsTicks: 0, dtsTicks: 0 }] },
    { name: 'no key frame first', annexB: joinAnnexB([slice(0x41, 10)]), timings: [{ ptsTicks: 0, dtsTicks: 0 }] },
    { name: 'no parameter sets', annexB: joinAnnexB([slice(0x65, 10)]), timings: [{ ptsTicks: 0, dtsTicks: 0 }] },
  ])('rejects $name', ({ annexB: stream, timings: t }) => {
    expect(() => packetizeClip(spec, stream, t, jpeg)).toThrow(ParseError);
  });
});
