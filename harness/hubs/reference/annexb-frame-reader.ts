import { createHash, type Hash } from 'node:crypto';
import type { VideoCodec } from '../../../media/clip/packetized-clip.ts';
import { ParseError } from '../../../media/errors/parse-error.ts';
import { h264NalType, H264NalType, isH264Vcl } from '../../../media/h264/nal-unit-type.ts';
import { H265NalType, h265NalType, isH265Vcl } from '../../../media/h265/nal-header.ts';
import { decodeSeiNal, type SeiStamp } from '../../../media/sei/sei-stamp.ts';

/** One picture read from a stream: the camlab stamp it carried, if any, and that SEI NAL unit as it came (header included, no start code). */
export interface ReadFrame {
  stamp: SeiStamp | undefined;
  sei?: { codec: VideoCodec; nal: Buffer };
}

/** An SEI NAL unit larger than this is not a camlab stamp: it is skipped, not kept. */
export const maxSeiBytes = 64 * 1024;
/** Bytes of a NAL unit's start that say what it is (H.265 slice: 2 header bytes + the first-slice flag). */
const headBytes = 3;
const START_CODE = Buffer.from([0, 0, 1]);

/**
 * Reads an Annex-B byte stream as it arrives (chunks cut anywhere) and reports each picture with
 * the camlab SEI stamp that preceded it. A picture starts at its first slice (H.264
 * first_mb_in_slice 0, H.265 first_slice_segment_in_pic_flag), so pictures are counted whether or
 * not they carry a stamp. Only SEI NAL units are kept whole; of every other NAL unit the reader
 * looks at its first bytes, so a full-rate stream costs a native scan for start codes per chunk.
 */
export class AnnexBFrameReader {
  /** The last two bytes seen, not yet given to a NAL unit: a start code may continue in the next chunk. */
  private carry = Buffer.alloc(0);
  /** The bytes kept of the current NAL unit (its head; all of it for an SEI), or undefined before the first start code. */
  private parts: Buffer[] | undefined;
  private kept = 0;
  private keepAll = false;
  private decided = false;
  private stamp: SeiStamp | undefined;
  private seiNal: Buffer | undefined;
  /** The digest of the current picture's slice bytes, while its slices are read. */
  private picture: Hash | undefined;
  /** Whether the current NAL unit is a slice (its bytes go into the picture's digest). */
  private inSlice = false;

  /**
   * `onPicture`, when given, gets each picture's digest (SHA-1 of its slice NAL units) once the
   * next picture starts: two pictures with the same digest are the same picture, as a hub that
   * compares images would find.
   */
  constructor(
    private readonly codec: VideoCodec,
    private readonly onFrame: (frame: ReadFrame) => void,
    private readonly onPicture?: (digest: string) => void,
  ) {}

  push(chunk: Buffer): void {
    const data = this.carry.length === 0 ? chunk : Buffer.concat([this.carry, chunk]);
    let from = 0;
    for (;;) {
      const at = data.indexOf(START_CODE, from);
      if (at < 0) break;
      this.append(data.subarray(from, at));
      this.endNal();
      this.parts = [];
      this.kept = 0;
      this.keepAll = false;
      this.decided = false;
      this.inSlice = false;
      from = at + 3;
    }
    const keepFrom = Math.max(from, data.length - 2);
    this.append(data.subarray(from, keepFrom));
    this.carry = Buffer.from(data.subarray(keepFrom));
  }

  private append(bytes: Buffer): void {
    if (this.parts === undefined || bytes.length === 0) return;
    if (this.decided && !this.keepAll) {
      if (this.inSlice) this.picture?.update(bytes);
      return;
    }
    const take = this.keepAll ? bytes : bytes.subarray(0, Math.max(0, headBytes - this.kept));
    if (take.length > 0) {
      this.parts.push(take);
      this.kept += take.length;
    }
    if (this.keepAll && this.kept > maxSeiBytes) {
      // Not a stamp: stop keeping it.
      this.keepAll = false;
      this.parts = [];
    }
    if (!this.decided && this.kept >= headBytes) {
      this.decide();
      // An SEI keeps the rest of these bytes too; a slice's go into the picture's digest.
      if ((this.keepAll || this.inSlice) && take.length < bytes.length) this.append(bytes.subarray(take.length));
    }
  }

  /** Once the head is known: a first slice is a new picture; an SEI is kept whole; the rest is ignored. */
  private decide(): void {
    this.decided = true;
    const head = Buffer.concat(this.parts!);
    if (this.codec === 'h264') {
      const type = h264NalType(head);
      if (isH264Vcl(type)) return this.slice((head[1]! & 0x80) !== 0);
      this.keepAll = type === H264NalType.sei;
    } else {
      const type = h265NalType(head);
      if (isH265Vcl(type)) return this.slice((head[2]! & 0x80) !== 0);
      this.keepAll = type === H265NalType.prefixSei;
    }
  }

  private endNal(): void {
    if (this.parts === undefined || !this.keepAll) return;
    let nal = Buffer.concat(this.parts);
    // A 4-byte start code leaves its leading zero on the end of the NAL unit before it.
    let end = nal.length;
    while (end > 0 && nal[end - 1] === 0) end--;
    nal = nal.subarray(0, end);
    try {
      const stamp = decodeSeiNal(this.codec, nal);
      if (stamp !== undefined) {
        this.stamp = stamp;
        this.seiNal = nal;
      }
    } catch (err) {
      // A malformed SEI is not a camlab stamp; the picture still counts.
      if (!(err instanceof ParseError)) throw err;
    }
  }

  private slice(firstOfPicture: boolean): void {
    if (this.onPicture !== undefined) {
      if (firstOfPicture) {
        if (this.picture !== undefined) this.onPicture(this.picture.digest('hex'));
        this.picture = createHash('sha1');
      }
      this.inSlice = true;
      this.picture?.update(Buffer.concat(this.parts!));
    }
    if (!firstOfPicture) return;
    const stamp = this.stamp;
    const nal = this.seiNal;
    this.stamp = undefined;
    this.seiNal = undefined;
    this.onFrame(nal === undefined ? { stamp } : { stamp, sei: { codec: this.codec, nal } });
  }
}
