import { uniformAt } from '../mock-server/seeded-random.ts';

/** Summary of a sample: median with a 95% bootstrap interval, the usual moments, and Tukey outliers. */
export interface SampleSummary {
  median: number;
  mean: number;
  sd: number;
  min: number;
  max: number;
  ciLow: number;
  ciHigh: number;
  n: number;
  samples: number[];
  /** Indices (into samples) outside Tukey's fences, Q1 - 1.5 IQR and Q3 + 1.5 IQR: flagged, never removed. */
  outliers: number[];
}

const BOOTSTRAP_RESAMPLES = 2000;

export function median(sorted: readonly number[]): number {
  return quantile(sorted, 0.5);
}

/** The median of unsorted values (0 for none), for figures that need no interval. */
export function medianOf(values: readonly number[]): number {
  return values.length === 0 ? 0 : median([...values].sort((a, b) => a - b));
}

/** Linear-interpolated quantile of sorted values (type 7, as R and numpy do by default). */
export function quantile(sorted: readonly number[], q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const position = (n - 1) * q;
  const below = Math.floor(position);
  const above = Math.min(n - 1, below + 1);
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (position - below);
}

/** Indices of values outside Tukey's fences. */
export function tukeyOutliers(samples: readonly number[]): number[] {
  if (samples.length < 4) return [];
  const sorted = [...samples].sort((a, b) => a - b);
  const q1 = quantile(sorted, 0.25);
  const q3 = quantile(sorted, 0.75);
  const fence = 1.5 * (q3 - q1);
  return samples.flatMap((value, index) => (value < q1 - fence || value > q3 + fence ? [index] : []));
}

/**
 * Percentile-bootstrap 95% interval of a statistic: resample with replacement, seeded so a report can be
 * reproduced. With very few samples the interval can only span what was seen.
 */
export function bootstrapInterval(
  samples: readonly number[],
  statistic: (sorted: number[]) => number,
  seed = 1,
  resamples = BOOTSTRAP_RESAMPLES,
): [number, number] {
  const n = samples.length;
  if (n === 0) return [Number.NaN, Number.NaN];
  const estimates = new Float64Array(resamples);
  const draw = new Array<number>(n);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < n; i++) draw[i] = samples[Math.floor(uniformAt(seed, r * n + i, 7) * n)]!;
    draw.sort((a, b) => a - b);
    estimates[r] = statistic(draw);
  }
  estimates.sort();
  return [quantile(Array.from(estimates), 0.025), quantile(Array.from(estimates), 0.975)];
}

/**
 * Percentile-bootstrap 95% interval of `statistic(median of a, median of b)`: each resample draws both
 * samples again with replacement, independently (two-sample bootstrap), seeded.
 */
export function bootstrapTwoSampleInterval(
  a: readonly number[],
  b: readonly number[],
  statistic: (medianA: number, medianB: number) => number,
  seed = 1,
  resamples = BOOTSTRAP_RESAMPLES,
): [number, number] {
  if (a.length === 0 || b.length === 0) return [Number.NaN, Number.NaN];
  const estimates = new Float64Array(resamples);
  const resampleMedian = (values: readonly number[], r: number, stream: number) => {
    const draw = Array.from({ length: values.length }, (_, i) => values[Math.floor(uniformAt(seed, r * values.length + i, stream) * values.length)]!);
    return median(draw.sort((x, y) => x - y));
  };
  for (let r = 0; r < resamples; r++) estimates[r] = statistic(resampleMedian(a, r, 8), resampleMedian(b, r, 9));
  estimates.sort();
  const sorted = Array.from(estimates);
  return [quantile(sorted, 0.025), quantile(sorted, 0.975)];
}

/** Summary of a sample; an empty sample summarises to zeros with n = 0 (JSON has no NaN). */
export function summarize(samples: readonly number[], seed = 1): SampleSummary {
  if (samples.length === 0) {
    return { median: 0, mean: 0, sd: 0, min: 0, max: 0, ciLow: 0, ciHigh: 0, n: 0, samples: [], outliers: [] };
  }
  const sorted = [...samples].sort((a, b) => a - b);
  const n = sorted.length;
  const mean = samples.reduce((sum, value) => sum + value, 0) / n;
  const variance = n > 1 ? samples.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (n - 1) : 0;
  const [ciLow, ciHigh] = bootstrapInterval(samples, median, seed);
  return {
    median: median(sorted),
    mean,
    sd: Math.sqrt(variance),
    min: sorted[0]!,
    max: sorted[n - 1]!,
    ciLow,
    ciHigh,
    n,
    samples: [...samples],
    outliers: tukeyOutliers(samples),
  };
}
