/** A process's memory as the fleet bench reports it, in bytes. */
export interface SettledMemory {
  rss: number;
  /** V8's heap plus what lives outside it (`external`, Buffers included once). */
  heap: number;
  /** ArrayBuffers and Buffers alone: part of `heap`, shown apart. */
  arrayBuffers: number;
}

/**
 * Memory after two full collections when `gc` is given (node --expose-gc). Node's `external`
 * already includes `arrayBuffers`, so adding both counted every Buffer twice.
 */
export function settledMemory(gc: (() => void) | undefined): SettledMemory {
  gc?.();
  gc?.();
  const m = process.memoryUsage();
  return { rss: m.rss, heap: m.heapUsed + m.external, arrayBuffers: m.arrayBuffers };
}
