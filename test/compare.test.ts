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
import { gateFailures } from '../report/gate.ts';
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

// The gate: real reports (the committed baseline of suite ci: four cases, eight iterations each) in a
// temporary folder, altered copy by copy, and compare run as a process the way CI runs it.
const ciBaseline: Report = JSON.parse(readFileSync(join(ROOT, 'results', 'baseline', 'ci.json'), 'utf8'));
const gateDir = mkdtempSync(join(tmpdir(), 'fanout-gate-'));
const baselinePath = join(gateDir, 'base.json');
writeFileSync(baselinePath, JSON.stringify(ciBaseline));
const ids = ciBaseline.cases.map((result) => result.id);

/** Writes an altered copy of the baseline as NAME.json and returns its path. */
function variant(name: string, alter: (report: Report) => void): string {
  const copy: Report = structuredClone(ciBaseline);
  alter(copy);
  const path = join(gateDir, `${name}.json`);
  writeFileSync(path, JSON.stringify(copy));
  return path;
}

/** The lines compare wrote on stderr. */
const stderrLines = (stderr: string) => stderr.split('\n').filter((line) => line !== '');

test('compare gate: A vs A (the same file twice) passes, and says so under the table', () => {
  const result = runScript('compare.ts', [baselinePath, baselinePath]);
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stderr, '');
  assert.match(result.stdout, /\ngate: passes\n$/);
});

test('compare gate: a HEAD with no case fails', () => {
  const result = runScript('compare.ts', [baselinePath, variant('empty', (report) => (report.cases = []))]);
  assert.equal(result.status, 1, result.stderr);
  // One line: that each case of BASE is missing, or that the two share none, would only repeat it.
  assert.deepEqual(stderrLines(result.stderr), ['compare: gate fails: HEAD holds no case']);
  assert.equal(runScript('compare.ts', [baselinePath, join(gateDir, 'empty.json'), '--allow-missing']).status, 1);
  assert.deepEqual(stderrLines(runScript('compare.ts', [join(gateDir, 'empty.json'), baselinePath]).stderr), ['compare: gate fails: BASE holds no case']);
});

test('compare gate: reports that share no case fail, once, not once per case', () => {
  const result = runScript('compare.ts', [baselinePath, variant('renamed', (report) => report.cases.forEach((c) => (c.id = `renamed-${c.id}`)))]);
  assert.equal(result.status, 1, result.stderr);
  assert.deepEqual(stderrLines(result.stderr), ['compare: gate fails: BASE and HEAD share no case']);
});

test('compare gate: every HEAD case failed (or aborted) fails, naming each case, its state and its first problem', () => {
  const head = variant('failed', (report) => {
    for (const result of report.cases) {
      result.state = 'failed';
      result.problems = ['iteration 1: 3 of 40 requests failed (timeout 3)', 'iteration 2: 1 of 40 requests failed (reset 1)'];
    }
    report.cases[3]!.state = 'aborted';
    report.cases[3]!.problems = [];
  });
  const result = runScript('compare.ts', [baselinePath, head]);
  assert.equal(result.status, 1, result.stderr);
  assert.deepEqual(stderrLines(result.stderr), [
    ...ids.slice(0, 3).map((id) => `compare: gate fails: HEAD case ${id} is failed: iteration 1: 3 of 40 requests failed (timeout 3) (+1 more)`),
    `compare: gate fails: HEAD case ${ids[3]} is aborted`,
  ]);
  assert.match(result.stdout, /\ngate: fails\n {2}- HEAD case limited-pool\/undici\/c10\/n40 is failed: /);
});

test('compare gate: a partial HEAD fails, and the markdown says why under the table', () => {
  const markdown = join(gateDir, 'partial.md');
  const result = runScript('compare.ts', [baselinePath, variant('partial', (report) => (report.partial = true)), '--markdown', markdown]);
  assert.equal(result.status, 1, result.stderr);
  const reason = 'HEAD is partial: its run was interrupted, so it holds only the cases that finished';
  assert.deepEqual(stderrLines(result.stderr), [`compare: gate fails: ${reason}`]);
  const text = readFileSync(markdown, 'utf8');
  assert.match(text, /^### fanout: no regression; the gate fails for 1 other reason\n/);
  assert.ok(text.endsWith(`\n\n**gate: fails**\n\n- ${reason}\n`), text);
  const passing = join(gateDir, 'passing.md');
  assert.equal(runScript('compare.ts', [baselinePath, baselinePath, '--markdown', passing]).status, 0);
  assert.ok(readFileSync(passing, 'utf8').endsWith('\n\n**gate: passes**\n'));
});

test('compare gate: duplicate case ids fail, in either report, naming them', () => {
  const head = runScript('compare.ts', [baselinePath, variant('duplicate-head', (report) => (report.cases[1]!.id = report.cases[0]!.id))]);
  assert.equal(head.status, 1, head.stderr);
  assert.ok(stderrLines(head.stderr).includes(`compare: gate fails: HEAD has duplicate case ids: ${ids[0]} (2 times)`), head.stderr);
  // The renamed case is gone from HEAD, and that is said too.
  assert.ok(stderrLines(head.stderr).includes(`compare: gate fails: HEAD has no case ${ids[1]} of BASE`), head.stderr);
  const doubled = variant('duplicate-base', (report) => report.cases.push(structuredClone(report.cases[2]!), structuredClone(report.cases[2]!)));
  const base = runScript('compare.ts', [doubled, baselinePath]);
  assert.equal(base.status, 1, base.stderr);
  assert.deepEqual(stderrLines(base.stderr), [`compare: gate fails: BASE has duplicate case ids: ${ids[2]} (3 times)`]);
});

test('compare gate: a HEAD with fewer cases fails, unless --allow-missing, which still needs a shared case', () => {
  const fewer = variant('fewer', (report) => (report.cases = report.cases.slice(0, 2)));
  const strict = runScript('compare.ts', [baselinePath, fewer]);
  assert.equal(strict.status, 1, strict.stderr);
  assert.deepEqual(stderrLines(strict.stderr), ids.slice(2).map((id) => `compare: gate fails: HEAD has no case ${id} of BASE`));
  const allowed = runScript('compare.ts', [baselinePath, fewer, '--allow-missing']);
  assert.equal(allowed.status, 0, allowed.stderr);
  assert.match(allowed.stdout, /sequential\/undici\/c1\/n40 .* missing .*\n.*only in the base report/);
  assert.match(allowed.stdout, /\ngate: passes\n$/);
  const none = runScript('compare.ts', [baselinePath, join(gateDir, 'renamed.json'), '--allow-missing']);
  assert.equal(none.status, 1, none.stderr);
  assert.deepEqual(stderrLines(none.stderr), ['compare: gate fails: BASE and HEAD share no case']);
  // Only the missing rule is relaxed: a failed case still fails.
  const failed = runScript('compare.ts', [baselinePath, join(gateDir, 'failed.json'), '--allow-missing']);
  assert.equal(failed.status, 1, failed.stderr);
});

test('compare gate: gateFailures lists a regression with its change, and nothing for a case only in HEAD', () => {
  const slower = structuredClone(ciBaseline);
  const first = slower.cases[0]!;
  first.makespanMs.samples = first.makespanMs.samples.map((ms) => ms * 1.25);
  slower.cases.push({ ...structuredClone(first), id: 'new/undici/c1/n40' });
  const comparison = compareReports(ciBaseline, slower, { ...options, seed: ciBaseline.config.seed });
  const reasons = gateFailures(ciBaseline, slower, comparison, { allowMissing: false });
  assert.equal(reasons.length, 1, reasons.join('\n'));
  assert.match(reasons[0]!, /^limited-pool\/undici\/c10\/n40 regressed in throughput: -20\.0% \[-2\d\.\d%, -1\d\.\d%\], p 0\.\d{4}$/);
  assert.deepEqual(gateFailures(ciBaseline, ciBaseline, compareReports(ciBaseline, ciBaseline, options), { allowMissing: false }), []);
});

const invalid: Array<[string, (report: Report) => void, RegExp]> = [
  ['a makespan sample of 0', (report) => (report.cases[1]!.makespanMs.samples[2] = 0), /\/cases\/1\/makespanMs\/samples\/2: 0 is not a makespan: it must be a finite number of ms, above 0 \(case queue-workers\/undici\/c10\/n40\)$/],
  ['a makespan sample of -1', (report) => (report.cases[0]!.makespanMs.samples[0] = -1), /\/cases\/0\/makespanMs\/samples\/0: -1 is not a makespan: it must be a finite number of ms, above 0 \(case limited-pool\/undici\/c10\/n40\)$/],
  ['an ideal with fewer samples than the makespan', (report) => report.cases[3]!.idealMs.samples.pop(), /\/cases\/3\/idealMs\/samples: 7 samples but makespanMs has 8: one per measured iteration each \(case sequential\/undici\/c1\/n40\)$/],
];
for (const [what, alter, line] of invalid) {
  test(`compare: a report with ${what} is invalid: exit 2, one line`, () => {
    const path = variant(what.replace(/\W+/g, '-'), alter);
    const result = runScript('compare.ts', [baselinePath, path]);
    assert.equal(result.status, 2, result.stderr);
    const lines = stderrLines(result.stderr);
    assert.equal(lines.length, 1, result.stderr);
    assert.ok(lines[0]!.startsWith(`compare: ${path} is not a valid fanout report: `), lines[0]);
    assert.match(lines[0]!, line);
    assert.equal(result.stdout, '');
  });
}

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
