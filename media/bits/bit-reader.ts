import { ParseError } from '../errors/parse-error.ts';

/** Exp-Golomb codes longer than this cannot describe any field of an H.264/H.265 header. */
const MAX_EXP_GOLOMB_LEADING_ZEROS = 31;

/**
 * Reads bits MSB-first from an RBSP (emulation prevention already removed), as H.264 §7.2 and
 * H.265 §7.2 describe. Reading past the end throws ParseError.
 */
export class BitReader {
  private bitOffset = 0;

  constructor(private readonly data: Uint8Array) {}

  get bitsLeft(): number {
    return this.data.length * 8 - this.bitOffset;
  }

  readBit(): number {
    if (this.bitOffset >= this.data.length * 8) {
      throw new ParseError('bitstream ended early', this.data.length);
    }
    const byte = this.data[this.bitOffset >>> 3] as number;
    const bit = (byte >>> (7 - (this.bitOffset & 7))) & 1;
    this.bitOffset++;
    return bit;
  }

  /** Reads up to 32 bits as an unsigned number. */
  readBits(count: number): number {
    if (count > this.bitsLeft) {
      throw new ParseError(`needed ${count} bits, ${this.bitsLeft} left`, this.data.length);
    }
    let value = 0;
    for (let i = 0; i < count; i++) {
      value = value * 2 + this.readBit();
    }
    return value;
  }

  skipBits(count: number): void {
    if (count > this.bitsLeft) {
      throw new ParseError(`needed ${count} bits, ${this.bitsLeft} left`, this.data.length);
    }
    this.bitOffset += count;
  }

  readFlag(): boolean {
    return this.readBit() === 1;
  }

  /** ue(v), H.264 §9.1. */
  readUE(): number {
    let leadingZeros = 0;
    while (this.readBit() === 0) {
      leadingZeros++;
      if (leadingZeros > MAX_EXP_GOLOMB_LEADING_ZEROS) {
        throw new ParseError('Exp-Golomb code too long', this.bitOffset >>> 3);
      }
    }
    return 2 ** leadingZeros - 1 + this.readBits(leadingZeros);
  }

  /** se(v), H.264 §9.1.1. */
  readSE(): number {
    const k = this.readUE();
    return k % 2 === 1 ? (k + 1) / 2 : 0 - k / 2; // 0 - x, not -x: se(v) 0 is +0
  }
}
