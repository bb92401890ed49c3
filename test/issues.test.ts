import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { caseWarnings } from '../harness/case-verdicts.ts';
import type { IterationRecord } from '../harness/measurement.ts';
import { buildPlan } from '../harness/plan.ts';
import { compareReports } from '../report/compare.ts';
import { gateFailures } from '../report/gate.ts';
import { renderHtml } from '../report/html.ts';
import { caseProblem } from '../report/issue.ts';
import { readReport } from '../report/read-report.ts';
import { reportProblems, SCHEMA_VERSION, type Report } from '../report/schema.ts';
import { summarize } from '../report/statistics.ts';
import { renderTable } from '../report/table.ts';
import { ROOT, runInProcess } from './cli-helpers.ts';
import { testSuite } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'fanout-issues-'));

test('a warning carries its kind and the figures behind it, with the sentence it always had', () => {
  const plan = buildPlan(testSuite, { strategies: ['sequential'], clients: ['fetch'], concurrency: [1] });
  const spec = { ...plan.cases[0]!, policy: { ...plan.cases[0]!.policy, timeoutMs: 200 } };
  // Only the figures caseWarnings reads: the first iteration's ideal is within the slack (1% and 1 ms), the second's beat its makespan by 20%.
  const iterations = [
    { makespanMs: 10, idealMs: 10.9 },
    { makespanMs: 10, idealMs: 12 },
  ] as IterationRecord[];
  const limits = { efficiency: 0.3, makespanMs: 10, clientCpuMs: 1, clientThreads: 1, targetCpuMs: 9.5, targetLoopBusyMs: 9 };
  const warnings = caseWarnings(spec, iterations, 'target-bound', limits, summarize([10.9, 12]));
  assert.deepEqual(
    warnings.map(({ kind, data }) => ({ kind, data })),
    [
      { kind: 'target-bound', data: { makespanMs: 10, targetCpuMs: 9.5, targetLoopBusyMs: 9 } },
      { kind: 'coarse-timeout', data: { client: 'fetch', timeoutMs: 200 } },
      { kind: 'ideal-beat-measurement', data: { iteration: 2, idealMs: 12, makespanMs: 10 } },
    ],
  );
  assert.equal(warnings[0]!.message, 'target-bound: the mock server was the limit, so this measured the mock, not the client');
  assert.match(warnings[1]!.message, /^fetch times out through undici's headersTimeout\/bodyTimeout.*a timeout of 200 ms fires up to 1 s late$/);
});

test('a typed problem is plain data in JSON and in comparisons, and prints as its sentence', () => {
  const problem = caseProblem('deadline', { deadlineMs: 300 }, 'cut off at its deadline of 0.3 s');
  assert.equal(JSON.stringify(problem), '{"kind":"deadline","data":{"deadlineMs":300},"message":"cut off at its deadline of 0.3 s"}');
  assert.deepEqual(problem, { kind: 'deadline', data: { deadlineMs: 300 }, message: 'cut off at its deadline of 0.3 s' });
  assert.deepEqual(structuredClone(problem), problem);
  // What prints a problem prints its sentence.
  assert.equal(problem.message, 'cut off at its deadline of 0.3 s');
});

/**
 * The CI baseline as it was committed in schemaVersion 1 (test/fixtures/report-v1.json), with its first
 * case failed with text problems and a text warning.
 */
function oldReport(): { path: string; problems: string[]; warning: string } {
  const old = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/report-v1.json'), 'utf8')) as Record<string, unknown> & { cases: Record<string, unknown>[] };
  assert.equal(old.schemaVersion, 1, 'the fixture is a version 1 report');
  const problems = ['iteration 1: the strategy sent 39 of 40 requests', 'iteration 1: 40 sent but 39 ok + 0 failed'];
  const warning = 'target-bound: the mock server was the limit, so this measured the mock, not the client';
  old.cases[0]!.state = 'failed';
  old.cases[0]!.problems = problems;
  old.cases[1]!.warnings = [warning];
  const path = join(dir, 'old.json');
  writeFileSync(path, JSON.stringify(old));
  return { path, problems, warning };
}

test('a schemaVersion 1 report with text problems and warnings is read as the current version, each line a note', async () => {
  const { path, problems, warning } = oldReport();
  const report = await readReport(path);
  assert.equal(report.schemaVersion, SCHEMA_VERSION);
  assert.deepEqual(reportProblems(report), []);
  assert.deepEqual(report.cases[0]!.problems, problems.map((message) => ({ kind: 'note', data: {}, message })));
  assert.deepEqual(report.cases[1]!.warnings, [{ kind: 'note', data: {}, message: warning }]);
  // Its config's settings under their version 2 names, the flags' (timeoutMs was timeout's).
  assert.deepEqual([report.config.timeout, report.config.deadline, report.config.target.payload, report.config.target.fault], [10_000, 120_000, 256, '']);
  assert.ok(!('timeoutMs' in report.config) && !('payloadBytes' in report.config.target));
  // Everything that reads reports shows the old sentences as they were.
  const table = renderTable(report);
  assert.ok(table.includes(`${report.cases[0]!.id} failed: ${problems.join('; ')}`), table);
  assert.ok(table.includes(`${report.cases[1]!.id} (!): ${warning}`));
  assert.ok(renderHtml(report, []).includes(`<li>${problems[0]}</li>`));
  const base = await readReport(join(ROOT, 'results/baseline/ci.json'));
  const options = { threshold: 0.05, alpha: 0.05, metrics: ['throughput' as const], seed: 1 };
  const reasons = gateFailures(base, report, compareReports(base, report, options), { allowMissing: false });
  assert.ok(reasons.some((reason) => reason.startsWith(`HEAD case ${report.cases[0]!.id} is failed: ${problems[0]} (+1 more)`)), reasons.join('\n'));
});

test('npm run compare and npm run chart still read the committed reports and an upgraded old one', async () => {
  const { path } = oldReport();
  // A version 1 report's config names (timeoutMs, payloadBytes, ...) read as version 2's.
  const upgraded = await runInProcess('compare', ['test/fixtures/report-v1.json', 'results/baseline/ci.json']);
  assert.equal(upgraded.status, 0, upgraded.stderr);
  const same = await runInProcess('compare', ['results/baseline/ci.json', 'results/baseline/ci.json']);
  assert.equal(same.status, 0, same.stderr);
  assert.match(same.stdout, /unchanged|within noise/);
  const failing = await runInProcess('compare', ['results/baseline/ci.json', path]);
  assert.equal(failing.status, 1, failing.stderr);
  assert.match(failing.stderr, /is failed: iteration 1: the strategy sent 39 of 40 requests \(\+1 more\)/);
  for (const report of [path, 'docs/reports/default.json', 'docs/reports/sweep.json']) {
    const out = join(dir, `charts-${readdirSync(dir).length}`);
    const chart = await runInProcess('chart', [report, '--out', out]);
    assert.equal(chart.status, 0, `${report}: ${chart.stderr}`);
    assert.ok(readdirSync(out).some((name) => name.endsWith('.svg')), report);
  }
});

test('a report of a version newer than this fanout is refused, naming both', async () => {
  const report = JSON.parse(readFileSync(join(ROOT, 'results/baseline/ci.json'), 'utf8')) as Report;
  const path = join(dir, 'newer.json');
  writeFileSync(path, JSON.stringify({ ...report, schemaVersion: SCHEMA_VERSION + 1 }));
  await assert.rejects(readReport(path), new RegExp(`has schemaVersion ${SCHEMA_VERSION + 1}; this fanout reads schemaVersion 1 to ${SCHEMA_VERSION}$`));
});
