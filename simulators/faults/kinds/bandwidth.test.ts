import { describe, expect, it } from 'vitest';
import { FRAME_DROP } from '../fault.ts';
import { TokenBucketLink } from './bandwidth.ts';

/** Offers `offeredKbps` in 25 fps frames for `seconds` and returns the rate that got through. */
function pass(link: TokenBucketLink, transport: 'tcp' | 'udp', offeredKbps: number, seconds: number): number {
  const frameBytes = Math.round((offeredKbps * 1000) / 8 / 25);
  let bytes = 0;
  for (let i = 0; i < seconds * 25; i++) {
    const nowMs = i * 40;
    if (link.onFrame('s', frameBytes, transport, nowMs) !== FRAME_DROP) bytes += frameBytes;
  }
  return (bytes * 8) / 1000 / seconds;
}

describe('TokenBucketLink', () => {
  const cases = [
    { transport: 'tcp' as const, capKbps: 1000, offeredKbps: 4000 },
    { transport: 'udp' as const, capKbps: 1000, offeredKbps: 4000 },
    { transport: 'tcp' as const, capKbps: 256, offeredKbps: 512 },
  ];
  for (const c of cases) {
    it(`${c.transport}: ${c.offeredKbps} kbit/s offered through a ${c.capKbps} kbit/s cap passes within 10% of the cap`, () => {
      const got = pass(new TokenBucketLink(c.capKbps, 100, 2_000), c.transport, c.offeredKbps, 60);
      expect(got).toBeGreaterThan(c.capKbps * 0.9);
      expect(got).toBeLessThan(c.capKbps * 1.1);
    });
  }

  it('under the cap nothing waits and nothing drops', () => {
    const link = new TokenBucketLink(8000, 100, 2_000);
    for (let i = 0; i < 250; i++) expect(link.onFrame('s', 10_000, 'tcp', i * 40)).toBe(0);
    expect(link.framesDroppedTotal).toBe(0);
  });

  it('TCP frames wait for the link (increasing delay) before any drop', () => {
    const link = new TokenBucketLink(1000, 0, 2_000);
    const verdicts = Array.from({ length: 10 }, (_, i) => link.onFrame('s', 20_000, 'tcp', i * 40));
    expect(verdicts[0]).toBe(0);
    for (let i = 1; i < verdicts.length; i++) expect(verdicts[i]!).toBeGreaterThan(verdicts[i - 1]!);
    expect(link.framesDroppedTotal).toBe(0);
  });
});
