// The overhead suite's report, checked for consistency only: its figures judge nothing here, so it runs
// beside the other test files.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { overheadSuite } from '../benchmarks/overhead.ts';
import { buildPlan } from '../harness/plan.ts';
import { runPlan } from '../harness/runner.ts';
import { reportProblems } from '../report/schema.ts';

test('the overhead suite holds every client against its bare loop, and the mock against bare Fastify', async () => {
  const plan = buildPlan({ ...overheadSuite, rounds: 2, iterations: 1, warmup: 0 }, { requests: 300 });
  const report = await runPlan(plan);
  assert.deepEqual(reportProblems(report), []);
  const calibration = report.calibration;
  assert.ok(calibration, 'no calibration in the report');
  assert.deepEqual(calibration.clients.map((c) => c.client), overheadSuite.groups[0]!.clients);
  for (const c of calibration.clients) {
    assert.equal(c.bareThroughput.samples.length, 2, c.client);
    assert.equal(c.harnessThroughput.samples.length, 2, c.client);
    assert.ok(c.bareThroughput.median > 0 && c.harnessThroughput.median > 0, c.client);
    assert.equal(c.pairRatios.length, 2, c.client);
    assert.ok(c.ratio >= Math.min(...c.pairRatios) && c.ratio <= Math.max(...c.pairRatios), c.client);
    assert.ok(c.bareCpuUsPerRequest > 0 && c.harnessCpuUsPerRequest > 0, c.client);
    assert.equal(c.cpuPairRatios.length, 2, c.client);
  }
  const target = calibration.target;
  assert.ok(target, 'no target calibration in the report');
  assert.ok(target.mockCpuUsPerRequest > 0 && target.bareCpuUsPerRequest > 0);
  assert.equal(target.pairRatios.length, 2);
  assert.ok(target.ratio >= Math.min(...target.pairRatios) && target.ratio <= Math.max(...target.pairRatios));
});
