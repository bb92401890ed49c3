import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTarget, type TargetProcess } from '../harness/target-process.ts';
import { parseLatencySpec } from '../mock-server/latency.ts';
import { CLIENT_NAMES } from '../clients/index.ts';
import { BUILT_IN_STRATEGY_NAMES } from '../strategies/index.ts';
import { splitEvenly } from '../strategies/worker-threads.ts';
import { runOneCase, testSuite } from './helpers.ts';

let target: TargetProcess;
before(async () => {
  target = await startTarget({ latency: parseLatencySpec(testSuite.target.latency), seed: 1, payloadBytes: 256 });
});
after(() => target.stop());

for (const strategy of BUILT_IN_STRATEGY_NAMES) {
  test(`${strategy} sends exactly N requests per iteration, all answered and all seen by the target`, async () => {
    const result = await runOneCase(target, strategy);
    assert.equal(result.state, 'ok', result.problems.join('; '));
    assert.equal(result.iterations, testSuite.iterations);
    assert.equal(result.counts.sent, testSuite.requests * testSuite.iterations);
    assert.equal(result.counts.ok, result.counts.sent);
    for (const iteration of result.target.perIteration) assert.equal(iteration.received, testSuite.requests);
    assert.ok(result.efficiency > 0 && result.efficiency <= 1.05, `efficiency ${result.efficiency}`);
  });
}

for (const client of CLIENT_NAMES) {
  test(`${client}: sequential opens a new connection for every request, shared-agent one in all`, async () => {
    const fresh = await runOneCase(target, 'sequential', { clients: [client], requests: 6 });
    const shared = await runOneCase(target, 'shared-agent', { clients: [client], requests: 6 });
    for (const result of [fresh, shared]) assert.equal(result.state, 'ok', result.problems.join('; '));
    for (const iteration of fresh.target.perIteration) assert.equal(iteration.connections, 6);
    for (const iteration of shared.target.perIteration) assert.equal(iteration.connections, 1);
    assert.equal(fresh.target.peakInFlight, 1);
    assert.equal(shared.target.peakInFlight, 1);
  });
}

for (const strategy of ['limited-pool', 'connection-limited', 'queue-workers', 'batched']) {
  test(`${strategy} keeps exactly C requests in flight at the target, never more, on C connections`, async () => {
    for (const concurrency of [1, 4, 7]) {
      const result = await runOneCase(target, strategy, { requests: 30, concurrency: [concurrency] });
      assert.equal(result.state, 'ok', result.problems.join('; '));
      for (const iteration of result.target.perIteration) {
        assert.equal(iteration.peakInFlight, concurrency, `C=${concurrency}`);
        assert.equal(iteration.connections, concurrency, `C=${concurrency}`);
      }
    }
  });
}

test('barrier-burst requests reach the target closer together than a pool spreads them', async () => {
  const burst = await runOneCase(target, 'barrier-burst', { requests: 30 });
  const pool = await runOneCase(target, 'limited-pool', { requests: 30, concurrency: [3] });
  assert.equal(burst.target.peakInFlight, 30);
  assert.ok(burst.target.arrivalSpreadMs < pool.target.arrivalSpreadMs / 2, `burst ${burst.target.arrivalSpreadMs} ms, pool ${pool.target.arrivalSpreadMs} ms`);
});

test('promise-all has all N requests in flight at once for a small N', async () => {
  const result = await runOneCase(target, 'promise-all', { requests: 25 });
  assert.equal(result.concurrency, 25);
  for (const iteration of result.target.perIteration) assert.equal(iteration.peakInFlight, 25);
});

test('worker-threads shares N and C across its threads and never exceeds C in flight', async () => {
  const result = await runOneCase(target, 'worker-threads', { requests: 21, concurrency: [4] });
  assert.equal(result.state, 'ok', result.problems.join('; '));
  assert.ok(result.threads >= 1 && result.threads <= 4);
  assert.equal(result.counts.sent, 21 * testSuite.iterations);
  for (const iteration of result.target.perIteration) {
    assert.ok(iteration.peakInFlight <= 4, `peak ${iteration.peakInFlight}`);
    assert.ok(iteration.peakInFlight >= result.threads, `peak ${iteration.peakInFlight}`);
  }
});

test('worker-threads can run many iterations on the same threads without piling up listeners', async () => {
  const warnings: Error[] = [];
  const onWarning = (warning: Error) => warnings.push(warning);
  process.on('warning', onWarning);
  try {
    // Each iteration asks every thread several times (build, run, close); Node warns past 10 listeners.
    const result = await runOneCase(target, 'worker-threads', { requests: 8, concurrency: [2], iterations: 12 });
    assert.equal(result.state, 'ok');
    await new Promise((resolve) => setImmediate(resolve));
  } finally {
    process.off('warning', onWarning);
  }
  assert.deepEqual(warnings.filter((warning) => warning.name === 'MaxListenersExceededWarning').map(String), []);
});

test('splitEvenly hands out every unit, differing by at most one', () => {
  assert.deepEqual(splitEvenly(10, 3), [4, 3, 3]);
  assert.deepEqual(splitEvenly(2, 4), [1, 1, 0, 0]);
  assert.equal(splitEvenly(1_000_003, 7).reduce((a, b) => a + b, 0), 1_000_003);
});
