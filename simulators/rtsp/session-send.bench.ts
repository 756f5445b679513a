import { bench, describe } from 'vitest';
import type { PacketizedFrame } from '../../media/clip/packetized-clip.ts';
import { createRtpHeaderTemplate, patchRtpHeader } from '../../media/rtp/rtp-header.ts';
import { buildWireImage } from './wire-image.ts';
import { SendScratch } from './send-scratch.ts';

/**
 * The TCP send path's user-space work per frame per session, before and after: assembling a
 * 1080p frame (54 packets, ~20 kB) packet by packet into a fresh buffer, versus one memcpy of
 * the shared wire image into the process scratch and patching seq/ts/SSRC in place.
 */
const payloads = Array.from({ length: 54 }, (_, i) => Buffer.alloc(i === 53 ? 500 : 1400, i));
const frame: PacketizedFrame = {
  index: 0,
  ptsTicks: 0,
  dtsTicks: 0,
  keyframe: false,
  payloads,
  bytes: payloads.reduce((n, p) => n + p.length, 0),
};
const image = buildWireImage(frame, 96);
const template = createRtpHeaderTemplate(96, 0x12345678);
const scratch = new SendScratch();
let seq = 0;
let sink = 0;

describe('TCP frame assembly (one session, one 1080p frame)', () => {
  bench('per packet into a fresh buffer (before)', () => {
    const buf = Buffer.allocUnsafe(frame.bytes + payloads.length * 16);
    let o = 0;
    for (let i = 0; i < payloads.length; i++) {
      const p = payloads[i]!;
      buf[o] = 0x24;
      buf[o + 1] = 0;
      buf.writeUInt16BE(12 + p.length, o + 2);
      template.copy(buf, o + 4);
      patchRtpHeader(buf, o + 4, i === payloads.length - 1, seq++ & 0xffff, 3600);
      buf.set(p, o + 16);
      o += 16 + p.length;
    }
    sink += buf[o - 1]!;
  });

  bench('wire image memcpy + patch into the shared scratch (after)', () => {
    const buf = scratch.take(image.bytes.length);
    buf.set(image.bytes, 0);
    const offsets = image.packetOffsets;
    for (let i = 0; i < offsets.length; i++) {
      const o = offsets[i]!;
      const s = seq++ & 0xffff;
      buf[o + 6] = s >>> 8;
      buf[o + 7] = s & 0xff;
      buf[o + 8] = 0;
      buf[o + 9] = 0;
      buf[o + 10] = 0x0e;
      buf[o + 11] = 0x10;
      buf[o + 12] = 0x12;
      buf[o + 13] = 0x34;
      buf[o + 14] = 0x56;
      buf[o + 15] = 0x78;
    }
    sink += buf[buf.length - 1]!;
  });
});
