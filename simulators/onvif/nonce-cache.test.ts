import { describe, expect, it } from 'vitest';
import { NonceCache } from './nonce-cache.ts';

describe('NonceCache', () => {
  it('refuses a replay within the window and forgets beyond its bound', () => {
    const cache = new NonceCache(1000, 3);
    expect(cache.admit('a', 0)).toBe(true);
    expect(cache.admit('a', 500)).toBe(false);
    expect(cache.admit('a', 1600)).toBe(true);
    for (const k of ['b', 'c', 'd', 'e']) cache.admit(k, 1700);
    expect(cache.size).toBeLessThanOrEqual(3);
  });
});
