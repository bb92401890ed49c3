import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { buildPlan } from '../harness/plan.ts';
import { runPlan } from '../harness/runner.ts';
import { compareReports, correctnessProblems, shareRose, type CompareOptions, type Verdict } from '../report/compare.ts';
import { comparisonMarkdown } from '../report/compare-table.ts';
import { mannWhitney, minimumSamples } from '../report/mann-whitney.ts';
import { GATE_DEFAULTS, gateFailures } from '../report/gate.ts';
import { caseProblem } from '../report/issue.ts';
import { readReport } from '../report/read-report.ts';
import { reportProblems, SCHEMA_VERSION, type Report } from '../report/schema.ts';
import { ROOT, runInProcess, runScript, TSX, type CliResult } from './cli-helpers.ts';
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
  // U from one merge of the sorted samples is the pairwise count, ties counting a half, for any ties.
  for (let trial = 0; trial < 200; trial++) {
    const draw = (n: number, salt: number) => Array.from({ length: n }, (_, i) => ((i * 7919 + trial * 104729 + salt) % 13) + (trial % 3));
    const [a, b] = [draw(3 + (trial % 17), 1), draw(2 + (trial % 23), 5)];
    let pairwise = 0;
    for (const x of a) for (const y of b) pairwise += x > y ? 1 : x === y ? 0.5 : 0;
    assert.equal(mannWhitney(a, b).u, pairwise, `trial ${trial}`);
  }
  const large = mannWhitney(
    Array.from({ length: 100_000 }, (_, i) => i % 1000),
    Array.from({ length: 100_000 }, (_, i) => (i % 1000) + 50),
  );
  assert.equal(large.exact, false);
  assert.ok(large.p < 1e-6, `100,000 a side, shifted by a twentieth of their range: p ${large.p}`);
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

test('npm run compare: exit 0 without a regression, 1 with one, 2 for another schema or an unreadable file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fanout-compare-'));
  const write = (name: string, report: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, JSON.stringify(report));
    return path;
  };
  const basePath = write('base.json', withMakespans(base));
  const same = await runInProcess('compare', [basePath, write('same.json', withMakespans([100.5, 99.5, 100, 101, 99, 100.2]))]);
  assert.equal(same.status, 0, same.stderr);
  assert.match(same.stdout, /unchanged/);
  const markdown = join(dir, 'summary.md');
  const worse = await runInProcess('compare', [basePath, write('worse.json', withMakespans([120, 121, 119, 122, 118, 120])), '--markdown', markdown]);
  assert.equal(worse.status, 1, worse.stderr);
  assert.match(worse.stdout, /regressed/);
  assert.match(readFileSync(markdown, 'utf8'), /^### fanout: 1 regression\n/);
  const summary = join(dir, 'step-summary.md');
  writeFileSync(summary, '# earlier step\n');
  const inActions = await runInProcess('compare', [basePath, basePath], { ...process.env, GITHUB_STEP_SUMMARY: summary });
  assert.equal(inActions.status, 0, inActions.stderr);
  assert.match(readFileSync(summary, 'utf8'), /^# earlier step\n### fanout: no regression\n/);
  // A version newer than this fanout's is refused, naming both (1 is older and upgraded on reading).
  const newer = SCHEMA_VERSION + 1;
  const other = await runInProcess('compare', [basePath, write(`v${newer}.json`, { ...withMakespans(base), schemaVersion: newer })]);
  assert.equal(other.status, 2);
  assert.match(other.stderr.trim(), new RegExp(`^compare: .*v${newer}\\.json has schemaVersion ${newer}; this fanout reads schemaVersion 1 to ${SCHEMA_VERSION}$`));
  // As the process npm runs (one per command; the calls above share its runCli): exit 2, one line.
  const missing = runScript('compare.ts', [basePath, join(dir, 'nope.json')]);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr.trim(), /^compare: cannot read .*nope\.json: ENOENT$/);
});

// The gate: real reports (the committed baseline of suite ci: four cases, eight iterations each) in a
// temporary folder, altered copy by copy, and compare run on them with the arguments CI gives it (its
// main in-process: the exit code and the lines are what the process gives; see runInProcess).
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

test('compare gate: A vs A (the same file twice) passes, and says so under the table', async () => {
  const result = await runInProcess('compare', [baselinePath, baselinePath]);
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stderr, '');
  assert.match(result.stdout, /\ngate: passes\n$/);
});

test('compare gate: a HEAD with no case fails', async () => {
  const result = await runInProcess('compare', [baselinePath, variant('empty', (report) => (report.cases = []))]);
  assert.equal(result.status, 1, result.stderr);
  // One line: that each case of BASE is missing, or that the two share none, would only repeat it.
  assert.deepEqual(stderrLines(result.stderr), ['compare: gate fails: HEAD holds no case']);
  assert.equal((await runInProcess('compare', [baselinePath, join(gateDir, 'empty.json'), '--allow-missing'])).status, 1);
  assert.deepEqual(stderrLines((await runInProcess('compare', [join(gateDir, 'empty.json'), baselinePath])).stderr), ['compare: gate fails: BASE holds no case']);
});

test('compare gate: reports that share no case fail, once, not once per case', async () => {
  const result = await runInProcess('compare', [baselinePath, variant('renamed', (report) => report.cases.forEach((c) => (c.id = `renamed-${c.id}`)))]);
  assert.equal(result.status, 1, result.stderr);
  assert.deepEqual(stderrLines(result.stderr), ['compare: gate fails: BASE and HEAD share no case']);
});

test('compare gate: every HEAD case failed (or aborted) fails, naming each case, its state and its first problem', async () => {
  const head = variant('failed', (report) => {
    for (const result of report.cases) {
      result.state = 'failed';
      result.problems = [caseProblem('note', {}, 'iteration 1: 3 of 40 requests failed (timeout 3)'), caseProblem('note', {}, 'iteration 2: 1 of 40 requests failed (reset 1)')];
    }
    report.cases[3]!.state = 'aborted';
    report.cases[3]!.problems = [];
  });
  const result = await runInProcess('compare', [baselinePath, head]);
  assert.equal(result.status, 1, result.stderr);
  assert.deepEqual(stderrLines(result.stderr), [
    ...ids.slice(0, 3).map((id) => `compare: gate fails: HEAD case ${id} is failed: iteration 1: 3 of 40 requests failed (timeout 3) (+1 more)`),
    `compare: gate fails: HEAD case ${ids[3]} is aborted`,
  ]);
  assert.match(result.stdout, /\ngate: fails\n {2}- HEAD case limited-pool\/undici\/c10\/n40 is failed: /);
});

test('compare gate: a partial HEAD fails, and the markdown says why under the table', async () => {
  const markdown = join(gateDir, 'partial.md');
  const result = await runInProcess('compare', [baselinePath, variant('partial', (report) => (report.partial = true)), '--markdown', markdown]);
  assert.equal(result.status, 1, result.stderr);
  const reason = 'HEAD is partial: its run was interrupted, so it holds only the cases that finished';
  assert.deepEqual(stderrLines(result.stderr), [`compare: gate fails: ${reason}`]);
  const text = readFileSync(markdown, 'utf8');
  assert.match(text, /^### fanout: no regression; the gate fails for 1 other reason\n/);
  assert.ok(text.endsWith(`\n\n**gate: fails**\n\n- ${reason}\n`), text);
  const passing = join(gateDir, 'passing.md');
  assert.equal((await runInProcess('compare', [baselinePath, baselinePath, '--markdown', passing])).status, 0);
  assert.ok(readFileSync(passing, 'utf8').endsWith('\n\n**gate: passes**\n'));
});

test('compare gate: duplicate case ids fail, in either report, naming them', async () => {
  const head = await runInProcess('compare', [baselinePath, variant('duplicate-head', (report) => (report.cases[1]!.id = report.cases[0]!.id))]);
  assert.equal(head.status, 1, head.stderr);
  assert.ok(stderrLines(head.stderr).includes(`compare: gate fails: HEAD has duplicate case ids: ${ids[0]} (2 times)`), head.stderr);
  // The renamed case is gone from HEAD, and that is said too.
  assert.ok(stderrLines(head.stderr).includes(`compare: gate fails: HEAD has no case ${ids[1]} of BASE`), head.stderr);
  const doubled = variant('duplicate-base', (report) => report.cases.push(structuredClone(report.cases[2]!), structuredClone(report.cases[2]!)));
  const base = await runInProcess('compare', [doubled, baselinePath]);
  assert.equal(base.status, 1, base.stderr);
  assert.deepEqual(stderrLines(base.stderr), [`compare: gate fails: BASE has duplicate case ids: ${ids[2]} (3 times)`]);
});

test('compare gate: a HEAD with fewer cases fails, unless --allow-missing, which still needs a shared case', async () => {
  const fewer = variant('fewer', (report) => (report.cases = report.cases.slice(0, 2)));
  const strict = await runInProcess('compare', [baselinePath, fewer]);
  assert.equal(strict.status, 1, strict.stderr);
  assert.deepEqual(stderrLines(strict.stderr), ids.slice(2).map((id) => `compare: gate fails: HEAD has no case ${id} of BASE`));
  const allowed = await runInProcess('compare', [baselinePath, fewer, '--allow-missing']);
  assert.equal(allowed.status, 0, allowed.stderr);
  assert.match(allowed.stdout, /sequential\/undici\/c1\/n40 .* missing .*\n.*only in the base report/);
  assert.match(allowed.stdout, /\ngate: passes\n$/);
  const none = await runInProcess('compare', [baselinePath, join(gateDir, 'renamed.json'), '--allow-missing']);
  assert.equal(none.status, 1, none.stderr);
  assert.deepEqual(stderrLines(none.stderr), ['compare: gate fails: BASE and HEAD share no case']);
  // Only the missing rule is relaxed: a failed case still fails.
  const failed = await runInProcess('compare', [baselinePath, join(gateDir, 'failed.json'), '--allow-missing']);
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

test('compare --json prints the gate and every verdict as JSON, and exits as the table does', async () => {
  const slower = variant('slower-json', (report) => {
    const first = report.cases[0]!;
    first.makespanMs.samples = first.makespanMs.samples.map((ms) => ms * 1.25);
  });
  const regressed = await runInProcess('compare', [baselinePath, slower, '--json']);
  assert.equal(regressed.status, 1, regressed.stderr);
  const verdicts = JSON.parse(regressed.stdout) as { gate: { passes: boolean; reasons: string[] }; cases: { id: string; metric: string; verdict: string; ratio?: number }[] };
  assert.equal(verdicts.gate.passes, false);
  assert.equal(verdicts.gate.reasons.length, 1, verdicts.gate.reasons.join('\n'));
  const first = verdicts.cases.find((row) => row.id === ciBaseline.cases[0]!.id && row.metric === 'throughput')!;
  assert.equal(first.verdict, 'regressed');
  assert.ok(first.ratio! > 0.75 && first.ratio! < 0.85, `ratio ${first.ratio}`);
  assert.equal(verdicts.cases.filter((row) => row.verdict === 'regressed').length, 1);
  assert.deepEqual(stderrLines(regressed.stderr), verdicts.gate.reasons.map((reason) => `compare: gate fails: ${reason}`));

  const same = await runInProcess('compare', [baselinePath, baselinePath, '--json']);
  assert.equal(same.status, 0, same.stderr);
  const passes = JSON.parse(same.stdout) as typeof verdicts;
  assert.deepEqual(passes.gate, { passes: true, reasons: [] });
  assert.equal(passes.cases.length, ciBaseline.cases.length);

  // --assert holds HEAD to limits of its own: one reason per case that breaks one.
  const limited = await runInProcess('compare', [baselinePath, baselinePath, '--json', '--assert', 'throughput>1000000', '--assert', 'errors=0']);
  assert.equal(limited.status, 1, limited.stderr);
  const reasons = (JSON.parse(limited.stdout) as typeof verdicts).gate.reasons;
  assert.equal(reasons.length, ciBaseline.cases.length, reasons.join('\n'));
  for (const reason of reasons) assert.match(reason, /^assertion throughput>1000000: \S+ has throughput \d+ req\/s, not > 1000000 req\/s$/);
});

const invalid: Array<[string, (report: Report) => void, RegExp]> = [
  ['a makespan sample of 0', (report) => (report.cases[1]!.makespanMs.samples[2] = 0), /\/cases\/1\/makespanMs\/samples\/2: 0 is not a makespan: it must be a finite number of ms, above 0 \(case queue-workers\/undici\/c10\/n40\)$/],
  ['a makespan sample of -1', (report) => (report.cases[0]!.makespanMs.samples[0] = -1), /\/cases\/0\/makespanMs\/samples\/0: -1 is not a makespan: it must be a finite number of ms, above 0 \(case limited-pool\/undici\/c10\/n40\)$/],
  ['an ideal with fewer samples than the makespan', (report) => report.cases[3]!.idealMs.samples.pop(), /\/cases\/3\/idealMs\/samples: 7 samples but makespanMs has 8: one per measured iteration each \(case sequential\/undici\/c1\/n40\)$/],
];
for (const [what, alter, line] of invalid) {
  test(`compare: a report with ${what} is invalid: exit 2, one line`, async () => {
    const path = variant(what.replace(/\W+/g, '-'), alter);
    const result = await runInProcess('compare', [baselinePath, path]);
    assert.equal(result.status, 2, result.stderr);
    const lines = stderrLines(result.stderr);
    assert.equal(lines.length, 1, result.stderr);
    assert.ok(lines[0]!.startsWith(`compare: ${path} is not a valid fanout report: `), lines[0]);
    assert.match(lines[0]!, line);
    assert.equal(result.stdout, '');
  });
}

// Correctness before speed: a HEAD whose requests fail is failing, however fast it failed.

/** The real report with its one case's counts set to `ok` of `sent` (failed: the rest), and its state. */
function withCounts(ok: number, sent: number, state: 'ok' | 'failed' = 'ok', makespans = base): Report {
  const copy = withMakespans(makespans);
  const result = copy.cases[0]!;
  result.counts = { ...result.counts, sent, ok, failed: sent - ok, attempts: sent };
  result.requests = Math.round(sent / result.makespanMs.samples.length);
  result.iterations = result.makespanMs.samples.length;
  result.state = state;
  if (state !== 'ok') result.problems = [caseProblem('note', {}, 'iteration 1: requests failed')];
  return copy;
}

test('shareRose: a rise beyond the binomial noise at alpha and beyond 0.1 percentage point, never a fall', () => {
  // 0 of 600 failed, then 1 of 600: well within what chance gives.
  assert.equal(shareRose({ x: 0, n: 600 }, { x: 1, n: 600 }, 0.01), false);
  assert.equal(shareRose({ x: 0, n: 600 }, { x: 600, n: 600 }, 0.01), true);
  assert.equal(shareRose({ x: 600, n: 600 }, { x: 0, n: 600 }, 0.01), false, 'a fall is no rise');
  // With a million requests a side the z-test alone would flag 0.05 points; the floor of 0.1 does not.
  assert.equal(shareRose({ x: 1000, n: 1e6 }, { x: 1500, n: 1e6 }, 0.01), false);
  assert.equal(shareRose({ x: 1000, n: 1e6 }, { x: 3000, n: 1e6 }, 0.01), true);
  assert.equal(shareRose({ x: 0, n: 0 }, { x: 5, n: 5 }, 0.01), false, 'no requests: no share to compare');
});

test('compare: a rise of the error rate, a fall of ok requests, a state not ok, or no success at all is failing, whatever the speed', () => {
  const faster = [50, 51, 49, 50, 52, 48];
  const verdictOf = (b: Report, h: Report, metrics: CompareOptions['metrics'] = ['throughput']) => compareReports(b, h, { ...options, metrics }).rows;
  // Every request failed, twice as fast: failing, with the rise in the note; never improved, in any metric.
  const rows = verdictOf(withCounts(24, 24), withCounts(0, 24, 'ok', faster), ['throughput', 'efficiency', 'p99']);
  assert.deepEqual(rows.map((row) => [row.metric, row.verdict, row.note]), [
    ['throughput', 'failing', 'error rate rose 0.0% -> 100.0%'],
    ['efficiency', 'failing', 'error rate rose 0.0% -> 100.0%'],
    ['p99', 'failing', 'error rate rose 0.0% -> 100.0%'],
  ]);
  assert.equal(rows[0]!.ratio, undefined, 'no speed is compared');
  // A state that is not ok, even with no request failing.
  assert.deepEqual(verdictOf(withCounts(24, 24), withCounts(24, 24, 'failed')).map((row) => [row.verdict, row.note]), [['failing', 'state failed']]);
  // Requests never sent: the ok count fell, the error rate did not rise.
  const unsent = withCounts(24, 24);
  unsent.cases[0]!.counts = { ...unsent.cases[0]!.counts, sent: 6, ok: 6, failed: 0 };
  assert.deepEqual(verdictOf(withCounts(24, 24), unsent).map((row) => row.note), ['ok requests fell 24 of 24 -> 6 of 24']);
  // No request succeeded on either side (faults asked for): failing, nothing to measure; BASE without
  // successes and HEAD with them: no speed to compare with.
  assert.deepEqual(verdictOf(withCounts(0, 24), withCounts(0, 24)).map((row) => [row.verdict, row.note]), [['failing', 'no request succeeded (none in BASE either)']]);
  assert.deepEqual(verdictOf(withCounts(0, 24), withCounts(24, 24)).map((row) => [row.verdict, row.note]), [['inconclusive', 'no request of BASE succeeded: no speed to compare with']]);
  // One failure in 24 is noise: the speed is compared, on the successful requests (23 of 24).
  const [noisy] = verdictOf(withCounts(24, 24), withCounts(23, 24, 'ok', base));
  assert.equal(noisy!.verdict, 'within noise', JSON.stringify(noisy));
  assert.ok(Math.abs(noisy!.ratio! - 23 / 24) < 1e-9, `throughput of successes: ${noisy!.ratio}`);
  assert.deepEqual(correctnessProblems(withCounts(24, 24).cases[0]!, withCounts(23, 24).cases[0]!, 0.01), []);
});

test('compare gate: a failing case fails the gate once, naming what rose, on the line of its state when that is not ok', () => {
  const metrics: CompareOptions['metrics'] = ['throughput', 'p99'];
  const baseReport = withCounts(24, 24);
  for (const [head, line] of [
    [withCounts(0, 24), `HEAD case ${real.cases[0]!.id} is failing: error rate rose 0.0% -> 100.0%`],
    [withCounts(0, 24, 'failed'), `HEAD case ${real.cases[0]!.id} is failed: iteration 1: requests failed; error rate rose 0.0% -> 100.0%`],
  ] as const) {
    const comparison = compareReports(baseReport, head, { ...options, metrics });
    const reasons = gateFailures(baseReport, head, comparison, { allowMissing: false });
    assert.deepEqual(reasons, [line]);
    assert.match(comparisonMarkdown(comparison, reasons), /^### fanout: 1 case failing, no regression\n/);
  }
});

/** Runs the smoke suite's cases over node:http at 20 ms, with `extra` flags, into dir/name.json. */
async function smokeRun(dir: string, name: string, extra: string[]): Promise<string> {
  const out = join(dir, `${name}.json`);
  const args = ['--suite', 'smoke', '--strategies', 'shared-agent,promise-all', '--clients', 'http', '--iterations', '5', '--latency', '20', '--quiet', '--out', out];
  const result = await runInProcess('bench', [...args, ...extra]);
  assert.ok(result.status === 0 || result.status === 1, result.stderr);
  return out;
}

test('npm run compare: a real HEAD whose every request fails fast (--timeout 1) is failing, never improved, and exits 1', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fanout-failing-'));
  const basePath = await smokeRun(dir, 'base', []);
  // node:http's timeout fires at 1 ms, long before the 20 ms latency: every request fails, fast. (undici's
  // and fetch's headers timeout does not fire at 1 ms, which is why this runs over node:http.)
  const timedOut = await smokeRun(dir, 'timeout', ['--timeout', '1']);
  // The target resets every connection: every request fails and yet every case is ok (faults were asked
  // for), so before this rule the gate passed it.
  const reset = await smokeRun(dir, 'reset', ['--fault', 'reset:100%']);
  const baseReport: Report = JSON.parse(readFileSync(basePath, 'utf8'));
  const fast: Report = JSON.parse(readFileSync(timedOut, 'utf8'));
  for (const result of fast.cases) {
    assert.equal(result.counts.ok, 0, `${result.id}: every request failed`);
    const before = baseReport.cases.find((other) => other.id === result.id)!;
    assert.ok(result.makespanMs.median < before.makespanMs.median / 2, `${result.id} failed fast: ${result.makespanMs.median} ms against ${before.makespanMs.median} ms`);
  }
  const check = (compared: CliResult, stateLine: (id: string) => RegExp) => {
    assert.equal(compared.status, 1, compared.stderr);
    assert.doesNotMatch(compared.stdout, /improved/);
    const lines = stderrLines(compared.stderr);
    assert.equal(lines.length, baseReport.cases.length, compared.stderr);
    for (const result of baseReport.cases) {
      assert.ok(lines.some((line) => stateLine(result.id).test(line)), `${result.id}: ${compared.stderr}`);
    }
    assert.equal(compared.stdout.match(/│ failing +│/g)?.length, baseReport.cases.length, compared.stdout);
    assert.equal(compared.stdout.match(/error rate rose 0\.0% -> 100\.0%/g)?.length, baseReport.cases.length + baseReport.cases.length, compared.stdout);
  };
  const escaped = (id: string) => id.replace(/[/.]/g, '\\$&');
  check(await runInProcess('compare', [basePath, timedOut]), (id) => new RegExp(`^compare: gate fails: HEAD case ${escaped(id)} is failed: .*; error rate rose 0\\.0% -> 100\\.0%$`));
  check(await runInProcess('compare', [basePath, reset]), (id) => new RegExp(`^compare: gate fails: HEAD case ${escaped(id)} is failing: error rate rose 0\\.0% -> 100\\.0%$`));
});

test('bench --interleave: a HEAD checkout whose every request fails fast is failing, and the run exits 1', () => {
  // HEAD: a copy of this checkout whose smoke suite times requests out after 1 ms; BASE: this checkout.
  const head = mkdtempSync(join(tmpdir(), 'fanout-interleave-head-'));
  cpSync(ROOT, head, { recursive: true, filter: (path) => !/^(node_modules|\.git|results|dist)(\/|$)/.test(path.slice(ROOT.length)) });
  symlinkSync(join(ROOT, 'node_modules'), join(head, 'node_modules'));
  cpSync(join(head, 'benchmarks', 'smoke.ts'), join(head, 'benchmarks', 'smoke-as-shipped.ts'));
  writeFileSync(
    join(head, 'benchmarks', 'smoke.ts'),
    "import { smokeSuite as shipped } from './smoke-as-shipped.ts';\nexport const smokeSuite = { ...shipped, timeout: 1 };\n",
  );
  const out = join(head, 'head.json');
  const args = ['--interleave', ROOT, '--suite', 'smoke', '--strategies', 'shared-agent', '--clients', 'http', '--iterations', '5', '--requests', '10', '--latency', '20', '--rounds', '2', '--out', out];
  const result = spawnSync(TSX, [join(head, 'scripts', 'bench.ts'), ...args], { cwd: head, encoding: 'utf8', timeout: 120_000 });
  assert.equal(result.status, 1, result.stderr);
  assert.match(result.stdout, /shared-agent\/http\/c1\/n10 .*│ failing +│/);
  assert.match(result.stdout, /error rate rose 0\.0% -> 100\.0%/);
  assert.doesNotMatch(result.stdout, /improved/);
  const reasons = result.stderr.split('\n').filter((line) => line.startsWith('bench: gate fails: '));
  assert.equal(reasons.length, 1, result.stderr);
  assert.match(reasons[0]!, /^bench: gate fails: HEAD case shared-agent\/http\/c1\/n10 is failed: .*; error rate rose 0\.0% -> 100\.0%$/);
});

test('scripts/compare-scale.ts synthesises two large reports from a real one and measures compare on them', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fanout-compare-scale-'));
  const result = runScript('compare-scale.ts', ['--samples', '3000', '--cases', '5', '--dir', dir, '--json'], 120_000);
  assert.equal(result.status, 0, result.stderr);
  const figures = JSON.parse(result.stdout);
  assert.equal(figures.cases, 5);
  assert.equal(figures.samplesPerCase, 3000);
  assert.equal(figures.compare.exitCode, 0, figures.compare.stderr);
  assert.equal(figures.compare.stoppedAfterLimit, false);
  assert.ok(figures.compare.wallMs > 0 && figures.compare.peakRssBytes > 20 * 1024 * 1024, JSON.stringify(figures.compare));
  // A real case's per-iteration records are a few hundred bytes each: 5 cases x 3,000 of them.
  for (const bytes of Object.values(figures.reportBytes) as number[]) assert.ok(bytes > 5 * 3000 * 200, `${bytes} bytes`);
  // HEAD is drawn from the same distributions: one verdict per case, none a change.
  const verdicts = figures.compare.verdicts as Record<string, number>;
  assert.equal(Object.values(verdicts).reduce((sum, count) => sum + count, 0), 5, JSON.stringify(verdicts));
  assert.equal((verdicts.regressed ?? 0) + (verdicts.improved ?? 0) + (verdicts.failing ?? 0), 0, JSON.stringify(verdicts));
  // The synthesised reports are valid, with every sample there.
  for (const path of [figures.reports.base, figures.reports.head]) {
    const report: Report = JSON.parse(readFileSync(path, 'utf8'));
    assert.deepEqual(reportProblems(report), []);
    assert.ok(report.cases.every((result) => result.makespanMs.samples.length === 3000 && result.target.perIteration.length === 3000));
  }
});

test('readReport reads a report in chunks: the same report wherever a chunk ends, without the per-iteration records if asked', async () => {
  // A report of the current version (the baseline is of version 1, which the reader upgrades).
  const copy: Report = { ...structuredClone(ciBaseline), schemaVersion: SCHEMA_VERSION };
  // Strings that look like the arrays the reader takes apart, escapes, and text beyond ASCII.
  copy.cases[0]!.problems = [caseProblem('note', {}, 'caf\u00e9 \\" ] [ {"perIteration":['), caseProblem('note', {}, 'x')];
  copy.cases[1]!.target.perIteration[0]!.faults = { 'ü"]': 3 };
  // The whole report in chunks of 997 (a prime: its boundaries fall everywhere) and 4096; the reads of a
  // few bytes at a time on its first two cases with two records each, which hold every kind of token
  // above, so every kind of boundary (all of it a few bytes a read took ~12 s).
  const small: Report = {
    ...copy,
    cases: copy.cases.slice(0, 2).map((result) => ({ ...result, target: { ...result.target, perIteration: result.target.perIteration.slice(0, 2) } })),
  };
  for (const [name, indent] of [['compact', undefined], ['pretty', 2]] as const) {
    const path = join(gateDir, `chunks-${name}.json`);
    writeFileSync(path, JSON.stringify(copy, null, indent));
    for (const chunkBytes of [997, 4096]) {
      assert.deepEqual(await readReport(path, { chunkBytes }), copy, `${name}, chunks of ${chunkBytes}`);
    }
    const smallPath = join(gateDir, `chunks-${name}-small.json`);
    writeFileSync(smallPath, JSON.stringify(small, null, indent));
    assert.deepEqual(await readReport(smallPath, { chunkBytes: 1 }), small, `${name}, two cases, chunks of 1`);
    // Two reads at once take turns between chunks: each keeps its own numbers.
    const other = join(gateDir, `chunks-${name}-other.json`);
    const slower = structuredClone(small);
    slower.cases.forEach((result) => (result.makespanMs.samples = result.makespanMs.samples.map((ms) => ms * 2)));
    writeFileSync(other, JSON.stringify(slower));
    assert.deepEqual(await Promise.all([readReport(smallPath, { chunkBytes: 7 }), readReport(other, { chunkBytes: 5 })]), [small, slower]);
    const dropped = await readReport(smallPath, { perIteration: 'drop', chunkBytes: 5 });
    assert.deepEqual(dropped.cases.map((result) => result.target.perIteration), small.cases.map(() => []));
    assert.deepEqual(dropped.cases.map((result) => result.makespanMs.samples), small.cases.map((result) => result.makespanMs.samples));
  }
  const compact = JSON.stringify(small);
  for (const [what, text, message] of [
    ['a missing record', compact.replace(/("perIteration":\[\{.*?\}),/, '$1,,'), /is not JSON$/],
    ['a trailing comma', compact.replace(/("perIteration":\[[^\]]*?\})\]/, '$1,]'), /is not JSON$/],
    ['an empty record', compact.replace(/("perIteration":\[)/, '$1{},'), /is not a valid fanout report: \/cases\/0\/target\/perIteration\/0\/received: Expected required property \(\+\d+ more\)$/],
    ['a record of the wrong type', compact.replace(/"perIteration":\[\{"received":\d+/, '"perIteration":[{"received":"x"'), /is not a valid fanout report: \/cases\/0\/target\/perIteration\/0\/received: Expected integer$/],
    ['a sample that is not a number', compact.replace(/"samples":\[[\d.]+/, '"samples":["fast"'), /is not a valid fanout report: \/cases\/0\/makespanMs\/samples\/0: Expected number/],
    ['a cut-off file', compact.slice(0, compact.length / 2), /is not JSON$/],
  ] as const) {
    const path = join(gateDir, `chunks-${what.replace(/\W+/g, '-')}.json`);
    writeFileSync(path, text);
    await assert.rejects(readReport(path, { chunkBytes: 3 }), (error: Error) => message.test(error.message), what);
    await assert.rejects(readReport(path), (error: Error) => message.test(error.message), what);
  }
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

test("the README states the gate's defaults as GATE_DEFAULTS holds them", () => {
  const readme = readFileSync(join(ROOT, 'docs', 'gate.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## `npm run compare`'));
  assert.match(section, new RegExp(`\\(p < \`--alpha\`, default ${GATE_DEFAULTS.alpha};`));
  assert.match(section, new RegExp(`beyond \`--threshold\` \\(default ${GATE_DEFAULTS.threshold * 100}%\\)`));
  assert.match(section, new RegExp(`for each metric asked \\(${GATE_DEFAULTS.metrics.join(', ')} by default;`));
  assert.match(section, new RegExp(`compare's defaults: ${GATE_DEFAULTS.metrics.join(', ')}, threshold ${GATE_DEFAULTS.threshold * 100}%, alpha ${GATE_DEFAULTS.alpha},`));
});
