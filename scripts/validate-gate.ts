// `npm run validate-gate -- [--pairs N] [--slowdown PCT]`: measures the regression gate on this machine.
// Runs suite ci alternately as it is (A) and with the target's latency raised by PCT (B): A B A B ...
// Consecutive A runs form the A/A pairs (any "regressed" there is a false alarm), each A with its B the
// A/B pairs (a real, honest slowdown the gate must catch).
import { ciSuite } from '../benchmarks/ci.ts';
import { parseDecimal, parseFlags, parseInteger } from '../cli/parse-values.ts';
import { EXIT_OK, runCli } from '../cli/usage-error.ts';
import { buildPlan } from '../harness/plan.ts';
import { runPlan } from '../harness/runner.ts';
import { compareReports, type CompareOptions } from '../report/compare.ts';
import { GATE_DEFAULTS } from '../report/gate.ts';
import { parseLatencySpec } from '../mock-server/latency.ts';
import type { Report } from '../report/schema.ts';

/** npm run compare's default gate, as its flags and in words. */
const GATE_FLAGS = `--metric ${GATE_DEFAULTS.metrics.join(',')} --threshold ${GATE_DEFAULTS.threshold * 100} --alpha ${GATE_DEFAULTS.alpha}`;
const GATE_WORDS = `${GATE_DEFAULTS.metrics.join(', ')}, threshold ${GATE_DEFAULTS.threshold * 100}%, alpha ${GATE_DEFAULTS.alpha}`;

const HELP = `Usage: npm run validate-gate -- [--pairs N] [--slowdown PCT]

Measures the false-alarm rate (A/A pairs) and the detection rate (A/B pairs, target latency raised by
PCT) of npm run compare's default gate (${GATE_WORDS}) with suite ci.
  --pairs N        pairs of each kind, 1 to 100 (default 20): 2N+1 runs of suite ci (~20 s each)
  --slowdown PCT   how much slower B's target is, 1 to 100 (default 10)`;

await runCli('validate-gate', async () => {
  const { values } = parseFlags({
    args: process.argv.slice(2),
    strict: true,
    options: { pairs: { type: 'string', default: '20' }, slowdown: { type: 'string', default: '10' }, help: { type: 'boolean', default: false } },
  });
  if (values.help) {
    console.log(HELP);
    return EXIT_OK;
  }
  const pairs = parseInteger('pairs', values.pairs, 1, 100);
  const slowdown = parseDecimal('slowdown', values.slowdown, 1, 100) / 100;
  const latency = parseLatencySpec(ciSuite.target.latency);
  if (latency.kind !== 'fixed') throw new Error('suite ci must use a fixed latency');
  const slower = `${(latency.ms * (1 + slowdown)).toFixed(3)}ms`;
  const options: CompareOptions = { threshold: GATE_DEFAULTS.threshold, alpha: GATE_DEFAULTS.alpha, metrics: [...GATE_DEFAULTS.metrics], seed: ciSuite.seed };
  const run = async (label: string, latencySpec: string): Promise<Report> => {
    const started = performance.now();
    const report = await runPlan(buildPlan({ ...ciSuite, target: { ...ciSuite.target, latency: latencySpec } }));
    process.stderr.write(`${label} done in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
    return report;
  };
  const regressedCases = (base: Report, head: Report) =>
    compareReports(base, head, options).rows.filter((row) => row.verdict === 'regressed').map((row) => row.id);

  process.stderr.write(`validate-gate: ${2 * pairs + 1} runs of suite ci, A at ${ciSuite.target.latency}, B at ${slower}\n`);
  let previousA = await run('A0', ciSuite.target.latency);
  let falseAlarms = 0;
  let detected = 0;
  const missedBy = new Map<string, number>();
  for (let pair = 1; pair <= pairs; pair++) {
    const b = await run(`B${pair}`, slower);
    const caught = regressedCases(previousA, b);
    if (caught.length > 0) detected += 1;
    for (const result of b.cases) if (!caught.includes(result.id)) missedBy.set(result.id, (missedBy.get(result.id) ?? 0) + 1);
    const a = await run(`A${pair}`, ciSuite.target.latency);
    const alarms = regressedCases(previousA, a);
    if (alarms.length > 0) {
      falseAlarms += 1;
      process.stderr.write(`  false alarm in A/A pair ${pair}: ${alarms.join(', ')}\n`);
    }
    previousA = a;
  }
  console.log(`false alarms: ${falseAlarms} of ${pairs} A/A pairs (${((100 * falseAlarms) / pairs).toFixed(1)}%)`);
  console.log(`detected:     ${detected} of ${pairs} A/B pairs with the target ${slowdown * 100}% slower (${((100 * detected) / pairs).toFixed(1)}%)`);
  console.log('cases that missed the slowdown (pairs out of ' + pairs + '): ' + ([...missedBy].map(([id, n]) => `${id} ${n}`).join(', ') || 'none'));
  console.log(`settings: suite ci (${ciSuite.requests} requests, ${ciSuite.iterations} iterations), compare ${GATE_FLAGS}; a pair alarms when any case regressed`);
  return EXIT_OK;
});
