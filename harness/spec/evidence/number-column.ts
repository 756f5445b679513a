type Storage = Uint8Array | Uint16Array | Uint32Array | Float64Array;
const widths = [Uint8Array, Uint16Array, Uint32Array, Float64Array] as const;

/** The index in `widths` of the narrowest array that holds `v` exactly. */
function widthOf(v: number): number {
  if (!Number.isInteger(v) || v < 0 || v > 0xffff_ffff || Object.is(v, -0)) return 3;
  return v > 0xffff ? 2 : v > 0xff ? 1 : 0;
}

/**
 * A growable column of numbers in the narrowest typed array that holds them all exactly:
 * counters that stay 0 take a byte each, frame counts four, byte counts eight once past 4 GiB.
 * Read `data[i]` for i below `length`.
 */
export class NumberColumn {
  data: Storage;
  length = 0;
  private width = 0;

  /** `capacity`: the values expected, where known (a spilled log knows each session's), else it grows by doubling. */
  constructor(capacity = 16) {
    this.data = new Uint8Array(Math.max(1, capacity));
  }

  add(v: number): void {
    const width = Math.max(this.width, widthOf(v));
    if (this.length === this.data.length) this.resize(this.length * 2, width);
    else if (width !== this.width) this.resize(this.data.length, width);
    this.data[this.length++] = v;
  }

  private resize(capacity: number, width: number): void {
    const next = new widths[width]!(capacity);
    next.set(this.data.subarray(0, Math.min(capacity, this.length)));
    this.data = next;
    this.width = width;
  }

  /**
   * Releases the spare capacity once no more values come, where it is worth a copy (a column
   * sized from a known count has a slot or two spare at most).
   */
  trim(): void {
    if (this.data.length - this.length > 1 + (this.length >> 6)) this.resize(this.length, this.width);
  }

  /** Adds `delta` to every value so far (as Float64 from then on). */
  shift(delta: number): void {
    this.resize(this.data.length, 3);
    for (let i = 0; i < this.length; i++) this.data[i]! += delta;
  }
}
