// Runs after the others, on its own (npm test's second step): it judges CPU shares and timings, which
// a test file running beside it on 2 cores would take a part of.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { request } from 'undici';
import { bottleneckOf } from '../../harness/bottleneck.ts';
import { idealBeatMeasurement } from '../../harness/case-verdicts.ts';
import { buildPlan } from '../../harness/plan.ts';
import { runPlan, shuffled } from '../../harness/runner.ts';
import { startTarget, type TargetProcess } from '../../harness/target-process.ts';
import { parseLatencySpec } from '../../mock-server/latency.ts';
import { reportProblems } from '../../report/schema.ts';
import { runOneCase, testSuite } from '../helpers.ts';

let target: TargetProcess;
before(async () => {
  target = await startTarget({ latency: parseLatencySpec(testSuite.target.latency), seed: 1, payloadBytes: 256 });
});
after(() => target.stop());

test('the target keeps how long it held each request index, for the current iteration only', async () => {
  await target.reset();
  for (const n of [2, 5]) await (await request(`${target.url}/req?id=s${n}&n=${n}&latency=15`)).body.dump();
  const times = await target.serviceTimes();
  assert.equal(times.length, 6);
  assert.ok(times[2]! >= 14 && times[5]! >= 14, `held ${times[2]} and ${times[5]} ms`);
  assert.ok(Number.isNaN(times[0]!) && Number.isNaN(times[3]!));
  await target.reset();
  assert.equal((await target.serviceTimes()).length, 0);
});

for (const strategy of ['sequential', 'limited-pool', 'batched', 'promise-all', 'queue-workers', 'fixed-rate']) {
  test(`${strategy}: the replayed ideal is a lower bound of every iteration, and efficiency is at most 1`, async () => {
    const result = await runOneCase(target, strategy, { requests: 24, concurrency: [4], target: { latency: 'uniform:2-20' } });
    assert.equal(result.state, 'ok', result.problems.join('; '));
    for (const [index, ideal] of result.idealMs.samples.entries()) {
      const measured = result.makespanMs.samples[index]!;
      assert.ok(ideal > 0 && !idealBeatMeasurement(ideal, measured), `iteration ${index + 1}: ideal ${ideal} ms, measured ${measured} ms`);
    }
    assert.ok(result.efficiency > 0 && result.efficiency <= 1.01, `efficiency ${result.efficiency}`);
    assert.deepEqual(result.warnings, []);
  });
}

test('telemetry: CPU per request, event-loop use, heap, and the in-flight timeline of the last iteration', async () => {
  const result = await runOneCase(target, 'limited-pool', { requests: 30, concurrency: [5] });
  assert.ok(result.resources.cpuUsPerRequest > 0);
  assert.ok(result.resources.eventLoopUtilization > 0 && result.resources.eventLoopUtilization <= 1);
  assert.ok(result.resources.peakHeapBytes > 0 && result.resources.peakRssBytes > result.resources.peakHeapBytes);
  const timeline = result.target.inFlightTimeline;
  assert.ok(timeline, 'no timeline');
  assert.equal(Math.max(...timeline.values), result.target.perIteration.at(-1)!.peakInFlight);
  // About one bucket per millisecond of the iteration: 6 waves of 10 ms.
  assert.ok(timeline.values.length >= 50 && timeline.values.length <= result.makespanMs.max + 20, `${timeline.values.length} buckets`);
  assert.ok(result.target.perIteration.every((iteration) => iteration.reusedRequests === 30 - 5));
});

test('rounds run the whole case list again in a seeded, shuffled order, and keep every sample', async () => {
  const items = Array.from({ length: 10 }, (_, index) => index);
  const first = shuffled(items, 1, 1);
  assert.deepEqual([...first].sort((a, b) => a - b), items);
  assert.deepEqual(shuffled(items, 1, 1), first);
  assert.notDeepEqual(shuffled(items, 1, 2), first);

  const plan = buildPlan({ ...testSuite, rounds: 2, iterations: 2 }, { strategies: ['shared-agent', 'limited-pool'], requests: 6 });
  const report = await runPlan(plan);
  assert.deepEqual(reportProblems(report), []);
  assert.equal(report.config.rounds, 2);
  for (const result of report.cases) assert.equal(result.makespanMs.n, 4);
});

test('bottleneck verdicts: latency when near the ideal, else a saturated target, else a busy client, else queueing', () => {
  const base = { makespanMs: 100, clientThreads: 1, clientCpuMs: 10, targetCpuMs: 10, targetLoopBusyMs: 10 };
  assert.equal(bottleneckOf({ ...base, efficiency: 0.9 }), 'latency-bound');
  assert.equal(bottleneckOf({ ...base, efficiency: 0.2, clientCpuMs: 95 }), 'client-cpu-bound');
  assert.equal(bottleneckOf({ ...base, efficiency: 0.2, targetCpuMs: 80 }), 'target-bound');
  assert.equal(bottleneckOf({ ...base, efficiency: 0.2, targetLoopBusyMs: 85 }), 'target-bound');
  // Busier than each client thread but with a fifth of its loop to spare, the target was not the limit.
  assert.equal(bottleneckOf({ ...base, efficiency: 0.2, clientThreads: 2, clientCpuMs: 120, targetCpuMs: 70, targetLoopBusyMs: 72 }), 'client-cpu-bound');
  assert.equal(bottleneckOf({ ...base, efficiency: 0.2, clientThreads: 4, clientCpuMs: 120 }), 'queueing');
  assert.equal(bottleneckOf({ ...base, efficiency: 0.2 }), 'queueing');
});
