import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalAt } from '../mock-server/seeded-random.ts';
import {
  bootstrapInterval,
  bootstrapMedianInterval,
  bootstrapTwoSampleInterval,
  median,
  normalCdf,
  normalQuantile,
  quantile,
  RESAMPLE_BY_VALUE_LIMIT,
  summarize,
  tukeyOutliers,
} from '../report/statistics.ts';

test('summarize gives the median, mean, sample sd and keeps samples in run order', () => {
  const summary = summarize([5, 1, 4, 2, 3]);
  assert.equal(summary.median, 3);
  assert.equal(summary.mean, 3);
  assert.ok(Math.abs(summary.sd - Math.sqrt(2.5)) < 1e-12);
  assert.deepEqual(summary.samples, [5, 1, 4, 2, 3]);
  assert.equal(summarize([4, 1, 3, 2]).median, 2.5);
});

test('quantiles interpolate linearly between order statistics (numpy and R default)', () => {
  const sorted = [1, 2, 3, 4, 10];
  assert.equal(quantile(sorted, 0.25), 2);
  assert.equal(quantile(sorted, 0.75), 4);
  assert.equal(quantile([1, 2], 0.5), 1.5);
});

test('Tukey fences flag outliers by index without removing them', () => {
  const samples = [10, 11, 10.5, 10.2, 30, 10.8, 9.9];
  assert.deepEqual(tukeyOutliers(samples), [4]);
  const summary = summarize(samples);
  assert.deepEqual(summary.outliers, [4]);
  assert.equal(summary.n, 7);
  assert.equal(summary.max, 30);
  assert.deepEqual(tukeyOutliers([1, 2, 3]), []);
});

test('the bootstrap interval of the median covers the median, is reproducible, and narrows with more data', () => {
  const noisy = (n: number) => Array.from({ length: n }, (_, i) => 100 + ((i * 37) % 11) - 5);
  const [low, high] = bootstrapInterval(noisy(9), median, 3);
  const sorted = [...noisy(9)].sort((a, b) => a - b);
  assert.ok(low <= median(sorted) && median(sorted) <= high);
  assert.deepEqual(bootstrapInterval(noisy(9), median, 3), [low, high]);
  const [wideLow, wideHigh] = bootstrapInterval(noisy(5), median, 3);
  const [narrowLow, narrowHigh] = bootstrapInterval(noisy(200), median, 3);
  assert.ok(narrowHigh - narrowLow < wideHigh - wideLow);
  // A constant sample has no spread to resample.
  assert.deepEqual(bootstrapInterval([7, 7, 7], median), [7, 7]);
});

test('an empty sample summarises to zeros, never NaN (JSON has no NaN)', () => {
  const summary = summarize([]);
  assert.equal(summary.n, 0);
  assert.ok(Object.values(summary).every((value) => !Number.isNaN(value)));
});

test('up to 1,000 samples the bootstraps resample value by value, as before: the same intervals, to the last bit', () => {
  const a = Array.from({ length: 40 }, (_, i) => 100 + ((i * 37) % 11) - 5);
  const b = Array.from({ length: 30 }, (_, i) => 103 + ((i * 17) % 13) - 6);
  // Computed by the code before the order-statistic draw existed.
  assert.deepEqual(bootstrapTwoSampleInterval(a, b, (x, y) => y / x, 7), [1.004950495049505, 1.0606060606060606]);
  assert.deepEqual([summarize(a, 3).ciLow, summarize(a, 3).ciHigh], [98, 101.5]);
  const atLimit = Array.from({ length: RESAMPLE_BY_VALUE_LIMIT }, (_, i) => Math.exp(3 + 0.3 * normalAt(5, i)));
  assert.deepEqual(bootstrapMedianInterval(atLimit, 2), bootstrapInterval(atLimit, median, 2));
});

test('above 1,000 samples the resampled median is drawn from its order statistic: the same interval as resampling, within Monte Carlo error', () => {
  for (const n of [1001, 2000]) {
    const samples = Array.from({ length: n }, (_, i) => Math.exp(3 + 0.3 * normalAt(5, i)));
    const sorted = [...samples].sort((x, y) => x - y);
    const [slowLow, slowHigh] = bootstrapInterval(samples, median, 4);
    const [fastLow, fastHigh] = bootstrapMedianInterval(samples, 4);
    const width = slowHigh - slowLow;
    assert.ok(fastLow <= median(sorted) && median(sorted) <= fastHigh, `n ${n}: covers the median`);
    assert.ok(Math.abs(fastLow - slowLow) < 0.15 * width && Math.abs(fastHigh - slowHigh) < 0.15 * width, `n ${n}: [${fastLow}, ${fastHigh}] against [${slowLow}, ${slowHigh}]`);
    assert.deepEqual(bootstrapMedianInterval(samples, 4), [fastLow, fastHigh], 'seeded: reproducible');
  }
  // 100,000 samples a side: a sort each, then constant time per resample.
  const a = Array.from({ length: 100_000 }, (_, i) => Math.exp(3 + 0.3 * normalAt(7, i)));
  const b = a.map((value) => value * 1.02);
  const [low, high] = bootstrapTwoSampleInterval(a, b, (x, y) => y / x, 1);
  assert.ok(low < 1.02 && 1.02 < high && high - low < 0.02, `[${low}, ${high}]`);
});

test('the normal distribution function and its inverse', () => {
  assert.ok(Math.abs(normalCdf(1.959964) - 0.975) < 1e-6);
  assert.ok(Math.abs(normalQuantile(0.99) - 2.326348) < 1e-5);
  assert.ok(Math.abs(normalQuantile(0.5)) < 1e-6);
});
