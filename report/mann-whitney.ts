// The two-sided Mann-Whitney U test: does one sample tend to be larger than the other? No assumption of
// normality, which iteration times on a shared machine never meet. Exact p from the U distribution for
// small samples without ties; otherwise the normal approximation with tie and continuity corrections.
// Hand-written: a few dozen lines, and the well-kept statistics packages on npm carry no U test.

import { normalCdf, sortedCopy } from './statistics.ts';

/** What the test found for two samples. */
export interface MannWhitneyResult {
  /** U of the first sample: pairs (a, b) with a > b, ties counting a half. */
  u: number;
  /** Two-sided p-value. */
  p: number;
  exact: boolean;
}

const EXACT_LIMIT = 400; // n1 * n2 up to this: the exact distribution is cheap

/** Number of ways to get each U for sizes n1, n2 (no ties), by the standard recurrence. */
function uDistribution(n1: number, n2: number): number[] {
  // counts[i][j] is the distribution for sizes i, j; built up row by row.
  let previous: number[][] = Array.from({ length: n2 + 1 }, () => [1]);
  for (let i = 1; i <= n1; i++) {
    const current: number[][] = [Array.from({ length: 1 }, () => 1)];
    for (let j = 1; j <= n2; j++) {
      const size = i * j + 1;
      const counts = new Array<number>(size).fill(0);
      // The largest of the i + j values belongs to the first sample (U grows by j) or the second.
      const fromFirst = previous[j]!;
      const fromSecond = current[j - 1]!;
      for (let u = 0; u < fromFirst.length; u++) counts[u + j]! += fromFirst[u]!;
      for (let u = 0; u < fromSecond.length; u++) counts[u]! += fromSecond[u]!;
      current.push(counts);
    }
    previous = current;
  }
  return previous[n2]!;
}

/**
 * U of `a` and the tie term sum(t^3 - t) over groups of equal values, by one merge of the two sorted
 * samples: O(n log n), where counting the n1 x n2 pairs one by one took minutes at 100,000 samples a side.
 * Exact: U is a sum of integers and halves, as the pairwise count was.
 */
function uStatistic(a: readonly number[], b: readonly number[]): { u: number; tieTerm: number; hasTies: boolean } {
  const x = sortedCopy(a);
  const y = sortedCopy(b);
  let u = 0;
  let tieTerm = 0;
  let hasTies = false;
  let i = 0;
  let j = 0;
  // y[0..j) are below the current value.
  while (i < x.length || j < y.length) {
    const value = j >= y.length || (i < x.length && x[i]! <= y[j]!) ? x[i]! : y[j]!;
    let inA = 0;
    let inB = 0;
    while (i < x.length && x[i] === value) {
      i++;
      inA++;
    }
    while (j < y.length && y[j] === value) {
      j++;
      inB++;
    }
    // Each of the inA values of a beats the j - inB values of b below it and ties the inB equal ones.
    u += inA * (j - inB + inB / 2);
    const t = inA + inB;
    if (t > 1) {
      hasTies = true;
      tieTerm += t ** 3 - t;
    }
  }
  return { u, tieTerm, hasTies };
}

export function mannWhitney(a: readonly number[], b: readonly number[]): MannWhitneyResult {
  const n1 = a.length;
  const n2 = b.length;
  if (n1 === 0 || n2 === 0) return { u: 0, p: 1, exact: true };
  const { u, tieTerm, hasTies } = uStatistic(a, b);
  if (!hasTies && n1 * n2 <= EXACT_LIMIT) {
    const counts = uDistribution(n1, n2);
    const total = counts.reduce((sum, count) => sum + count, 0);
    const low = Math.min(u, n1 * n2 - u);
    let tail = 0;
    for (let k = 0; k <= low; k++) tail += counts[k]!;
    return { u, p: Math.min(1, (2 * tail) / total), exact: true };
  }
  // Normal approximation with the tie correction of the variance and a continuity correction.
  const n = n1 + n2;
  const mean = (n1 * n2) / 2;
  const variance = ((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1)));
  if (variance <= 0) return { u, p: 1, exact: false };
  const z = (Math.abs(u - mean) - 0.5) / Math.sqrt(variance);
  return { u, p: Math.min(1, 2 * (1 - normalCdf(Math.max(0, z)))), exact: false };
}

/** The fewest samples per side for which a two-sided exact test can reach `alpha` at all. */
export function minimumSamples(alpha: number): number {
  for (let n = 2; n < 50; n++) {
    let combinations = 1;
    for (let k = 1; k <= n; k++) combinations = (combinations * (n + k)) / k; // C(2n, n)
    if (2 / combinations <= alpha) return n;
  }
  return 50;
}
