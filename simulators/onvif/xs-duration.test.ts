import { describe, expect, it } from 'vitest';
import { formatXsDurationMs, parseXsDurationMs } from './xs-duration.ts';

describe('xs:duration', () => {
  const cases: Array<[string, number | undefined]> = [
    ['PT1M', 60_000],
    ['PT10S', 10_000],
    ['PT0.5S', 500],
    ['PT1H2M3S', 3_723_000],
    ['P1DT1S', 86_401_000],
    ['-PT5S', -5_000],
    ['PT', undefined],
    ['P', undefined],
    ['10', undefined],
    ['PT5', undefined],
  ];
  it.each(cases)('%s → %s', (text, ms) => expect(parseXsDurationMs(text)).toBe(ms));
  it('formats what it parses', () => expect(parseXsDurationMs(formatXsDurationMs(1500))).toBe(1500));
});
