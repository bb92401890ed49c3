/** Summary of a sample: median with a distribution-free 95% interval, and the usual moments. */
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
}

export function median(sorted: readonly number[]): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const mid = Math.floor(n / 2);
  return n % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** P(X <= k) for X ~ Binomial(n, 1/2). */
function binomialHalfCdf(k: number, n: number): number {
  let term = Math.pow(0.5, n);
  let sum = term;
  for (let i = 1; i <= k; i++) {
    term = (term * (n - i + 1)) / i;
    sum += term;
  }
  return sum;
}

/**
 * 95% interval of the median from order statistics: [x(j), x(n-j+1)] with the largest j whose coverage
 * is still >= 95%. It assumes nothing about the distribution; below n = 6 no pair reaches 95%, and the
 * interval is [min, max].
 */
export function medianInterval(sorted: readonly number[]): [number, number] {
  const n = sorted.length;
  if (n === 0) return [Number.NaN, Number.NaN];
  let j = 1;
  while (j < n / 2 && 2 * binomialHalfCdf(j, n) <= 0.05) j += 1;
  return [sorted[j - 1]!, sorted[n - j]!];
}

/** Summary of a sample; an empty sample summarises to zeros with n = 0 (JSON has no NaN). */
export function summarize(samples: readonly number[]): SampleSummary {
  if (samples.length === 0) return { median: 0, mean: 0, sd: 0, min: 0, max: 0, ciLow: 0, ciHigh: 0, n: 0, samples: [] };
  const sorted = [...samples].sort((a, b) => a - b);
  const n = sorted.length;
  const mean = samples.reduce((sum, value) => sum + value, 0) / n;
  const variance = n > 1 ? samples.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (n - 1) : 0;
  const [ciLow, ciHigh] = medianInterval(sorted);
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
  };
}
