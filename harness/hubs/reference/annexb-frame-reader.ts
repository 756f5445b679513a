import type { VideoCodec } from '../../../media/clip/packetized-clip.ts';
import { ParseError } from '../../../media/errors/parse-error.ts';
import { h264NalType, isH264Vcl } from '../../../media/h264/nal-unit-type.ts';
import { h265NalType, isH265Vcl } from '../../../media/h265/nal-header.ts';
import { decodeSeiNal, type SeiStamp } from '../../../media/sei/sei-stamp.ts';

/** One picture read from a stream: the camlab stamp it carried, if any. */
export interface ReadFrame {
  stamp: SeiStamp | undefined;
}

/** A NAL unit larger than this is not video a camera sends: the reader gives up on the stream. */
export const maxNalBytes = 4 * 1024 * 1024;

/**
 * Reads an Annex-B byte stream as it arrives (chunks cut anywhere) and reports each picture with
 * the camlab SEI stamp that preceded it. A picture starts at its first slice (H.264
 * first_mb_in_slice 0, H.265 first_slice_segment_in_pic_flag), so pictures are counted whether or
 * not they carry a stamp. Holds at most one unfinished NAL unit.
 */
export class AnnexBFrameReader {
  private pending = Buffer.alloc(0);
  private stamp: SeiStamp | undefined;

  constructor(
    private readonly codec: VideoCodec,
    private readonly onFrame: (frame: ReadFrame) => void,
  ) {}

  push(chunk: Buffer): void {
    const data = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    let start = startCodeAfter(data, 0);
    if (start < 0) {
      this.keep(data, Math.max(0, data.length - 3));
      return;
    }
    for (;;) {
      const next = startCodeAfter(data, start);
      if (next < 0) break;
      this.nal(trimZeros(data, start, next - 3));
      start = next;
    }
    this.keep(data, start - 3);
  }

  private keep(data: Buffer, from: number): void {
    if (data.length - from > maxNalBytes) throw new ParseError(`a NAL unit of more than ${maxNalBytes} bytes`, from);
    this.pending = Buffer.from(data.subarray(from));
  }

  private nal(nal: Buffer): void {
    if (nal.length < 3) return;
    if (this.codec === 'h264') {
      const type = h264NalType(nal);
      if (isH264Vcl(type)) return this.slice((nal[1]! & 0x80) !== 0);
    } else {
      const type = h265NalType(nal);
      if (isH265Vcl(type)) return this.slice((nal[2]! & 0x80) !== 0);
    }
    try {
      this.stamp = decodeSeiNal(this.codec, nal) ?? this.stamp;
    } catch (err) {
      // A malformed SEI is not a camlab stamp; the picture still counts.
      if (!(err instanceof ParseError)) throw err;
    }
  }

  private slice(firstOfPicture: boolean): void {
    if (!firstOfPicture) return;
    const stamp = this.stamp;
    this.stamp = undefined;
    this.onFrame({ stamp });
  }
}

/** The index just after the next 00 00 01 at or after `from`, or -1. */
function startCodeAfter(data: Buffer, from: number): number {
  for (let i = from; i + 2 < data.length; i++) {
    if (data[i + 2]! > 1) {
      i += 2;
      continue;
    }
    if (data[i] === 0 && data[i + 1] === 0 && data[i + 2] === 1) return i + 3;
  }
  return -1;
}

function trimZeros(data: Buffer, from: number, to: number): Buffer {
  let end = to;
  while (end > from && data[end - 1] === 0) end--;
  return data.subarray(from, end);
}
