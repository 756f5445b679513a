import { describe, expect, it } from 'vitest';
import { PCMU_SAMPLES_PER_PACKET, pcmuSilence } from './pcmu.ts';

describe('pcmu', () => {
  it('a 20 ms packet holds 160 samples', () => {
    expect(PCMU_SAMPLES_PER_PACKET).toBe(160);
  });

  it('silence is 0xFF bytes (positive zero)', () => {
    const s = pcmuSilence(PCMU_SAMPLES_PER_PACKET);
    expect(s.length).toBe(160);
    expect([...new Set(s)]).toEqual([0xff]);
  });

  it('refuses a count that is not whole', () => {
    expect(() => pcmuSilence(1.5)).toThrow(/whole count/);
  });
});
