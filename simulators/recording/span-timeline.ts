import type { RecordedSpan } from './recorded-track.ts';

/**
 * The instants one track kept: closed spans in time order (never overlapping, never touching)
 * and at most one open span that grows with the clock. Only state changes add spans, so a
 * camera that never fails costs one span however long it records.
 */
export class SpanTimeline {
  private readonly closed: RecordedSpan[] = [];
  private openStartMs: number | undefined;
  /** Total length of the closed spans. */
  private closedMs = 0;

  get recording(): boolean {
    return this.openStartMs !== undefined;
  }

  /** Spans held, the open one included: what memory this track costs. */
  get spanCount(): number {
    return this.closed.length + (this.openStartMs === undefined ? 0 : 1);
  }

  /** Starts keeping at atMs; a span that ended at that very instant continues instead. */
  begin(atMs: number): void {
    if (this.openStartMs !== undefined) return;
    const last = this.closed.at(-1);
    if (last !== undefined && last.endMs >= atMs) {
      this.closed.pop();
      this.closedMs -= last.endMs - last.startMs;
      this.openStartMs = last.startMs;
      return;
    }
    this.openStartMs = atMs;
  }

  /** Stops keeping at atMs (an empty span leaves nothing). */
  end(atMs: number): void {
    if (this.openStartMs === undefined) return;
    if (atMs > this.openStartMs) {
      this.closed.push({ startMs: this.openStartMs, endMs: atMs });
      this.closedMs += atMs - this.openStartMs;
    }
    this.openStartMs = undefined;
  }

  /** Forgets everything before floorMs (retention, or the oldest overwritten by newer data). */
  dropBefore(floorMs: number): void {
    let drop = 0;
    while (drop < this.closed.length && this.closed[drop]!.endMs <= floorMs) {
      this.closedMs -= this.closed[drop]!.endMs - this.closed[drop]!.startMs;
      drop++;
    }
    if (drop > 0) this.closed.splice(0, drop);
    const first = this.closed[0];
    if (first !== undefined && first.startMs < floorMs) {
      this.closedMs -= floorMs - first.startMs;
      this.closed[0] = { startMs: floorMs, endMs: first.endMs };
    }
    if (this.openStartMs !== undefined && this.openStartMs < floorMs) this.openStartMs = floorMs;
  }

  /** Milliseconds kept up to nowMs. */
  keptMs(nowMs: number): number {
    return this.closedMs + (this.openStartMs === undefined ? 0 : Math.max(0, nowMs - this.openStartMs));
  }

  /** The spans kept, the open one ending at nowMs, clipped to [fromMs, toMs). */
  spans(fromMs: number, toMs: number, nowMs: number): RecordedSpan[] {
    const out: RecordedSpan[] = [];
    const push = (startMs: number, endMs: number): void => {
      const s = Math.max(startMs, fromMs);
      const e = Math.min(endMs, toMs);
      if (e > s) out.push({ startMs: s, endMs: e });
    };
    for (const span of this.closed) {
      if (span.startMs >= toMs) break;
      push(span.startMs, span.endMs);
    }
    if (this.openStartMs !== undefined) push(this.openStartMs, nowMs);
    return out;
  }

  /** The i-th span kept, oldest first, the open one ending at nowMs; undefined past the last. For the store's overwrite sweep. */
  spanAt(i: number, nowMs: number): RecordedSpan | undefined {
    if (i < this.closed.length) return this.closed[i];
    if (i === this.closed.length && this.openStartMs !== undefined && nowMs > this.openStartMs)
      return { startMs: this.openStartMs, endMs: nowMs };
    return undefined;
  }
}
