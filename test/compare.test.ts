import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { buildPlan } from '../harness/plan.ts';
import { runPlan } from '../harness/runner.ts';
import { compareReports, type CompareOptions, type Verdict } from '../report/compare.ts';
import { mannWhitney, minimumSamples } from '../report/mann-whitney.ts';
import type { Report } from '../report/schema.ts';
import { runScript } from './cli-helpers.ts';
import { testSuite } from './helpers.ts';

test('Mann-Whitney U and its exact two-sided p on textbook samples', () => {
  // Complete separation of 5 and 5: U = 0, p = 2 / C(10, 5) = 2/252.
  const separated = mannWhitney([1, 2, 3, 4, 5], [6, 7, 8, 9, 10]);
  assert.equal(separated.u, 0);
  assert.ok(Math.abs(separated.p - 2 / 252) < 1e-12);
  assert.equal(separated.exact, true);
  // A = 19 22 16 29 24, B = 20 11 17 12: U_A = 17, U_B = 3, P(U <= 3) = 7/126, two-sided 0.111.
  const textbook = mannWhitney([19, 22, 16, 29, 24], [20, 11, 17, 12]);
  assert.equal(textbook.u, 17);
  assert.ok(Math.abs(textbook.p - 14 / 126) < 1e-12);
  assert.deepEqual(mannWhitney([1.1, 2.2, 3.3], [1.5, 2.5, 3.5]), { u: 3, p: 0.7, exact: true });
  // With ties: the normal approximation; identical samples are no evidence of a difference.
  const tied = mannWhitney([5, 5, 5, 6, 6, 6], [5, 5, 5, 6, 6, 6]);
  assert.equal(tied.exact, false);
  assert.equal(tied.u, 18);
  assert.ok(tied.p > 0.9);
  // The fewest samples per side that can reach alpha at all: 2 / C(2n, n) <= alpha.
  assert.equal(minimumSamples(0.01), 5);
  assert.equal(minimumSamples(0.05), 4);
});

let real: Report;
before(async () => {
  // One real, short run gives a report with the whole contract; the variants below change its samples.
  real = await runPlan(buildPlan({ ...testSuite, iterations: 6, warmup: 1 }, { strategies: ['shared-agent'], requests: 4 }));
});

/** The real report with its one case's makespans replaced (ideal scaled along, so efficiency holds). */
function withMakespans(makespans: number[], id?: string): Report {
  const copy: Report = structuredClone(real);
  const result = copy.cases[0]!;
  result.makespanMs.samples = makespans;
  result.idealMs.samples = makespans.map((ms) => ms * 0.9);
  result.latencyMs.p99Samples = makespans.map((ms) => ms / 4);
  if (id) result.id = id;
  return copy;
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const options: CompareOptions = { threshold: 0.05, alpha: 0.01, metrics: ['throughput'], seed: 1 };
const base = [100, 101, 99, 100, 102, 98];

const expectations: Array<[string, number[], Verdict]> = [
  ['20% slower in every iteration', [120, 121, 119, 122, 118, 120], 'regressed'],
  ['20% faster in every iteration', [80, 81, 79, 82, 78, 80], 'improved'],
  ['the same within 1%', [100.5, 99.5, 100, 101, 99, 100.2], 'unchanged'],
  ['noisy both ways', [70, 130, 95, 140, 60, 105], 'within noise'],
  ['three iterations only', [120, 121, 119], 'inconclusive'],
];
for (const [what, head, verdict] of expectations) {
  test(`compare: ${what} is ${verdict}`, () => {
    const [row] = compareReports(withMakespans(base), withMakespans(head), options).rows;
    assert.equal(row!.verdict, verdict, JSON.stringify(row));
    if (verdict === 'inconclusive') assert.match(row!.note ?? '', /needs at least 5 iterations on each side/);
  });
}

test('compare: a case in one report only is missing, on both sides', () => {
  const rows = compareReports(withMakespans(base), withMakespans(base, 'renamed/undici/c1/n4'), options).rows;
  assert.deepEqual(rows.map((row) => [row.verdict, row.note]), [
    ['missing', 'only in the base report'],
    ['missing', 'only in the head report'],
  ]);
});

test('compare: latency is better when smaller, and other machines or versions are warned about', () => {
  const slower = withMakespans([120, 121, 119, 122, 118, 120]);
  const [row] = compareReports(withMakespans(base), slower, { ...options, metrics: ['p99'] }).rows;
  assert.equal(row!.verdict, 'regressed');
  slower.meta.node = 'v99.0.0';
  const { warnings } = compareReports(withMakespans(base), slower, options);
  assert.ok(warnings.some((warning) => /node differs/.test(warning)));
  assert.ok(warnings.some((warning) => /efficiency/.test(warning)));
  assert.deepEqual(compareReports(withMakespans(base), withMakespans(base), options).warnings, []);
});

test('npm run compare: exit 0 without a regression, 1 with one, 2 for another schema or an unreadable file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fanout-compare-'));
  const write = (name: string, report: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, JSON.stringify(report));
    return path;
  };
  const basePath = write('base.json', withMakespans(base));
  const same = runScript('compare.ts', [basePath, write('same.json', withMakespans([100.5, 99.5, 100, 101, 99, 100.2]))]);
  assert.equal(same.status, 0, same.stderr);
  assert.match(same.stdout, /unchanged/);
  const markdown = join(dir, 'summary.md');
  const worse = runScript('compare.ts', [basePath, write('worse.json', withMakespans([120, 121, 119, 122, 118, 120])), '--markdown', markdown]);
  assert.equal(worse.status, 1, worse.stderr);
  assert.match(worse.stdout, /regressed/);
  assert.match(readFileSync(markdown, 'utf8'), /^### fanout: 1 regression\n/);
  const summary = join(dir, 'step-summary.md');
  writeFileSync(summary, '# earlier step\n');
  const inActions = spawnSync(`${ROOT}node_modules/.bin/tsx`, [`${ROOT}scripts/compare.ts`, basePath, basePath], {
    encoding: 'utf8',
    env: { ...process.env, GITHUB_STEP_SUMMARY: summary },
  });
  assert.equal(inActions.status, 0, inActions.stderr);
  assert.match(readFileSync(summary, 'utf8'), /^# earlier step\n### fanout: no regression\n/);
  const other = runScript('compare.ts', [basePath, write('v2.json', { ...withMakespans(base), schemaVersion: 2 })]);
  assert.equal(other.status, 2);
  assert.match(other.stderr.trim(), /^compare: .*v2\.json has schemaVersion 2; this fanout reads schemaVersion 1$/);
  const missing = runScript('compare.ts', [basePath, join(dir, 'nope.json')]);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr.trim(), /^compare: cannot read .*nope\.json: ENOENT$/);
});

test('exporters: github-action-benchmark entries and the Bencher Metric Format, one per ok case', async () => {
  const { bencherMetricFormat, githubActionBenchmark } = await import('../report/exporters.ts');
  const { biggerIsBetter, smallerIsBetter } = githubActionBenchmark(real);
  const [result] = real.cases;
  assert.deepEqual(biggerIsBetter.map((entry) => [entry.name, entry.unit, entry.value]), [[`${result!.id} throughput`, 'req/s', result!.throughput.median]]);
  assert.deepEqual(smallerIsBetter.map((entry) => [entry.unit, entry.value]), [['ms', result!.latencyMs.p99]]);
  const bmf = bencherMetricFormat(real);
  assert.equal(bmf[result!.id]!.throughput!.value, result!.throughput.median);
  assert.ok(bmf[result!.id]!.throughput!.lower_value! <= bmf[result!.id]!.throughput!.upper_value!);
  assert.equal(bmf[result!.id]!.latency!.value, result!.latencyMs.p99 * 1e6);
});
