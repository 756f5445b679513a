import { describe, expect, it } from 'vitest';
import { rtpStart } from './rtp-start.ts';

const half = () => 0.5;

describe('rtpStart', () => {
  const cases = [
    {
      name: 'random by default',
      quirks: { rtpFromBoot: false, rtpWrapAfterMs: undefined },
      now: 900_000,
      boot: 0,
      want: { timestampOffset: 0x8000_0000, sequence: 0x8000 },
    },
    {
      name: 'from boot: time since boot, sequence 0',
      quirks: { rtpFromBoot: true, rtpWrapAfterMs: undefined },
      now: 900_000,
      boot: 450_000,
      want: { timestampOffset: (2 ** 32 - 450_000) >>> 0, sequence: 0 },
    },
    {
      name: 'wrap: 2^32 reached 10 s after now',
      quirks: { rtpFromBoot: false, rtpWrapAfterMs: 10_000 },
      now: 900_000,
      boot: 0,
      want: { timestampOffset: (2 ** 32 - 900_000 - 900_000) >>> 0, sequence: 0x8000 },
    },
  ];
  it.each(cases)('$name', ({ quirks, now, boot, want }) => {
    expect(rtpStart(quirks, now, boot, half)).toEqual(want);
  });

  it('from boot: RTP time at the stream time of boot is 0', () => {
    const { timestampOffset } = rtpStart({ rtpFromBoot: true, rtpWrapAfterMs: undefined }, 5_000_000, 4_321_000, half);
    expect((timestampOffset + 4_321_000) >>> 0).toBe(0);
  });

  it('wrap: the timestamp passes 2^32 exactly wrapAfterMs later', () => {
    const now = 123_456_789;
    const { timestampOffset } = rtpStart({ rtpFromBoot: false, rtpWrapAfterMs: 3_000 }, now, 0, half);
    expect((timestampOffset + now + 3_000 * 90 - 1) >>> 0).toBe(0xffff_ffff);
    expect((timestampOffset + now + 3_000 * 90) >>> 0).toBe(0);
  });
});
