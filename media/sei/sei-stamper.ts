import type { VideoCodec } from '../clip/packetized-clip.ts';
import type { SeiStamp } from './sei-stamp.ts';
import { writeUnescapedSeiNal } from './sei-stamp.ts';

/** One layout of a camera's stamp (with or without a PTZ position): the fields change per frame, nothing else. */
interface StampTemplate {
  /** The unescaped NAL unit; each stamp overwrites its fields. */
  unescaped: Buffer;
  fields: DataView;
  frameOffset: number;
  /** The escaped NAL unit: the bytes before the frame counter are escaped once, the rest per stamp. */
  escaped: Buffer;
  /** Where the frame counter's escaped bytes start in `escaped`, and the zero run before it. */
  escapedFrameOffset: number;
  zerosBeforeFrame: number;
  /** One view of `escaped` per length seen (escaping varies the length), so a stamp allocates nothing. */
  views: (Buffer | undefined)[];
}

/**
 * A camera's SEI stamp, frame after frame: the same bytes encodeSeiNal builds for
 * `{ cameraId, frame, sendTimeMs, ptz }`, from a template laid out once. Per frame it writes the
 * counter, the send time and the PTZ position and escapes only the bytes from the counter on.
 * The returned buffer is reused: it is valid until the next stamp() (copy it to keep it).
 */
export class SeiStamper {
  private readonly plain: StampTemplate;
  private withPtz: StampTemplate | undefined;

  /** Throws RangeError for an id longer than the stamp holds, as encodeSeiNal does. */
  constructor(
    readonly codec: VideoCodec,
    readonly cameraId: string,
  ) {
    this.plain = this.template(false);
  }

  stamp(frame: number, sendTimeMs: number, ptz?: SeiStamp['ptz']): Buffer {
    if (!Number.isInteger(frame) || frame < 0 || frame > 0xffffffff) {
      throw new RangeError(`SEI frame counter ${frame} is not an unsigned 32-bit integer`);
    }
    const t = ptz === undefined ? this.plain : (this.withPtz ??= this.template(true));
    const fields = t.fields;
    const at = t.frameOffset;
    fields.setUint32(at, frame);
    fields.setFloat64(at + 4, sendTimeMs);
    if (ptz !== undefined) {
      fields.setFloat64(at + 12, ptz.pan);
      fields.setFloat64(at + 20, ptz.tilt);
      fields.setFloat64(at + 28, ptz.zoom);
    }
    // Emulation prevention as addEmulationPrevention does it, resumed at the counter.
    const src = t.unescaped;
    const out = t.escaped;
    let w = t.escapedFrameOffset;
    let zeros = t.zerosBeforeFrame;
    for (let i = at; i < src.length; i++) {
      const b = src[i]!;
      if (zeros >= 2 && b <= 3) {
        out[w++] = 3;
        zeros = 0;
      }
      out[w++] = b;
      zeros = b === 0 ? zeros + 1 : 0;
    }
    if (zeros >= 2) out[w++] = 3;
    return (t.views[w] ??= out.subarray(0, w));
  }

  private template(hasPtz: boolean): StampTemplate {
    const laid = writeUnescapedSeiNal(this.codec, {
      cameraId: this.cameraId,
      frame: 0,
      sendTimeMs: 0,
      ptz: hasPtz ? { pan: 0, tilt: 0, zoom: 0 } : undefined,
    });
    const unescaped = Buffer.from(laid.nal);
    // Worst case: an emulation prevention byte after every two bytes, plus a trailing one.
    const escaped = Buffer.alloc(unescaped.length + (unescaped.length >>> 1) + 1);
    unescaped.copy(escaped, 0, 0, laid.headerBytes);
    let w = laid.headerBytes;
    let zeros = 0;
    for (let i = laid.headerBytes; i < laid.frameOffset; i++) {
      const b = unescaped[i]!;
      if (zeros >= 2 && b <= 3) {
        escaped[w++] = 3;
        zeros = 0;
      }
      escaped[w++] = b;
      zeros = b === 0 ? zeros + 1 : 0;
    }
    return {
      unescaped,
      fields: new DataView(unescaped.buffer, unescaped.byteOffset, unescaped.length),
      frameOffset: laid.frameOffset,
      escaped,
      escapedFrameOffset: w,
      zerosBeforeFrame: zeros,
      views: [],
    };
  }
}
