import type { VideoCodec } from '../clip/packetized-clip.ts';
import type { SeiStamp } from './sei-stamp.ts';
import { MAX_CAMERA_ID_BYTES, writeUnescapedSeiNal } from './sei-stamp.ts';

/** The longest escaped stamp: the longest unescaped one (PTZ, 255-byte id) with an 03 after every two bytes. */
const MAX_UNESCAPED_BYTES = 2 + 1 + 2 + 16 + 14 + 24 + 1 + MAX_CAMERA_ID_BYTES + 1;
/**
 * Where every camera's stamp is escaped into, and one view of it per length. Shared by all
 * stampers of the process: a fan-out touches this hot memory, not a cold buffer per camera.
 */
const out = Buffer.allocUnsafeSlow(MAX_UNESCAPED_BYTES + (MAX_UNESCAPED_BYTES >>> 1) + 1);
const outViews: (Buffer | undefined)[] = [];
/** A double's bytes, for writing it big-endian with byte stores. */
const f64 = new Float64Array(1);
const f64Bytes = new Uint8Array(f64.buffer);
const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function putDoubleBE(target: Buffer, at: number, value: number): void {
  f64[0] = value;
  if (littleEndian) for (let i = 0; i < 8; i++) target[at + i] = f64Bytes[7 - i]!;
  else for (let i = 0; i < 8; i++) target[at + i] = f64Bytes[i]!;
}

/**
 * A camera's SEI stamp, frame after frame: the same bytes encodeSeiNal builds for
 * `{ cameraId, frame, sendTimeMs, ptz }`, from the camera's unescaped NAL unit laid out once.
 * Per frame it writes the counter, the send time and the PTZ position into it with byte stores
 * and escapes it into a process-wide buffer. The returned buffer is shared: it is valid until
 * the next stamp() of any stamper (copy it to keep it).
 */
export class SeiStamper {
  private readonly plain: Buffer;
  private withPtz: Buffer | undefined;
  private readonly headerBytes: number;
  /** Where the counter lies in a template (the send time follows it, then the PTZ position). */
  private readonly frameOffset: number;

  /** Throws RangeError for an id longer than the stamp holds, as encodeSeiNal does. */
  constructor(
    readonly codec: VideoCodec,
    readonly cameraId: string,
  ) {
    const laid = writeUnescapedSeiNal(codec, { cameraId, frame: 0, sendTimeMs: 0 });
    this.plain = Buffer.from(laid.nal);
    this.headerBytes = laid.headerBytes;
    this.frameOffset = laid.frameOffset;
  }

  stamp(frame: number, sendTimeMs: number, ptz?: SeiStamp['ptz']): Buffer {
    if (!Number.isInteger(frame) || frame < 0 || frame > 0xffffffff) {
      throw new RangeError(`SEI frame counter ${frame} is not an unsigned 32-bit integer`);
    }
    const src = ptz === undefined ? this.plain : (this.withPtz ??= this.ptzTemplate());
    const at = this.frameOffset;
    src[at] = frame >>> 24;
    src[at + 1] = (frame >>> 16) & 0xff;
    src[at + 2] = (frame >>> 8) & 0xff;
    src[at + 3] = frame & 0xff;
    putDoubleBE(src, at + 4, sendTimeMs);
    if (ptz !== undefined) {
      putDoubleBE(src, at + 12, ptz.pan);
      putDoubleBE(src, at + 20, ptz.tilt);
      putDoubleBE(src, at + 28, ptz.zoom);
    }
    // The header as is; the rest with emulation prevention, as addEmulationPrevention does it.
    const headerBytes = this.headerBytes;
    let w = 0;
    for (; w < headerBytes; w++) out[w] = src[w]!;
    let zeros = 0;
    for (let i = headerBytes; i < src.length; i++) {
      const b = src[i]!;
      if (zeros >= 2 && b <= 3) {
        out[w++] = 3;
        zeros = 0;
      }
      out[w++] = b;
      zeros = b === 0 ? zeros + 1 : 0;
    }
    if (zeros >= 2) out[w++] = 3;
    return (outViews[w] ??= out.subarray(0, w));
  }

  private ptzTemplate(): Buffer {
    const laid = writeUnescapedSeiNal(this.codec, {
      cameraId: this.cameraId,
      frame: 0,
      sendTimeMs: 0,
      ptz: { pan: 0, tilt: 0, zoom: 0 },
    });
    return Buffer.from(laid.nal);
  }
}
