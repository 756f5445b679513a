import { addEmulationPrevention, removeEmulationPrevention } from '../bits/emulation-prevention.ts';
import type { VideoCodec } from '../clip/packetized-clip.ts';
import { ParseError } from '../errors/parse-error.ts';
import { splitAnnexB } from '../h264/annexb.ts';
import { H264NalType, h264NalType } from '../h264/nal-unit-type.ts';
import { H265NalType, h265NalType } from '../h265/nal-header.ts';

/** What a camera stamps into every access unit so a frame seen anywhere can be traced back. */
export interface SeiStamp {
  cameraId: string;
  /** Frame counter of the camera's stream (unsigned 32-bit). */
  frame: number;
  /** When the camera sent the frame, ms on the simulator's clock. */
  sendTimeMs: number;
  ptz?: { pan: number; tilt: number; zoom: number };
  /**
   * Set on frames a recorder replays: sendTimeMs is then the instant the camera captured the
   * frame, not the instant it was sent. Absent on live frames (decoders written before the flag
   * existed ignore unknown flag bits, so the wire format stays version 1).
   */
  replayed?: true;
}

/** user_data_unregistered (H.264 D.1.7, H.265 D.2.7) with this UUID is camlab's. */
export const CAMLAB_SEI_UUID = Buffer.from('395a55166bff496f9eea31277076f5f5', 'hex');
const SEI_USER_DATA_UNREGISTERED = 5;
const STAMP_VERSION = 1;
const FLAG_PTZ = 1;
const FLAG_REPLAYED = 2;
/** The id length is one byte on the wire. */
export const MAX_CAMERA_ID_BYTES = 255;
const RBSP_STOP_BYTE = 0x80;

// version, flags, frame u32, sendTimeMs f64, [pan, tilt, zoom f64], id length, id
const FIXED_BODY_BYTES = 1 + 1 + 4 + 8;
const PTZ_BYTES = 3 * 8;
/** Scratch for building the RBSP: encodeSeiNal is synchronous, so one buffer serves every call. */
const scratch = Buffer.alloc(3 + 1 + 2 + 16 + FIXED_BODY_BYTES + PTZ_BYTES + 1 + MAX_CAMERA_ID_BYTES + 1);

/**
 * Builds the SEI NAL unit (header included, no start code) that carries `stamp`. Runs once per
 * frame per camera: one scratch write, one escape pass, one allocation. (A camera's live stream
 * uses SeiStamper, which writes the same bytes without the allocation.)
 */
export function encodeSeiNal(codec: VideoCodec, stamp: SeiStamp): Buffer {
  const { nal: unescaped, headerBytes } = writeUnescapedSeiNal(codec, stamp);
  const escaped = addEmulationPrevention(unescaped.subarray(headerBytes));
  const nal = Buffer.allocUnsafe(headerBytes + escaped.length);
  unescaped.copy(nal, 0, 0, headerBytes);
  escaped.copy(nal, headerBytes);
  return nal;
}

/** A stamp's NAL unit before emulation prevention, and where its fields lie in it. */
export interface UnescapedSeiNal {
  /** NAL header, SEI message and stop byte: a view of a shared scratch, valid until the next call. */
  nal: Buffer;
  headerBytes: number;
  /** Offset of the frame counter (u32 BE); the send time (f64 BE) follows it, then the PTZ position if flagged. */
  frameOffset: number;
}

/** Lays out `stamp`'s SEI NAL unit without emulation prevention (encodeSeiNal escapes it; SeiStamper keeps it as a template). */
export function writeUnescapedSeiNal(codec: VideoCodec, stamp: SeiStamp): UnescapedSeiNal {
  if (!Number.isInteger(stamp.frame) || stamp.frame < 0 || stamp.frame > 0xffffffff) {
    throw new RangeError(`SEI frame counter ${stamp.frame} is not an unsigned 32-bit integer`);
  }
  const headerBytes = codec === 'h264' ? 1 : 2;
  if (codec === 'h264') {
    scratch[0] = H264NalType.sei;
  } else {
    scratch[0] = H265NalType.prefixSei << 1;
    scratch[1] = 1; // nuh_layer_id 0, nuh_temporal_id_plus1 1
  }
  let offset = headerBytes;
  scratch[offset++] = SEI_USER_DATA_UNREGISTERED;
  const sizeOffset = offset;
  offset += 2; // payloadSize, one or two bytes (written below)
  const bodyStart = offset;
  CAMLAB_SEI_UUID.copy(scratch, offset);
  offset += 16;
  scratch[offset++] = STAMP_VERSION;
  scratch[offset++] = (stamp.ptz === undefined ? 0 : FLAG_PTZ) | (stamp.replayed === true ? FLAG_REPLAYED : 0);
  const frameOffset = offset;
  scratch.writeUInt32BE(stamp.frame, offset);
  scratch.writeDoubleBE(stamp.sendTimeMs, offset + 4);
  offset += 12;
  if (stamp.ptz !== undefined) {
    scratch.writeDoubleBE(stamp.ptz.pan, offset);
    scratch.writeDoubleBE(stamp.ptz.tilt, offset + 8);
    scratch.writeDoubleBE(stamp.ptz.zoom, offset + 16);
    offset += PTZ_BYTES;
  }
  const idBytes = scratch.write(stamp.cameraId, offset + 1, MAX_CAMERA_ID_BYTES, 'utf8');
  if (idBytes !== Buffer.byteLength(stamp.cameraId, 'utf8')) {
    throw new RangeError(`camera id '${stamp.cameraId}' exceeds ${MAX_CAMERA_ID_BYTES} bytes`);
  }
  scratch[offset] = idBytes;
  offset += 1 + idBytes;
  const payloadSize = offset - bodyStart;
  let rbspStart = 0;
  if (payloadSize < 255) {
    // One size byte: move the header one byte right instead of shifting the body left.
    scratch[sizeOffset + 1] = payloadSize;
    scratch.copyWithin(1, 0, sizeOffset);
    rbspStart = 1;
  } else {
    scratch[sizeOffset] = 255;
    scratch[sizeOffset + 1] = payloadSize - 255;
  }
  scratch[offset++] = RBSP_STOP_BYTE;
  return { nal: scratch.subarray(rbspStart, offset), headerBytes, frameOffset: frameOffset - rbspStart };
}

/**
 * Reads camlab's stamp from an SEI NAL unit. Returns undefined for NAL units that are not SEIs
 * or SEIs without camlab's UUID; throws ParseError for a malformed SEI message structure.
 */
export function decodeSeiNal(codec: VideoCodec, nal: Buffer): SeiStamp | undefined {
  const headerBytes = codec === 'h264' ? 1 : 2;
  if (nal.length <= headerBytes) {
    return undefined;
  }
  if (codec === 'h264' ? h264NalType(nal) !== H264NalType.sei : !isH265Sei(h265NalType(nal))) {
    return undefined;
  }
  const rbsp = removeEmulationPrevention(nal.subarray(headerBytes));
  let offset = 0;
  while (offset < rbsp.length && !(offset === rbsp.length - 1 && rbsp[offset] === RBSP_STOP_BYTE)) {
    let payloadType = 0;
    let payloadSize = 0;
    [payloadType, offset] = readFfCoded(rbsp, offset);
    [payloadSize, offset] = readFfCoded(rbsp, offset);
    if (offset + payloadSize > rbsp.length) {
      throw new ParseError(`SEI payload of ${payloadSize} bytes overruns the NAL unit`, offset);
    }
    if (
      payloadType === SEI_USER_DATA_UNREGISTERED &&
      payloadSize >= 16 &&
      rbsp.subarray(offset, offset + 16).equals(CAMLAB_SEI_UUID)
    ) {
      return decodeBody(rbsp.subarray(offset + 16, offset + payloadSize));
    }
    offset += payloadSize;
  }
  return undefined;
}

/** Every camlab stamp in an Annex-B stream (e.g. a file ffmpeg recorded), in stream order. */
export function findSeiStamps(codec: VideoCodec, annexB: Buffer): SeiStamp[] {
  const stamps: SeiStamp[] = [];
  for (const nal of splitAnnexB(annexB)) {
    try {
      const stamp = decodeSeiNal(codec, nal);
      if (stamp !== undefined) {
        stamps.push(stamp);
      }
    } catch (err) {
      // A foreign encoder's malformed SEI must not hide the stamps around it.
      if (!(err instanceof ParseError)) {
        throw err;
      }
    }
  }
  return stamps;
}

function isH265Sei(type: number): boolean {
  return type === H265NalType.prefixSei || type === H265NalType.suffixSei;
}

/** payloadType / payloadSize coding: a run of 0xFF bytes, each adding 255, then the rest (H.264 §7.3.2.3.1). */
function readFfCoded(data: Buffer, start: number): [number, number] {
  let value = 0;
  let offset = start;
  for (;;) {
    if (offset >= data.length) {
      throw new ParseError('SEI message header ends early', offset);
    }
    const b = data[offset++] as number;
    value += b;
    if (b !== 0xff) {
      return [value, offset];
    }
  }
}

function decodeBody(body: Buffer): SeiStamp {
  if (body.length < FIXED_BODY_BYTES + 1) {
    throw new ParseError(`camlab SEI body of ${body.length} bytes is too short`, 0);
  }
  const version = body[0] as number;
  if (version !== STAMP_VERSION) {
    throw new ParseError(`camlab SEI version ${version}, expected ${STAMP_VERSION}`, 0);
  }
  const flags = body[1] as number;
  const frame = body.readUInt32BE(2);
  const sendTimeMs = body.readDoubleBE(6);
  let offset = FIXED_BODY_BYTES;
  let ptz: SeiStamp['ptz'];
  if ((flags & FLAG_PTZ) !== 0) {
    if (body.length < offset + PTZ_BYTES + 1) {
      throw new ParseError('camlab SEI too short for its PTZ position', offset);
    }
    ptz = { pan: body.readDoubleBE(offset), tilt: body.readDoubleBE(offset + 8), zoom: body.readDoubleBE(offset + 16) };
    offset += PTZ_BYTES;
  }
  const idBytes = body[offset] as number;
  offset++;
  if (offset + idBytes > body.length) {
    throw new ParseError(`camera id of ${idBytes} bytes overruns the SEI`, offset);
  }
  const cameraId = body.toString('utf8', offset, offset + idBytes);
  const stamp: SeiStamp = ptz === undefined ? { cameraId, frame, sendTimeMs } : { cameraId, frame, sendTimeMs, ptz };
  if ((flags & FLAG_REPLAYED) !== 0) stamp.replayed = true;
  return stamp;
}
