/**
 * An IPv4 address block in CIDR form (127.21.0.0/24). Cameras take host addresses from it in
 * order; the network and broadcast addresses are skipped as a real subnet would.
 */
export class AddressBlock {
  readonly base: number;
  readonly prefix: number;

  private constructor(base: number, prefix: number) {
    this.base = base;
    this.prefix = prefix;
  }

  /** Parses 'a.b.c.d/n'; returns an error message instead of throwing so schemas can report it. */
  static parse(text: string): AddressBlock | string {
    const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(text);
    if (m === null) return `expected an IPv4 block like 127.21.0.0/24, got '${text}'`;
    const octets = m.slice(1, 5).map(Number);
    const prefix = Number(m[5]);
    if (octets.some((o) => o > 255)) return `octets must be 0..255 in '${text}'`;
    if (prefix < 8 || prefix > 30) return `prefix must be /8../30, got /${prefix}`;
    const value = ((octets[0]! << 24) >>> 0) + (octets[1]! << 16) + (octets[2]! << 8) + octets[3]!;
    const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
    if ((value & mask) >>> 0 !== value)
      return `'${text}' has host bits set; the block starts at ${formatIpv4((value & mask) >>> 0)}/${prefix}`;
    return new AddressBlock(value, prefix);
  }

  static of(text: string): AddressBlock {
    const b = AddressBlock.parse(text);
    if (typeof b === 'string') throw new RangeError(b);
    return b;
  }

  /** Usable host addresses (network and broadcast excluded). */
  get hostCount(): number {
    return 2 ** (32 - this.prefix) - 2;
  }

  /** The i-th host address (0-based), e.g. host(0) of 127.21.0.0/24 is 127.21.0.1. */
  host(i: number): string {
    if (!Number.isInteger(i) || i < 0 || i >= this.hostCount)
      throw new RangeError(`host ${i} outside ${this.toString()} (${this.hostCount} hosts)`);
    return formatIpv4(this.base + 1 + i);
  }

  /** The n-th sub-block of the given prefix inside this one (sites carved out of a fleet block). */
  subBlock(n: number, prefix: number): AddressBlock {
    if (prefix < this.prefix) throw new RangeError(`/${prefix} is larger than ${this.toString()}`);
    const count = 2 ** (prefix - this.prefix);
    if (n < 0 || n >= count) throw new RangeError(`${this.toString()} holds only ${count} /${prefix} blocks`);
    return new AddressBlock(this.base + n * 2 ** (32 - prefix), prefix);
  }

  contains(address: string): boolean {
    const v = parseIpv4(address);
    if (v === undefined) return false;
    const mask = (0xffffffff << (32 - this.prefix)) >>> 0;
    return (v & mask) >>> 0 === this.base;
  }

  toString(): string {
    return `${formatIpv4(this.base)}/${this.prefix}`;
  }
}

export function formatIpv4(value: number): string {
  return `${(value >>> 24) & 255}.${(value >>> 16) & 255}.${(value >>> 8) & 255}.${value & 255}`;
}

export function parseIpv4(text: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (m === null) return undefined;
  const o = m.slice(1, 5).map(Number);
  if (o.some((x) => x > 255)) return undefined;
  return ((o[0]! << 24) >>> 0) + (o[1]! << 16) + (o[2]! << 8) + o[3]!;
}
