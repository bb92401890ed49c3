import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildPlan } from '../harness/plan.ts';
import { runPlan } from '../harness/runner.ts';
import { reportProblems, SCHEMA_VERSION } from '../report/schema.ts';
import { renderTable } from '../report/table.ts';
import { testSuite } from './helpers.ts';

test('a run produces a report that validates against the contract, with its environment', async () => {
  const plan = buildPlan(testSuite, { strategies: ['sequential', 'promise-all'] });
  const report = await runPlan(plan);
  assert.deepEqual(reportProblems(report), []);
  assert.equal(report.schemaVersion, SCHEMA_VERSION);
  assert.equal(report.meta.node, process.version);
  assert.match(report.meta.versions.undici ?? '', /^7\./);
  assert.match(report.meta.versions.fastify ?? '', /^5\./);
  assert.equal(report.cases.length, 2);
  for (const result of report.cases) {
    assert.equal(result.makespanMs.samples.length, testSuite.iterations);
    assert.equal(result.makespanMs.n, testSuite.iterations);
    assert.ok(result.makespanMs.ciLow <= result.makespanMs.median && result.makespanMs.median <= result.makespanMs.ciHigh);
    assert.ok(result.latencyMs.p50 <= result.latencyMs.p99 && result.latencyMs.p99 <= result.latencyMs.max);
    assert.equal(result.counts.sent, result.counts.ok + result.counts.failed);
  }

  const table = renderTable(report);
  assert.match(table, /sequential \/ undici/);
  assert.match(table, /promise-all \/ undici/);
  // The faster strategy is listed first and compared against the slowest.
  assert.ok(table.indexOf('promise-all') < table.indexOf('sequential /'));
  assert.match(table, /1\.0x/);
});

test('validation catches a report that breaks the contract', () => {
  const broken = { schemaVersion: SCHEMA_VERSION + 1, meta: {}, config: {}, cases: [{ id: 'x', state: 'maybe' }] };
  const problems = reportProblems(broken);
  assert.ok(problems.some((line) => line.startsWith('/schemaVersion')));
  assert.ok(problems.some((line) => line.startsWith('/cases/0/state')));
  assert.ok(problems.some((line) => line.startsWith('/meta')));
});
