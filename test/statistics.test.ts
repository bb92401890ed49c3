import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bootstrapInterval, median, quantile, summarize, tukeyOutliers } from '../report/statistics.ts';

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
