import { describe, expect, it } from 'vitest';
import { settledMemory } from './settled-memory.ts';

const MiB = 1024 * 1024;

describe('settledMemory', () => {
  it('counts a Buffer once in the heap, and shows it among the ArrayBuffers', () => {
    const before = settledMemory(undefined);
    const held = Buffer.alloc(64 * MiB, 1);
    const after = settledMemory(undefined);
    const heapMiB = (after.heap - before.heap) / MiB;
    const arrayBuffersMiB = (after.arrayBuffers - before.arrayBuffers) / MiB;
    // 64 MiB allocated outside V8's heap: about 64 in both, never 128 in the heap.
    expect(heapMiB).toBeGreaterThan(60);
    expect(heapMiB).toBeLessThan(80);
    expect(arrayBuffersMiB).toBeGreaterThan(60);
    expect(arrayBuffersMiB).toBeLessThan(80);
    expect(held.length).toBe(64 * MiB);
  });
});
