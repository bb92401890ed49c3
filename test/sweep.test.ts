import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sweepSuite } from '../benchmarks/sweep.ts';
import { parseBenchArgs } from '../cli/bench-options.ts';
import type { CaseSpec } from '../harness/case-spec.ts';
import { buildPlan, caseRequests } from '../harness/plan.ts';
import { runPlan } from '../harness/runner.ts';
import { reportProblems } from '../report/schema.ts';
import { renderTable } from '../report/table.ts';

const SWEEP = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512];
const POOLS = ['limited-pool', 'worker-threads'];
const CLIENTS = ['undici', 'fetch'];
const poolGroup = sweepSuite.groups.find((group) => group.strategies.includes('limited-pool'))!;
const factor = poolGroup.requestsPerConcurrency!;
const floor = poolGroup.minRequests!;

const casesOf = (cases: CaseSpec[], strategy: string, client: string) =>
  cases.filter((spec) => spec.strategy.name === strategy && spec.client.name === client);

test('sweep: ten concurrencies per pool and client, 8 x C requests each (with a floor); promise-all at N = C', () => {
  assert.ok(factor > 1 && floor > factor, 'the pools scale with C and the floor lifts C = 1');
  const { cases } = buildPlan(sweepSuite);
  assert.equal(cases.length, 60);
  assert.equal(new Set(cases.map((spec) => spec.id)).size, cases.length, 'case ids are unique');
  for (const client of CLIENTS) {
    for (const strategy of POOLS) {
      const pool = casesOf(cases, strategy, client);
      assert.deepEqual(pool.map((spec) => spec.concurrency), SWEEP, `${strategy}/${client}`);
      for (const spec of pool) {
        assert.equal(spec.requests, Math.max(floor, factor * spec.concurrency), spec.id);
        assert.equal(spec.id, `${strategy}/${client}/c${spec.concurrency}/n${spec.requests}`);
      }
      // The floor: C = 1 sends as many as C = 2, not 8.
      assert.equal(pool[0]!.requests, floor);
      assert.equal(pool.at(-1)!.requests, factor * 512);
    }
    const all = casesOf(cases, 'promise-all', client);
    assert.deepEqual(all.map((spec) => spec.concurrency), SWEEP, `promise-all/${client}`);
    for (const spec of all) assert.equal(spec.requests, spec.concurrency, spec.id);
  }
});

test('sweep: an explicit --requests overrides the scaling, every case sends exactly that many', () => {
  const { cases } = buildPlan(sweepSuite, { requests: 64 });
  assert.ok(cases.length > 0);
  for (const spec of cases) assert.equal(spec.requests, 64, spec.id);
  for (const client of CLIENTS) {
    // promise-all ignores C again: one case, N = 64 in flight.
    assert.deepEqual(casesOf(cases, 'promise-all', client).map((spec) => spec.concurrency), [64]);
    // A pool cannot run wider than N, so C = 128, 256 and 512 collapse into C = 64.
    for (const strategy of POOLS) {
      assert.deepEqual(casesOf(cases, strategy, client).map((spec) => spec.concurrency), [1, 2, 4, 8, 16, 32, 64]);
    }
  }
  // The same through the command line, where an absent --requests must leave the scaling alone.
  const scaled = parseBenchArgs(['--suite', 'sweep']);
  assert.deepEqual(
    buildPlan(scaled.suite, scaled.overrides).cases.map((spec) => spec.requests),
    buildPlan(sweepSuite).cases.map((spec) => spec.requests),
  );
  const fixed = parseBenchArgs(['--suite', 'sweep', '--requests', '40']);
  assert.deepEqual(new Set(buildPlan(fixed.suite, fixed.overrides).cases.map((spec) => spec.requests)), new Set([40]));
});

test('sweep: --clients and --strategies keep each strategy\'s scaling; a strategy the suite does not name sends the suite\'s requests', () => {
  const { cases } = buildPlan(sweepSuite, { clients: ['undici'], strategies: ['promise-all', 'limited-pool', 'sequential'], concurrency: [4, 32] });
  const ids = cases.map((spec) => spec.id);
  assert.deepEqual(ids, [
    'promise-all/undici/c4/n4',
    'promise-all/undici/c32/n32',
    'limited-pool/undici/c4/n32',
    'limited-pool/undici/c32/n256',
    `sequential/undici/c1/n${sweepSuite.requests}`,
  ]);
});

test('caseRequests: factor x C rounded up, never below the floor; the suite\'s requests when the group does not scale', () => {
  assert.equal(caseRequests({ strategies: [], clients: [], requestsPerConcurrency: 8, minRequests: 16 }, 100, 1), 16);
  assert.equal(caseRequests({ strategies: [], clients: [], requestsPerConcurrency: 8, minRequests: 16 }, 100, 3), 24);
  assert.equal(caseRequests({ strategies: [], clients: [], requestsPerConcurrency: 1.5 }, 100, 3), 5);
  assert.equal(caseRequests({ strategies: [], clients: [], requestsPerConcurrency: 1 }, 100, 1), 1);
  assert.equal(caseRequests({ strategies: [], clients: [], minRequests: 16 }, 100, 512), 100);
});

test('sweep: a small real run sends each case its own N, and the report and table say so', async () => {
  const plan = buildPlan(sweepSuite, {
    strategies: ['promise-all', 'limited-pool'],
    clients: ['undici'],
    concurrency: [2, 8],
    iterations: 3,
    warmup: 0,
  });
  const report = await runPlan(plan);
  assert.deepEqual(reportProblems(report), []);
  const byId = new Map(report.cases.map((result) => [result.id, result]));
  const expected = { 'promise-all/undici/c2/n2': 2, 'promise-all/undici/c8/n8': 8, 'limited-pool/undici/c2/n16': 16, 'limited-pool/undici/c8/n64': 64 };
  assert.deepEqual([...byId.keys()].sort(), Object.keys(expected).sort());
  for (const [id, requests] of Object.entries(expected)) {
    const result = byId.get(id)!;
    assert.equal(result.state, 'ok', `${id}: ${result.problems.join('; ')}`);
    assert.equal(result.requests, requests, id);
    assert.equal(result.counts.sent, requests * 3, id);
    for (const iteration of result.target.perIteration) assert.equal(iteration.received, requests, id);
    // Throughput is this case's own N over its makespan (an odd sample count: the medians match), not the suite's requests.
    assert.ok(Math.abs(result.throughput.median - (requests * 1000) / result.makespanMs.median) < 1e-6 * result.throughput.median, id);
  }
  const table = renderTable(report);
  assert.match(table, /suite sweep, 2 to 64 requests per iteration \(N, per case\)/);
  assert.match(table, /C=8 N=64/);
  assert.match(table, /C=2 N=2/);
});
