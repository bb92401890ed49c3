// What `npm run bench` does, as a function of its arguments: scripts/bench.ts runs it as the process's
// command (with its signal handling), tests call it in-process (test/cli-helpers.ts runInProcess).
import { BENCH_HELP, parseBenchArgs, renderList } from './bench-options.ts';
import { checkBenchOutputs } from './bench-outputs.ts';
import { loadConfigFile } from './config-file.ts';
import { progressFor } from './progress.ts';
import { EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK, processIo, UsageError, type CliIo } from './usage-error.ts';
import { buildPlan } from '../harness/plan.ts';
import { runPlan } from '../harness/runner.ts';
import { connectTarget } from '../harness/target-process.ts';
import { matchesBaseline } from '../report/table.ts';
import { outputsOf, stdoutIsTheTable } from '../report/exporters.ts';
import { writeOutputs, writeReport, writeReportAs } from '../report/writer.ts';
import { runInterleaved } from '../harness/interleave.ts';
import { compareReports } from '../report/compare.ts';
import { renderComparison } from '../report/compare-table.ts';
import { GATE_DEFAULTS, gateFailures } from '../report/gate.ts';
import { mergeReports } from '../report/merge.ts';
import { assertionFailures } from '../report/assertions.ts';

/** What only the process's own command does around a run (scripts/bench.ts); in-process, nothing. */
export interface BenchProcessHooks {
  /**
   * Called as the run starts: the signal that cuts it off (Ctrl-C, SIGTERM, SIGHUP, the parent gone).
   * `note` prints a line above the progress. Without it nothing stops the run: no handler is installed.
   */
  interruptions?: (note: (line: string) => void, options: { busyLoop: boolean }) => AbortSignal;
  /** A case was cut off and may leave work winding down that measures nothing (a fixed-rate schedule's timers). */
  cutShort?: () => void;
}

/** --interleave: both checkouts in turn, then the gate's comparison of base and head. */
async function interleaved(io: CliIo, baseDir: string, suiteArgs: string[], rounds: number, out?: string): Promise<number> {
  const { base, head } = await runInterleaved(baseDir, suiteArgs, rounds, (line) => io.stderr.write(`bench: ${line}\n`));
  const [baseReport, headReport] = [mergeReports(base), mergeReports(head)];
  const written = [...(await writeReport(headReport, out)), await writeReportAs(baseReport, 'interleave-base.json')];
  const comparison = compareReports(baseReport, headReport, { threshold: GATE_DEFAULTS.threshold, alpha: GATE_DEFAULTS.alpha, metrics: [...GATE_DEFAULTS.metrics], seed: headReport.config.seed });
  const failures = gateFailures(baseReport, headReport, comparison, { allowMissing: GATE_DEFAULTS.allowMissing });
  io.stdout.write(`${renderComparison(comparison, failures)}\n`);
  io.stdout.write(`reports: head ${written[0]}, base ${written.at(-1)}\n`);
  for (const reason of failures) io.stderr.write(`bench: gate fails: ${reason}\n`);
  return failures.length > 0 ? EXIT_FAILED : EXIT_OK;
}

/** Runs a suite, prints the table, writes the report; returns the exit code (a UsageError is bad input, exit 2). */
export async function benchMain(argv: string[], io: CliIo = processIo(), hooks: BenchProcessHooks = {}): Promise<number> {
  const options = parseBenchArgs(argv, await loadConfigFile(argv));
  if (options.help || options.list) {
    io.stdout.write(`${options.help ? BENCH_HELP : renderList()}\n`);
    return EXIT_OK;
  }

  await checkBenchOutputs(options);
  if (options.interleave) return interleaved(io, options.interleave, options.suiteArgs, options.overrides.rounds ?? 5, options.out);

  const plan = buildPlan(options.suite, options.overrides);
  const { baseline } = options.overrides;
  if (baseline && !plan.cases.some((spec) => matchesBaseline({ id: spec.id, strategy: spec.strategy.name, client: spec.client.name }, baseline))) {
    throw new UsageError(`--baseline "${baseline}" names no case of this run; give strategy/client, one of: ${plan.cases.map((spec) => `${spec.strategy.name}/${spec.client.name}`).join(', ')}`);
  }
  // A --target that cannot be used is said in one line before the run prints anything (exit 2).
  const target = options.target ? await connectTarget(options.target, options.controlToken) : undefined;
  const progress = progressFor(plan, { quiet: options.quiet, stream: io.stderr, env: io.env });
  const interrupted = hooks.interruptions?.((line) => progress.note(line), { busyLoop: plan.suite.prepCpu > 0 });
  const report = await runPlan(plan, {
    progress,
    ...(interrupted ? { signal: interrupted } : {}),
    ...(target ? { target } : {}),
  });
  // The report and every output asked for (the shorthands are exports: see outputsOf), files first, then stdout.
  const outputs = outputsOf(options);
  // In a terminal the table fits its width (COLUMNS when the terminal does not say); piped, it is compact.
  const width = io.stdout.isTTY ? io.stdout.columns || Number(io.env.COLUMNS) || undefined : undefined;
  const terminal = { layout: options.wide ? ('wide' as const) : ('compact' as const), ...(width ? { width } : {}) };
  const { written, failures } = await writeOutputs(report, outputs, { groupBy: options.groupBy, terminal }, io.stdout);
  if (stdoutIsTheTable(outputs) && written.length > 0) io.stdout.write(`report: ${written.join(', ')}\n`);
  for (const failure of failures) io.stderr.write(`bench: ${failure}\n`);
  if (report.partial === true || report.cases.some((result) => result.state === 'aborted')) hooks.cutShort?.();
  if (report.partial) {
    io.stderr.write(`bench: interrupted; the partial report (${report.cases.length} of ${plan.cases.length} cases) is in ${written[0] ?? 'no file'}\n`);
    return EXIT_INTERRUPTED;
  }
  const broken = assertionFailures(report, options.assertions);
  for (const line of broken) io.stderr.write(`bench: assertion fails: ${line}\n`);
  return failures.length === 0 && broken.length === 0 && report.cases.every((result) => result.state === 'ok') ? EXIT_OK : EXIT_FAILED;
}
