// The scheduling each strategy promises, checked on a scripted context: `send` records when each request
// starts and ends and takes a known time, so ordering and bounds are exact and need no network.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { getStrategy } from '../strategies/index.ts';
import type { StrategyContext } from '../strategies/strategy.ts';

interface Trace {
  started: number[];
  ended: number[];
  prepared: number[];
  maxInFlight: number;
  scheduled: Array<number | undefined>;
  order: number[];
}

function scriptedContext(requests: number, concurrency: number, durationOf: (index: number) => number, rate = 0) {
  const trace: Trace = { started: [], ended: [], prepared: [], maxInFlight: 0, scheduled: [], order: [] };
  let inFlight = 0;
  const request = async (index: number) => {
    trace.started[index] = performance.now();
    trace.order.push(index);
    inFlight += 1;
    trace.maxInFlight = Math.max(trace.maxInFlight, inFlight);
    await sleep(durationOf(index));
    inFlight -= 1;
    trace.ended[index] = performance.now();
  };
  const prepare = async (index: number) => {
    await sleep(index % 3); // uneven preparation, so a barrier has something to wait for
    trace.prepared[index] = performance.now();
  };
  const context: StrategyContext = {
    requests,
    concurrency,
    rate,
    prepare,
    request,
    send: async (index, scheduledAt) => {
      trace.scheduled[index] = scheduledAt;
      await request(index);
    },
  };
  return { context, trace };
}

const uneven = (index: number) => [2, 12, 5, 20, 1, 8][index % 6]!;

test('batched: no request of a batch starts before every request of the previous batch has ended', async () => {
  const { context, trace } = scriptedContext(14, 4, uneven);
  await getStrategy('batched').run(context);
  assert.equal(trace.order.length, 14);
  for (let batch = 1; batch * 4 < 14; batch++) {
    const previousEnd = Math.max(...trace.ended.slice((batch - 1) * 4, batch * 4));
    const firstStart = Math.min(...trace.started.slice(batch * 4, batch * 4 + 4));
    assert.ok(firstStart >= previousEnd, `batch ${batch} started at ${firstStart}, before ${previousEnd}`);
  }
  assert.equal(trace.maxInFlight, 4);
});

for (const name of ['limited-pool', 'queue-workers']) {
  test(`${name}: starts requests in index order, never more than C at once, and reaches C`, async () => {
    const { context, trace } = scriptedContext(30, 5, uneven);
    await getStrategy(name).run(context);
    assert.deepEqual(trace.order, Array.from({ length: 30 }, (_, index) => index));
    assert.equal(trace.maxInFlight, 5);
    // A window refills as soon as a slot frees: request 5 starts when the first of 0..4 ends, not after all.
    const firstEnd = Math.min(...trace.ended.slice(0, 5));
    const lastEnd = Math.max(...trace.ended.slice(0, 5));
    assert.ok(trace.started[5]! < lastEnd, `request 5 waited for the whole first wave (${trace.started[5]} >= ${lastEnd})`);
    assert.ok(trace.started[5]! >= firstEnd);
  });
}

for (const name of ['promise-all', 'connection-limited']) {
  test(`${name}: hands every request to the client before any of them ends`, async () => {
    const { context, trace } = scriptedContext(20, 4, uneven);
    await getStrategy(name).run(context);
    assert.equal(trace.maxInFlight, 20);
    assert.ok(Math.max(...trace.started) <= Math.min(...trace.ended));
  });
}

test('barrier-burst: no request is sent before every request has finished preparing', async () => {
  const { context, trace } = scriptedContext(12, 12, uneven);
  await getStrategy('barrier-burst').run(context);
  assert.equal(trace.order.length, 12);
  assert.ok(Math.min(...trace.started) >= Math.max(...trace.prepared));
  assert.equal(trace.maxInFlight, 12);
});

test('fixed-rate: request i is scheduled at i/R and never starts before its time, whatever the responses do', async () => {
  const rate = 200; // one every 5 ms, while each request takes up to 20 ms
  const { context, trace } = scriptedContext(20, 1, uneven, rate);
  await getStrategy('fixed-rate').run(context);
  const start = trace.scheduled[0]!;
  for (let index = 0; index < 20; index++) {
    assert.ok(Math.abs(trace.scheduled[index]! - (start + (index * 1000) / rate)) < 1e-6);
    assert.ok(trace.started[index]! >= trace.scheduled[index]! - 0.01, `request ${index} started early`);
  }
  // Open workload: it keeps starting while earlier requests are still running.
  assert.ok(trace.maxInFlight > 1);
});

for (const name of ['sequential', 'shared-agent']) {
  test(`${name}: one request at a time, in order`, async () => {
    const { context, trace } = scriptedContext(8, 4, uneven);
    await getStrategy(name).run(context);
    assert.deepEqual(trace.order, [0, 1, 2, 3, 4, 5, 6, 7]);
    assert.equal(trace.maxInFlight, 1);
  });
}
