// Runs after the others, on its own (npm test's second step): it judges CPU shares and timings, which
// a test file running beside it on 2 cores would take a part of.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildPlan } from '../../harness/plan.ts';
import { runPlan } from '../../harness/runner.ts';
import { medianOf } from '../../report/statistics.ts';
import { testSuite } from '../helpers.ts';

// The verdict from real runs: the same harness, two targets' worth of work.
const atLatencyZero = { ...testSuite, target: { ...testSuite.target, latency: '0' }, iterations: 3, warmup: 1 };

test('a client that burns CPU while the target idles is client-cpu-bound', async () => {
  // got costs the client ~10x what the mock spends on a request at latency 0.
  const plan = buildPlan(atLatencyZero, { strategies: ['limited-pool'], clients: ['got'], requests: 1500, concurrency: [20] });
  const [result] = (await runPlan(plan)).cases;
  assert.equal(result!.state, 'ok', result!.problems.join('; '));
  const targetBusy = result!.target.cpuMs / result!.makespanMs.median;
  assert.ok(targetBusy < 0.5, `the target was busy ${targetBusy.toFixed(2)} of the makespan`);
  assert.equal(result!.bottleneck, 'client-cpu-bound');
});

test('a target whose event loop is saturated is target-bound', async () => {
  // One ms of CPU in the mock's handler for each request: its one loop can serve no more than 1000/s.
  const plan = buildPlan(atLatencyZero, { strategies: ['limited-pool'], clients: ['undici'], requests: 300, concurrency: [10] });
  plan.settings.target.serviceCpuMs = 1;
  const [result] = (await runPlan(plan)).cases;
  assert.equal(result!.state, 'ok', result!.problems.join('; '));
  const busy = result!.target.perIteration.map((t, i) => Math.max(t.cpuMs, t.loopBusyMs ?? 0) / result!.makespanMs.samples[i]!);
  assert.ok(medianOf(busy) >= 0.8, `the target was busy ${busy.map((b) => b.toFixed(2)).join(', ')} of each makespan`);
  assert.equal(result!.bottleneck, 'target-bound');
});
