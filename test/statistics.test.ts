import assert from 'node:assert/strict';
import { test } from 'node:test';
import { medianInterval, summarize } from '../harness/statistics.ts';

test('summarize gives the median, mean, sample sd and keeps samples in run order', () => {
  const summary = summarize([5, 1, 4, 2, 3]);
  assert.equal(summary.median, 3);
  assert.equal(summary.mean, 3);
  assert.ok(Math.abs(summary.sd - Math.sqrt(2.5)) < 1e-12);
  assert.deepEqual(summary.samples, [5, 1, 4, 2, 3]);
  assert.equal(summarize([4, 1, 3, 2]).median, 2.5);
});

test('median interval from order statistics: [min, max] below n = 6, narrower as n grows', () => {
  const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
  assert.deepEqual(medianInterval(range(5)), [1, 5]);
  // n = 9: P(X <= 1) = 10/512, so [x(2), x(8)] covers 96.1%.
  assert.deepEqual(medianInterval(range(9)), [2, 8]);
  // n = 20: the textbook interval is [x(6), x(15)] (95.9%).
  assert.deepEqual(medianInterval(range(20)), [6, 15]);
});

test('an empty sample summarises to zeros, never NaN (JSON has no NaN)', () => {
  const summary = summarize([]);
  assert.equal(summary.n, 0);
  assert.ok(Object.values(summary).every((value) => !Number.isNaN(value)));
});
