import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { findSuite } from '../benchmarks/index.ts';
import { buildPlan } from '../harness/plan.ts';
import { runPlan } from '../harness/runner.ts';
import { MAX_RECORDED_REQUESTS } from '../mock-server/service-times.ts';
import type { Report } from '../report/schema.ts';
import { downsampleTimeline, MAX_TIMELINE_BUCKETS } from '../report/timeline.ts';
import { BUILT_IN_STRATEGIES } from '../strategies/index.ts';
import { runInProcess, runScript } from './cli-helpers.ts';

test('the scale suite sends a million requests through the bounded strategies and names the ones it refuses', () => {
  const plan = buildPlan(findSuite('scale')!);
  assert.ok(plan.cases.every((spec) => spec.requests === 1_000_000));
  const byName = new Map(plan.cases.map((spec) => [spec.strategy.name, spec]));
  for (const bounded of ['queue-workers', 'worker-threads']) assert.equal(byName.get(bounded)?.strategy.holdsEveryRequest, undefined, bounded);
  for (const holding of ['promise-all', 'limited-pool']) assert.equal(byName.get(holding)?.strategy.holdsEveryRequest, true, holding);
  assert.ok(plan.suite.maxPending < 1_000_000, 'so the holding idioms are refused at this N by default');
  // Every idiom that makes a promise per request up front says so.
  const holding = BUILT_IN_STRATEGIES.filter((strategy) => strategy.holdsEveryRequest).map((strategy) => strategy.name).sort();
  assert.deepEqual(holding, ['barrier-burst', 'connection-limited', 'fixed-rate', 'limited-pool', 'promise-all']);
});

test('above --max-pending a strategy that holds every request is refused with the reason, and the run goes on', async () => {
  const out = join(mkdtempSync(join(tmpdir(), 'fanout-pending-')), 'report.json');
  const bench = runScript('bench.ts', ['--suite', 'smoke', '--strategies', 'promise-all,queue-workers', '--clients', 'undici', '--requests', '50', '--max-pending', '49', '--iterations', '1', '--quiet', '--out', out]);
  assert.equal(bench.status, 1, bench.stderr);
  const report = JSON.parse(readFileSync(out, 'utf8')) as Report;
  const refused = report.cases.find((result) => result.strategy === 'promise-all')!;
  assert.equal(refused.state, 'failed');
  assert.equal(refused.iterations, 0);
  assert.match(refused.problems[0]!.message, /^refused: promise-all holds a pending promise for each of its 50 requests .* above --max-pending 49/);
  // Typed, and still typed once written and read back as JSON.
  assert.deepEqual(
    refused.problems.map(({ kind, data }) => ({ kind, data })),
    [
      { kind: 'refused', data: { strategy: 'promise-all', requests: 50, maxPending: 49 } },
      { kind: 'iterations-missing', data: { measured: 0, expected: 1 } },
    ],
  );
  assert.equal(report.cases.find((result) => result.strategy === 'queue-workers')!.state, 'ok');
  assert.match(bench.stdout, /refused: promise-all/);

  const bad = await runInProcess('bench', ['--max-pending', '0']);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--max-pending/);
});

test('a timeline is merged down to a bounded number of buckets, keeping every peak', () => {
  const values = Array.from({ length: 10_001 }, (_, index) => (index === 7777 ? 500 : index % 10));
  const merged = downsampleTimeline({ bucketMs: 1, values });
  assert.ok(merged.values.length <= MAX_TIMELINE_BUCKETS);
  assert.equal(merged.bucketMs, Math.ceil(values.length / MAX_TIMELINE_BUCKETS));
  assert.equal(Math.max(...merged.values), 500, 'the spike survives');
  assert.equal(merged.values[Math.floor(7777 / merged.bucketMs)], 500, 'where it was');
  const short = { bucketMs: 1, values: [1, 2, 3] };
  assert.equal(downsampleTimeline(short), short);
});

test('past the service times the target keeps, a case still runs, with the closed-form ideal and a small report', async () => {
  const requests = MAX_RECORDED_REQUESTS + 1;
  const plan = buildPlan(findSuite('scale')!, { strategies: ['queue-workers'], requests, target: { latency: '0' }, iterations: 1 });
  const report = await runPlan(plan);
  const [result] = report.cases;
  assert.equal(result!.state, 'ok', result!.problems.join('; '));
  assert.equal(result!.counts.ok, requests);
  assert.equal(result!.target.received, requests);
  assert.match(result!.warnings.map((warning) => warning.message).join('\n'), /ideal from the closed form: above 100,000 requests/);
  const closedForm = result!.warnings.find((warning) => warning.kind === 'closed-form-ideal');
  assert.deepEqual(closedForm?.data, { requests, maxRecordedRequests: MAX_RECORDED_REQUESTS });
  assert.ok(result!.target.inFlightTimeline!.values.length <= MAX_TIMELINE_BUCKETS);
  assert.ok(result!.resources.peakRssBytes > 0);
  assert.ok(JSON.stringify(report).length < 100_000, 'samples per iteration, never per request');
});
