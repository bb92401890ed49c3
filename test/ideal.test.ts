import assert from 'node:assert/strict';
import { test } from 'node:test';
import { batchesMakespan, serialMakespan, slowestOf, windowMakespan } from '../strategies/ideal.ts';
import { BoundedQueue } from '../strategies/bounded-queue.ts';

const durations = [5, 50, 5, 50, 5, 5];
const durationOf = (index: number) => durations[index]!;

test('a window refills a slot as soon as it frees; batches wait for their slowest', () => {
  // Two slots: 0 -> A (0-5), 1 -> B (0-50), 2 -> A (5-10), 3 -> A (10-60), 4 -> B (50-55), 5 -> B (55-60).
  assert.equal(windowMakespan(durationOf, 0, 6, 2), 60);
  // Batches of two: max(5,50) + max(5,50) + max(5,5).
  assert.equal(batchesMakespan(durationOf, 6, 2), 105);
  assert.equal(serialMakespan(durationOf, 0, 6), 120);
  assert.equal(slowestOf(durationOf, 0, 6), 50);
  // More slots than requests: everything at once.
  assert.equal(windowMakespan(durationOf, 0, 6, 100), 50);
  // One slot: one after another.
  assert.equal(windowMakespan(durationOf, 0, 6, 1), 120);
  // A share starting at index 2: [5, 50, 5, 5] on two slots.
  assert.equal(windowMakespan(durationOf, 2, 4, 2), 50);
});

test('for a fixed latency a window of C takes ceil(N / C) waves', () => {
  assert.equal(windowMakespan(() => 20, 0, 100, 10), 200);
  assert.equal(windowMakespan(() => 20, 0, 101, 10), 220);
});

test('the bounded queue makes a producer wait while it is full and ends its readers once closed', async () => {
  const queue = new BoundedQueue<number>(2);
  await queue.put(1);
  await queue.put(2);
  let thirdIn = false;
  const third = queue.put(3).then(() => (thirdIn = true));
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(thirdIn, false, 'put went through on a full queue');
  const read: number[] = [];
  const reader = (async () => {
    for await (const item of queue) read.push(item);
  })();
  await third;
  assert.ok(queue.size <= 2);
  queue.close();
  await reader;
  assert.deepEqual(read, [1, 2, 3]);
});
