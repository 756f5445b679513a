import { TS_PACKET_BYTES } from './ts-demuxer.ts';

/**
 * A minimal MPEG-TS muxer for the demuxer's tests and benchmark: one program with an H.264 and
 * an AAC stream, PSI sections with a zero CRC (the demuxer does not check it), PES split into
 * packets with adaptation-field stuffing.
 */
export const PMT_PID = 0x1000;
export const VIDEO_PID = 0x100;
export const AUDIO_PID = 0x101;

/** Splits `payload` into transport packets of `pid`, padding the last with an adaptation field. */
export function packets(pid: number, payload: Buffer, firstCc = 0, opts: { pcrFirst?: boolean } = {}): Buffer[] {
  const out: Buffer[] = [];
  let offset = 0;
  let cc = firstCc;
  do {
    const p = Buffer.alloc(TS_PACKET_BYTES, 0xff);
    p[0] = 0x47;
    p[1] = (offset === 0 ? 0x40 : 0) | (pid >> 8);
    p[2] = pid & 0xff;
    const adaptationMin = offset === 0 && opts.pcrFirst === true ? 8 : 0;
    const room = TS_PACKET_BYTES - 4 - adaptationMin;
    const take = Math.min(room, payload.length - offset);
    const adaptationBytes = TS_PACKET_BYTES - 4 - take;
    if (adaptationBytes > 0) {
      p[3] = 0x30 | (cc & 0x0f);
      p[4] = adaptationBytes - 1;
      if (adaptationBytes > 1) p[5] = adaptationMin > 0 ? 0x10 : 0x00;
    } else {
      p[3] = 0x10 | (cc & 0x0f);
    }
    payload.copy(p, 4 + adaptationBytes, offset, offset + take);
    out.push(p);
    offset += take;
    cc++;
  } while (offset < payload.length);
  return out;
}

/** A PSI section with a pointer_field of 0 and a (not checked) zero CRC. */
export function section(tableId: number, id: number, body: Buffer): Buffer {
  const length = 5 + body.length + 4;
  const head = Buffer.from([0, tableId, 0xb0 | (length >> 8), length & 0xff, id >> 8, id & 0xff, 0xc1, 0, 0]);
  return Buffer.concat([head, body, Buffer.alloc(4)]);
}

export const pat = section(0x00, 1, Buffer.from([0, 1, 0xe0 | (PMT_PID >> 8), PMT_PID & 0xff]));
export const pmt = section(
  0x02,
  1,
  Buffer.from([
    0xe0 | (VIDEO_PID >> 8),
    VIDEO_PID & 0xff,
    0xf0,
    0,
    0x1b,
    0xe0 | (VIDEO_PID >> 8),
    VIDEO_PID & 0xff,
    0xf0,
    0,
    0x0f,
    0xe0 | (AUDIO_PID >> 8),
    AUDIO_PID & 0xff,
    0xf0,
    0,
  ]),
);

function pts(ticks: number): Buffer {
  return Buffer.from([
    0x21 | (Math.floor(ticks / 2 ** 30) << 1),
    Math.floor(ticks / 2 ** 22) & 0xff,
    ((Math.floor(ticks / 2 ** 15) & 0x7f) << 1) | 1,
    Math.floor(ticks / 2 ** 7) & 0xff,
    ((ticks & 0x7f) << 1) | 1,
  ]);
}

/** A video PES with PTS and no length (as muxers write video), or an audio PES with its length. */
export function pes(streamId: number, ptsTicks: number, data: Buffer, withLength = false): Buffer {
  const header = Buffer.concat([Buffer.from([0x80, 0x80, 5]), pts(ptsTicks)]);
  const length = withLength ? header.length + data.length : 0;
  return Buffer.concat([Buffer.from([0, 0, 1, streamId, length >> 8, length & 0xff]), header, data]);
}
