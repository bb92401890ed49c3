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

export function median(sorted: ArrayLike<number>): number {
  return quantile(sorted, 0.5);
}

/**
 * Sorted copy of values, ascending: a Float64Array, sorted natively and unboxed (Array.prototype.sort
 * boxes every double of a 100,000-sample array on the way).
 */
export function sortedCopy(values: ArrayLike<number>): Float64Array {
  return Float64Array.from(values).sort();
}

/** The median of unsorted values (0 for none), for figures that need no interval. */
export function medianOf(values: readonly number[]): number {
  return values.length === 0 ? 0 : median(sortedCopy(values));
}

/** Linear-interpolated quantile of sorted values (type 7, as R and numpy do by default). */
export function quantile(sorted: ArrayLike<number>, q: number): number {
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
  const sorted = sortedCopy(samples);
  const q1 = quantile(sorted, 0.25);
  const q3 = quantile(sorted, 0.75);
  const fence = 1.5 * (q3 - q1);
  return samples.flatMap((value, index) => (value < q1 - fence || value > q3 + fence ? [index] : []));
}

/**
 * Percentile-bootstrap 95% interval of a statistic: resample with replacement, seeded so a report can be
 * reproduced. With very few samples the interval can only span what was seen. Each resample costs a sort
 * of n values: for the median of a large sample, bootstrapMedianInterval draws the same distribution in
 * constant time per resample.
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
  return percentileInterval(estimates);
}

/**
 * Up to this many samples a resample is drawn value by value (as it always was, so the intervals of the
 * reports written so far are reproduced exactly); above it, the resampled median is drawn through its
 * order statistic (resampledMedian), which has the same distribution and costs no sort.
 */
export const RESAMPLE_BY_VALUE_LIMIT = 1000;

/** The 2.5% and 97.5% percentiles of the bootstrap estimates (sorted in place). */
function percentileInterval(estimates: Float64Array): [number, number] {
  estimates.sort();
  return [quantile(estimates, 0.025), quantile(estimates, 0.975)];
}

/** A stream of seeded uniforms in [0, 1): uniformAt at consecutive indices from `start`. */
function uniforms(seed: number, start: number, stream: number): () => number {
  let index = start;
  return () => uniformAt(seed, index++, stream);
}

/** A standard normal draw (Box-Muller) from the stream. */
function normalFrom(next: () => number): number {
  const u1 = 1 - next(); // (0, 1]: log(0) never happens
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * next());
}

/** A Gamma(shape, 1) draw for shape >= 1 (Marsaglia and Tsang 2000, a squeeze-free acceptance loop). */
function gammaFrom(shape: number, next: () => number): number {
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = normalFrom(next);
    const v = (1 + c * x) ** 3;
    if (v <= 0) continue;
    const u = 1 - next();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

/**
 * The median of one bootstrap resample of `sorted` (n values), without drawing the n values. A resample
 * draws sorted[floor(n U_i)] for n uniforms U_i; floor(n u) is monotone in u, so the k-th smallest draw is
 * sorted[floor(n U_(k))], and the k-th smallest of n uniforms U_(k) is Beta(k, n - k + 1) (a ratio of two
 * gamma draws). For even n the median also needs the next one: given U_(k) = u the other n - k uniforms
 * are uniform on (u, 1), so U_(k+1) = u + (1 - u)(1 - V^(1 / (n - k))). The same distribution as sorting a
 * resample, in constant time.
 */
function resampledMedian(sorted: Float64Array, next: () => number): number {
  const n = sorted.length;
  const at = (u: number) => sorted[Math.min(n - 1, Math.floor(u * n))]!;
  const k = Math.floor((n + 1) / 2); // 1-based rank of the (lower) middle draw
  const x = gammaFrom(k, next);
  const uk = x / (x + gammaFrom(n - k + 1, next));
  if (n % 2 === 1) return at(uk);
  const next1 = uk + (1 - uk) * (1 - (1 - next()) ** (1 / (n - k)));
  return (at(uk) + at(next1)) / 2;
}

/** Draws of the median of resample r of `values`: value by value for small samples, else by order statistic. */
function medianResampler(values: readonly number[], seed: number, stream: number): (r: number) => number {
  const n = values.length;
  if (n <= RESAMPLE_BY_VALUE_LIMIT) {
    const draw = new Array<number>(n);
    return (r) => {
      for (let i = 0; i < n; i++) draw[i] = values[Math.floor(uniformAt(seed, r * n + i, stream) * n)]!;
      return median(draw.sort((x, y) => x - y));
    };
  }
  const sorted = sortedCopy(values);
  // A few uniforms per resample (about six; an acceptance loop rarely takes more): 2^16 apart.
  return (r) => resampledMedian(sorted, uniforms(seed, r * 2 ** 16, stream + 100));
}

/** The percentile-bootstrap 95% interval of the median; fast for any n (see medianResampler). */
export function bootstrapMedianInterval(samples: readonly number[], seed = 1, resamples = BOOTSTRAP_RESAMPLES): [number, number] {
  if (samples.length <= RESAMPLE_BY_VALUE_LIMIT) return bootstrapInterval(samples, median, seed, resamples);
  const draw = medianResampler(samples, seed, 7);
  const estimates = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) estimates[r] = draw(r);
  return percentileInterval(estimates);
}

/**
 * Percentile-bootstrap 95% interval of `statistic(median of a, median of b)`: each resample draws both
 * samples again with replacement, independently (two-sample bootstrap), seeded. A side above
 * RESAMPLE_BY_VALUE_LIMIT samples draws its resampled median by order statistic: same distribution, no sort.
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
  const drawA = medianResampler(a, seed, 8);
  const drawB = medianResampler(b, seed, 9);
  for (let r = 0; r < resamples; r++) estimates[r] = statistic(drawA(r), drawB(r));
  return percentileInterval(estimates);
}

/**
 * The standard normal distribution function. Abramowitz-Stegun 7.1.26 on erf: absolute error below
 * 1.5e-7, plenty for a p-value or a critical value.
 */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/** The z with normalCdf(z) = p, for 0 < p < 1, by bisection (a critical value is asked for once per case). */
export function normalQuantile(p: number): number {
  let low = -40;
  let high = 40;
  for (let i = 0; i < 100; i++) {
    const middle = (low + high) / 2;
    if (normalCdf(middle) < p) low = middle;
    else high = middle;
  }
  return (low + high) / 2;
}

/** Summary of a sample; an empty sample summarises to zeros with n = 0 (JSON has no NaN). */
export function summarize(samples: readonly number[], seed = 1): SampleSummary {
  if (samples.length === 0) {
    return { median: 0, mean: 0, sd: 0, min: 0, max: 0, ciLow: 0, ciHigh: 0, n: 0, samples: [], outliers: [] };
  }
  const sorted = sortedCopy(samples);
  const n = sorted.length;
  const mean = samples.reduce((sum, value) => sum + value, 0) / n;
  const variance = n > 1 ? samples.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (n - 1) : 0;
  const [ciLow, ciHigh] = bootstrapMedianInterval(samples, seed);
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
