import type { VideoCodec } from '../clip/packetized-clip.ts';
import { ParseError } from '../errors/parse-error.ts';

/** A video tag's content, as a hub's HTTP-FLV or RTMP egress carries it. */
export type FlvVideoTag =
  | {
      kind: 'sequence-header';
      codec: VideoCodec;
      timestampMs: number;
      /** SPS/PPS (H.264) or VPS/SPS/PPS (H.265) from the decoder configuration record. */
      parameterSets: Buffer[];
      /** Size of the length prefix of each NAL unit in later tags (1, 2 or 4). */
      nalLengthBytes: number;
    }
  | {
      kind: 'nal-units';
      codec: VideoCodec;
      /** Decode time. */
      timestampMs: number;
      /** Presentation time minus decode time. */
      compositionTimeMs: number;
      keyframe: boolean;
      /** NAL units without length prefix; views into the fed chunks. */
      nals: Buffer[];
    };

const FLV_HEADER_BYTES = 9;
const TAG_HEADER_BYTES = 11;
const PREVIOUS_TAG_SIZE_BYTES = 4;
const TAG_TYPE_VIDEO = 9;
/** FLV video codec ids: 7 AVC (FLV spec E.4.3.1); 12 is the pre-standard HEVC id node-media-server and SRS use. */
const CODEC_AVC = 7;
const CODEC_HEVC_LEGACY = 12;
/** Enhanced RTMP (veovera) ExVideoTagHeader packet types. */
const ExPacketType = { sequenceStart: 0, codedFrames: 1, codedFramesX: 3 } as const;
const FOURCC_AVC = 0x61766331; // 'avc1'
const FOURCC_HEVC = 0x68766331; // 'hvc1'
/** The FLV header's DataOffset is 9 for every version-1 file; anything far larger is not FLV. */
const MAX_FLV_HEADER_BYTES = 1024;

/**
 * An incremental FLV demuxer (Adobe FLV spec v10.1 Annex E, plus Enhanced RTMP and the legacy
 * HEVC codec id 12). Feed it chunks as they arrive; it returns the video tags they complete.
 * Audio and script tags are skipped. Pure: no I/O, no clock. After a ParseError the stream is
 * out of sync and every later push throws it again.
 */
export class FlvDemuxer {
  private pending: Buffer = Buffer.alloc(0);
  /**
   * A tag longer than what has arrived: its chunks are collected here and joined once it is
   * whole, instead of joining the pending bytes with every chunk (a key frame spans many).
   */
  private waiting: Buffer[] = [];
  private waitingBytes = 0;
  private waitingFor = 0;
  private headerDone = false;
  private nalLengthBytes = 4;
  private failure: ParseError | undefined;
  /** Tags that were not video (audio, script data) or carried a codec camlab does not read. */
  tagsSkippedTotal = 0;

  push(chunk: Buffer): FlvVideoTag[] {
    if (this.failure !== undefined) {
      throw this.failure;
    }
    const tags: FlvVideoTag[] = [];
    if (this.waitingFor > 0) {
      this.waiting.push(chunk);
      this.waitingBytes += chunk.length;
      if (this.waitingBytes < this.waitingFor) return tags;
      this.pending = Buffer.concat(this.waiting, this.waitingBytes);
      this.waiting = [];
      this.waitingBytes = 0;
      this.waitingFor = 0;
    } else {
      this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    }
    try {
      let offset = 0;
      if (!this.headerDone) {
        const headerEnd = this.readHeader();
        if (headerEnd < 0) {
          return tags;
        }
        offset = headerEnd;
        this.headerDone = true;
      }
      for (;;) {
        if (this.pending.length - offset < TAG_HEADER_BYTES) {
          break;
        }
        const type = (this.pending[offset] as number) & 0x1f;
        const dataBytes = this.pending.readUIntBE(offset + 1, 3);
        const end = offset + TAG_HEADER_BYTES + dataBytes + PREVIOUS_TAG_SIZE_BYTES;
        if (this.pending.length < end) {
          this.waitingFor = end - offset;
          break;
        }
        if (((this.pending[offset] as number) & 0x20) !== 0) {
          throw new ParseError('encrypted FLV tags are not supported', offset);
        }
        const timestampMs = this.pending.readUIntBE(offset + 4, 3) + (this.pending[offset + 7] as number) * 0x1000000;
        const data = this.pending.subarray(offset + TAG_HEADER_BYTES, offset + TAG_HEADER_BYTES + dataBytes);
        const tag = type === TAG_TYPE_VIDEO ? this.readVideoTag(data, timestampMs) : undefined;
        if (tag === undefined) {
          this.tagsSkippedTotal++;
        } else {
          tags.push(tag);
        }
        offset = end;
      }
      this.pending = this.pending.subarray(offset);
      if (this.waitingFor > 0) {
        this.waiting = [this.pending];
        this.waitingBytes = this.pending.length;
      }
    } catch (err) {
      if (err instanceof ParseError) {
        this.failure = err;
      }
      throw err;
    }
    return tags;
  }

  /** Returns the offset of the first tag, or -1 when more bytes are needed. */
  private readHeader(): number {
    const p = this.pending;
    const signature = Math.min(3, p.length);
    if (!p.subarray(0, signature).equals(Buffer.from('FLV').subarray(0, signature))) {
      throw new ParseError('not an FLV stream (no "FLV" signature)', 0);
    }
    if (p.length < FLV_HEADER_BYTES) {
      return -1;
    }
    if (p[3] !== 1) {
      throw new ParseError(`FLV version ${p[3]}, expected 1`, 3);
    }
    const dataOffset = p.readUInt32BE(5);
    if (dataOffset < FLV_HEADER_BYTES || dataOffset > MAX_FLV_HEADER_BYTES) {
      throw new ParseError(`FLV header size ${dataOffset} outside ${FLV_HEADER_BYTES}..${MAX_FLV_HEADER_BYTES}`, 5);
    }
    const firstTag = dataOffset + PREVIOUS_TAG_SIZE_BYTES;
    return p.length < firstTag ? -1 : firstTag;
  }

  private readVideoTag(data: Buffer, timestampMs: number): FlvVideoTag | undefined {
    if (data.length < 1) {
      throw new ParseError('empty FLV video tag');
    }
    const b0 = data[0] as number;
    const frameType = (b0 >>> 4) & 0x07;
    if ((b0 & 0x80) !== 0) {
      return this.readEnhancedVideoTag(data, timestampMs, frameType);
    }
    const codecId = b0 & 0x0f;
    if (codecId !== CODEC_AVC && codecId !== CODEC_HEVC_LEGACY) {
      return undefined;
    }
    const codec: VideoCodec = codecId === CODEC_AVC ? 'h264' : 'h265';
    if (data.length < 5) {
      throw new ParseError(`FLV ${codec} tag of ${data.length} bytes lacks its packet header`);
    }
    const packetType = data[1] as number;
    const compositionTimeMs = readSi24(data, 2);
    if (packetType === 0) {
      return this.sequenceHeader(codec, timestampMs, data.subarray(5));
    }
    if (packetType === 1) {
      return this.nalUnits(codec, timestampMs, compositionTimeMs, frameType === 1, data.subarray(5));
    }
    return undefined; // 2: end of sequence
  }

  private readEnhancedVideoTag(data: Buffer, timestampMs: number, frameType: number): FlvVideoTag | undefined {
    if (data.length < 5) {
      throw new ParseError(`enhanced FLV video tag of ${data.length} bytes lacks its FourCC`);
    }
    const packetType = (data[0] as number) & 0x0f;
    const fourCc = data.readUInt32BE(1);
    if (fourCc !== FOURCC_AVC && fourCc !== FOURCC_HEVC) {
      return undefined;
    }
    const codec: VideoCodec = fourCc === FOURCC_AVC ? 'h264' : 'h265';
    if (packetType === ExPacketType.sequenceStart) {
      return this.sequenceHeader(codec, timestampMs, data.subarray(5));
    }
    if (packetType === ExPacketType.codedFrames) {
      if (data.length < 8) {
        throw new ParseError('enhanced FLV coded frames lack a composition time');
      }
      return this.nalUnits(codec, timestampMs, readSi24(data, 5), frameType === 1, data.subarray(8));
    }
    if (packetType === ExPacketType.codedFramesX) {
      return this.nalUnits(codec, timestampMs, 0, frameType === 1, data.subarray(5));
    }
    return undefined;
  }

  private sequenceHeader(codec: VideoCodec, timestampMs: number, record: Buffer): FlvVideoTag {
    const { parameterSets, nalLengthBytes } = codec === 'h264' ? readAvcConfig(record) : readHevcConfig(record);
    this.nalLengthBytes = nalLengthBytes;
    return { kind: 'sequence-header', codec, timestampMs, parameterSets, nalLengthBytes };
  }

  private nalUnits(
    codec: VideoCodec,
    timestampMs: number,
    compositionTimeMs: number,
    keyframe: boolean,
    body: Buffer,
  ): FlvVideoTag {
    const nals: Buffer[] = [];
    const size = this.nalLengthBytes;
    let offset = 0;
    while (offset < body.length) {
      if (offset + size > body.length) {
        throw new ParseError('NAL unit length prefix overruns the FLV tag', offset);
      }
      const length = body.readUIntBE(offset, size);
      offset += size;
      if (offset + length > body.length) {
        throw new ParseError(`NAL unit of ${length} bytes overruns the FLV tag`, offset);
      }
      if (length > 0) {
        nals.push(body.subarray(offset, offset + length));
      }
      offset += length;
    }
    return { kind: 'nal-units', codec, timestampMs, compositionTimeMs, keyframe, nals };
  }
}

function readSi24(data: Buffer, offset: number): number {
  const value = data.readUIntBE(offset, 3);
  return value & 0x800000 ? value - 0x1000000 : value;
}

/** AVCDecoderConfigurationRecord, ISO/IEC 14496-15 §5.3.3.1. */
function readAvcConfig(record: Buffer): { parameterSets: Buffer[]; nalLengthBytes: number } {
  if (record.length < 7) {
    throw new ParseError(`AVC configuration record of ${record.length} bytes is too short`);
  }
  const nalLengthBytes = ((record[4] as number) & 0x03) + 1;
  if (nalLengthBytes === 3) {
    throw new ParseError('AVC configuration record gives a 3-byte NAL length', 4);
  }
  const parameterSets: Buffer[] = [];
  const offset = readParameterSetList(record, 6, (record[5] as number) & 0x1f, parameterSets);
  if (offset >= record.length) {
    throw new ParseError('AVC configuration record ends before its PPS count', offset);
  }
  readParameterSetList(record, offset + 1, record[offset] as number, parameterSets);
  return { parameterSets, nalLengthBytes };
}

/** HEVCDecoderConfigurationRecord, ISO/IEC 14496-15 §8.3.3.1. */
function readHevcConfig(record: Buffer): { parameterSets: Buffer[]; nalLengthBytes: number } {
  if (record.length < 23) {
    throw new ParseError(`HEVC configuration record of ${record.length} bytes is too short`);
  }
  const nalLengthBytes = ((record[21] as number) & 0x03) + 1;
  if (nalLengthBytes === 3) {
    throw new ParseError('HEVC configuration record gives a 3-byte NAL length', 21);
  }
  const arrays = record[22] as number;
  const parameterSets: Buffer[] = [];
  let offset = 23;
  for (let i = 0; i < arrays; i++) {
    if (offset + 3 > record.length) {
      throw new ParseError('HEVC configuration record ends inside an array header', offset);
    }
    offset = readParameterSetList(record, offset + 3, record.readUInt16BE(offset + 1), parameterSets);
  }
  return { parameterSets, nalLengthBytes };
}

/** Reads `count` (u16 length, NAL unit) pairs starting at `start`; returns the offset after them. */
function readParameterSetList(record: Buffer, start: number, count: number, into: Buffer[]): number {
  let at = start;
  for (let i = 0; i < count; i++) {
    if (at + 2 > record.length) {
      throw new ParseError('configuration record ends inside a parameter set length', at);
    }
    const length = record.readUInt16BE(at);
    at += 2;
    if (at + length > record.length) {
      throw new ParseError(`parameter set of ${length} bytes overruns the configuration record`, at);
    }
    into.push(record.subarray(at, at + length));
    at += length;
  }
  return at;
}
