import { describe, expect, it } from 'vitest';
import { clockText, eventLine, progressBar } from './demo-progress.ts';

describe('demo progress', () => {
  it.each([
    [0, 120_000, '[........................]   0%'],
    [60_000, 120_000, '[############............]  50%'],
    [150_000, 120_000, '[########################] 100%'],
    [5_000, 0, '[########################] 100%'],
  ])('bar at %i of %i ms', (elapsedMs, totalMs, bar) => {
    expect(progressBar({ elapsedMs, totalMs })).toBe(bar);
  });

  it('formats wall time as mm:ss', () => {
    expect(clockText(0)).toBe('00:00');
    expect(clockText(125_999)).toBe('02:05');
  });

  it('names the event, its label and its site', () => {
    const line = eventLine(
      { atMs: 0, type: 'fault', label: 'outage power on milton-keynes 20% for 2m30s', site: 'milton-keynes' },
      22_000,
      { elapsedMs: 15_000, totalMs: 120_000 },
    );
    expect(line).toBe(
      '00:22 [###.....................]  13%  fault     outage power on milton-keynes 20% for 2m30s [milton-keynes]',
    );
  });
});
