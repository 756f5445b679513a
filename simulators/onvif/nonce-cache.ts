/**
 * Remembers UsernameToken nonces seen within the freshness window so a replayed request is
 * refused. Bounded: past maxEntries the oldest are forgotten (a replay that old is already
 * stale by its Created time once the window is shorter than the cache's reach).
 */
export class NonceCache {
  private readonly seen = new Map<string, number>();

  constructor(
    readonly windowMs: number,
    readonly maxEntries = 50_000,
  ) {}

  /** True the first time a key is seen within the window; false for a replay. */
  admit(key: string, nowMs: number): boolean {
    const at = this.seen.get(key);
    if (at !== undefined && nowMs - at <= this.windowMs) return false;
    if (at !== undefined) this.seen.delete(key);
    this.seen.set(key, nowMs);
    if (this.seen.size > this.maxEntries) this.evict(nowMs);
    return true;
  }

  private evict(nowMs: number): void {
    for (const [key, at] of this.seen) {
      if (this.seen.size <= this.maxEntries && nowMs - at <= this.windowMs) break;
      this.seen.delete(key);
    }
  }

  get size(): number {
    return this.seen.size;
  }
}
