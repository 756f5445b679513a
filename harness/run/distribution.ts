import type { Distribution } from '../../reports/run-result.ts';

/** How many raw samples a Distribution keeps for histograms. */
export const maxDistributionSamples = 200;

function quantile(sorted: readonly number[], q: number): number {
  // Nearest-rank: a reported p99 is a value that was actually measured.
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank]!;
}

/** Summarises samples; undefined when there are none (the report then shows nothing, not zeros). */
export function distributionOf(values: readonly number[]): Distribution | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const step = sorted.length / Math.min(sorted.length, maxDistributionSamples);
  const samples: number[] = [];
  for (let i = 0; samples.length < Math.min(sorted.length, maxDistributionSamples); i += step)
    samples.push(sorted[Math.floor(i)]!);
  return {
    count: sorted.length,
    min: sorted[0]!,
    p50: quantile(sorted, 0.5),
    p90: quantile(sorted, 0.9),
    p99: quantile(sorted, 0.99),
    max: sorted[sorted.length - 1]!,
    samples,
  };
}
