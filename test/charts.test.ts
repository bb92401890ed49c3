import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { buildPlan } from '../harness/plan.ts';
import { runPlan } from '../harness/runner.ts';
import { footnote } from '../report/charts/chart.ts';
import { cpuCeiling } from '../report/charts/concurrency-sweep.ts';
import { CHARTS } from '../report/charts/index.ts';
import { renderCharts, renderPng, type RenderedChart } from '../report/charts/render.ts';
import { caseProblem } from '../report/issue.ts';
import type { CaseReport, Report } from '../report/schema.ts';
import { runInProcess, runScript } from './cli-helpers.ts';
import { testSuite } from './helpers.ts';

// One real run feeds every chart test: two pools and Promise.all, two clients, two concurrencies.
let report: Report;
let charts: RenderedChart[];
const chart = (name: string) => charts.find((rendered) => rendered.definition.name === name)!;
/** The rows a chart's spec draws: its body's inline data (the body is the first view of the frame). */
const rowsOf = (name: string) => (chart(name).spec as any).vconcat[0].data.values as Record<string, any>[];

before(async () => {
  const plan = buildPlan(testSuite, { strategies: ['limited-pool', 'batched', 'promise-all'], clients: ['undici', 'http'], concurrency: [2, 4] });
  report = await runPlan(plan);
  charts = await renderCharts(report);
});

test('every chart renders to an SVG with its title, axis labels, legend and the run footnote, without warnings', () => {
  assert.deepEqual(charts.map((rendered) => rendered.definition.name), CHARTS.map((definition) => definition.name));
  const note = footnote(report);
  assert.match(note, new RegExp(`node ${process.version}`));
  assert.match(note, /seed 1 /);
  for (const { definition, svg, warnings } of charts) {
    assert.deepEqual(warnings, [], definition.name);
    assert.match(svg, /^<svg[^>]+width="\d+"/, definition.name);
    assert.ok(svg.includes(`>${definition.title}<`), `${definition.name}: title`);
    // Vega escapes text; the footnote's "·" stays, so its first words identify it.
    assert.ok(svg.includes(`fanout suite ${report.config.suite}`), `${definition.name}: footnote`);
    assert.ok(definition.howToRead.length > 80, `${definition.name}: how to read`);
  }
  assert.match(chart('throughput').svg, /throughput \(requests\/s, median\)/);
  assert.match(chart('throughput').svg, />http</, 'client legend');
  assert.match(chart('latency-percentiles').svg, />99\.9%</, 'nines axis');
  assert.match(chart('concurrency-sweep').svg, /concurrency C/);
  assert.match(chart('measured-vs-ideal').svg, /makespan of an iteration/);
});

test('the charts draw the report\'s own figures', () => {
  const cases = report.cases.filter((result) => result.state === 'ok');
  assert.equal(cases.length, report.cases.length, 'every case of the test run is ok');

  const bars = rowsOf('throughput');
  assert.equal(bars.length, cases.length);
  for (const result of cases) {
    const bar = bars.find((row) => row.client === result.client && row.group.startsWith(result.strategy) && row.median === result.throughput.median);
    assert.ok(bar, `a bar for ${result.id}`);
    assert.equal(bar.ciLow, result.throughput.ciLow);
  }

  const percentiles = rowsOf('latency-percentiles');
  assert.equal(percentiles.length, cases.length * 5);
  const pool = cases.find((result) => result.strategy === 'limited-pool' && result.client === 'undici' && result.concurrency === 4)!;
  const line = percentiles.filter((row) => row.case === 'limited-pool/undici C=4');
  assert.deepEqual(line.map((row) => row.latencyMs), [pool.latencyMs.p50, pool.latencyMs.p90, pool.latencyMs.p99, pool.latencyMs.p999, pool.latencyMs.max]);

  // One panel per strategy, with the report's first client at its largest concurrency.
  const panels = [...new Set(rowsOf('in-flight').map((row) => row.panel))];
  assert.deepEqual(panels.sort(), ['batched/undici C=4', 'limited-pool/undici C=4', `promise-all/undici C=${testSuite.requests}`]);
  const plateau = Math.max(...rowsOf('in-flight').filter((row) => row.panel === 'limited-pool/undici C=4').map((row) => row.inFlight));
  assert.equal(plateau, pool.target.peakInFlight, 'the panel peaks where the target saw the peak');

  const ideal = rowsOf('measured-vs-ideal');
  assert.deepEqual(ideal.map((row) => row.efficiency), [...ideal.map((row) => row.efficiency)].sort((a, b) => b - a), 'sorted by efficiency');
  assert.equal(ideal.find((row) => row.case === 'limited-pool/undici C=4')!.measured, pool.makespanMs.median);
});

test('the sweep chart draws Little\'s law as C / L and a CPU ceiling per strategy and client from measured CPU', () => {
  const rows = rowsOf('concurrency-sweep');
  const little = rows.filter((row) => row.kind === 'little' && row.client === 'undici');
  assert.ok(little.length >= 2);
  const latencyMs = (little[0]!.concurrency * 1000) / little[0]!.throughput;
  assert.ok(latencyMs >= 10 && latencyMs < 15, `L is the applied latency (10 ms target), got ${latencyMs}`);
  for (const row of little) assert.ok(Math.abs(row.throughput - (row.concurrency * 1000) / latencyMs) < 1e-6);
  const ceilings = rows.filter((row) => row.kind === 'ceiling');
  const series = new Set(report.cases.map((result) => `${result.strategy}/${result.client}`));
  assert.deepEqual(new Set(ceilings.map((row) => `${row.strategy}/${row.client}`)), series);
  for (const row of ceilings) {
    const fastest = report.cases
      .filter((result) => result.strategy === row.strategy && result.client === row.client)
      .reduce((best, result) => (result.throughput.median > best.throughput.median ? result : best));
    assert.equal(row.throughput, cpuCeiling(fastest, report.meta.cpus), `${row.strategy}/${row.client} from its fastest case`);
  }
});

test('the CPU ceiling is the tightest of the shared cores, the client\'s threads and the single-threaded target', () => {
  const base = { requests: 1000, threads: 1, target: { cpuMs: 100 }, resources: { cpuUsPerRequest: 200 } } as unknown as CaseReport;
  // Client 200 µs + target 100 µs per request on 2 cores: the client's one thread (5,000/s) binds first.
  assert.equal(cpuCeiling(base, 2), 5000);
  // With 4 threads the client could do 20,000/s, but 2 cores shared with the target allow 2e6 / 300.
  assert.ok(Math.abs(cpuCeiling({ ...base, threads: 4 }, 2) - 2e6 / 300) < 1e-6);
  // A target that costs 400 µs a request caps everything at 2,500/s.
  assert.equal(cpuCeiling({ ...base, threads: 4, target: { cpuMs: 400 } } as unknown as CaseReport, 8), 2500);
});

test('the PNG draws the text: the bundled font renders labels into pixels', () => {
  const { svg } = chart('throughput');
  const png = renderPng(svg);
  assert.deepEqual([...png.subarray(1, 4)], [...Buffer.from('PNG')]);
  const width = png.readUInt32BE(16);
  assert.equal(width, 2 * Number(/width="(\d+)"/.exec(svg)![1]), 'rendered at twice the SVG size');
  // The same picture without its text elements must differ: if no font loaded, text draws nothing.
  const withoutText = renderPng(svg.replace(/<text[^>]*>[^<]*<\/text>/g, ''));
  assert.notDeepEqual(png, withoutText);
});

test('npm run chart writes the SVG, PNG and spec of every chart, and refuses bad input in one line', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fanout-charts-'));
  const path = join(dir, 'report.json');
  writeFileSync(path, JSON.stringify(report));
  const out = join(dir, 'charts');
  const ok = await runInProcess('chart', [path, '--out', out]);
  assert.equal(ok.status, 0, ok.stderr);
  const files = readdirSync(out).sort();
  assert.deepEqual(files, CHARTS.flatMap((definition) => ['png', 'svg', 'vl.json'].map((ext) => `${definition.name}.${ext}`)).sort());
  const spec = JSON.parse(readFileSync(join(out, 'throughput.vl.json'), 'utf8'));
  assert.match(spec.$schema, /vega-lite\/v5/);

  for (const [args, message] of [
    [[], /give one report/],
    [[join(dir, 'missing.json')], /cannot read .*missing\.json: ENOENT/],
    [[join(out, 'throughput.svg')], /is not JSON/],
    [[path, '--colour', 'red'], /Unknown option '--colour'/],
  ] as const) {
    // No report at all as the process npm runs (one per command): exit 2 and one line; the rest in-process.
    const bad = args.length === 0 ? runScript('chart.ts', []) : await runInProcess('chart', [...args]);
    assert.equal(bad.status, 2, `${args.join(' ')}: ${bad.stderr}`);
    assert.match(bad.stderr, message);
    assert.equal(bad.stderr.trim().split('\n').length, 1, bad.stderr);
  }
  assert.equal(existsSync(join(dir, 'charts', 'report.html')), false, 'no HTML unless asked');
});

test('--html writes one self-contained report.html beside the report (bench) or the charts (chart)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fanout-html-'));
  const reportPath = join(dir, 'run.json');
  const bench = await runInProcess('bench', ['--suite', 'smoke', '--strategies', 'limited-pool', '--clients', 'undici', '--requests', '8', '--iterations', '1', '--quiet', '--out', reportPath, '--html']);
  assert.equal(bench.status, 0, bench.stderr);
  const page = readFileSync(join(dir, 'report.html'), 'utf8');
  assert.equal(page.match(/<figure/g)?.length, CHARTS.length);
  assert.match(bench.stdout, /report\.html/);

  const chartOut = join(dir, 'charts');
  const charted = await runInProcess('chart', [reportPath, '--out', chartOut, '--html']);
  assert.equal(charted.status, 0, charted.stderr);
  assert.equal(readFileSync(join(chartOut, 'report.html'), 'utf8').match(/<svg/g)?.length, CHARTS.length);
});

test('npm run chart on a report with nothing to chart says so in one line (exit 2); an empty chart gets one line, not vega\'s warnings', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fanout-charts-empty-'));
  const write = (name: string, alter: (copy: Report) => void) => {
    const copy: Report = structuredClone(report);
    alter(copy);
    const path = join(dir, name);
    writeFileSync(path, JSON.stringify(copy));
    return path;
  };
  const failed = write('failed.json', (copy) => copy.cases.forEach((result) => ((result.state = 'failed'), (result.problems = [caseProblem('note', {}, 'every request failed')]))));
  const none = write('none.json', (copy) => (copy.cases = []));
  for (const path of [failed, none]) {
    const result = await runInProcess('chart', [path, '--out', join(dir, 'charts')]);
    assert.equal(result.status, 2, result.stderr);
    assert.equal(result.stderr, `chart: ${path} has no case with measurements to chart\n`);
    assert.equal(result.stdout, '');
  }
  assert.equal(existsSync(join(dir, 'charts', 'throughput.svg')), false, 'no empty charts written');

  // Cases to chart but no in-flight timeline: that one chart says it has nothing to draw, the others draw.
  const untimed = write('untimed.json', (copy) => copy.cases.forEach((result) => delete result.target.inFlightTimeline));
  const result = await runInProcess('chart', [untimed, '--out', join(dir, 'untimed')]);
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stderr, 'chart: in-flight: nothing to draw: no charted case has an in-flight timeline\n');
  assert.ok(existsSync(join(dir, 'untimed', 'throughput.svg')));
});
