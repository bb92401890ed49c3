// `npm run bench -- [options]`: run a suite, print the table, write the report. See --help.
import { BENCH_HELP, parseBenchArgs, renderList, type BenchOptions } from '../cli/bench-options.ts';
import { checkBenchOutputs } from '../cli/bench-outputs.ts';
import { loadConfigFile } from '../cli/config-file.ts';
import { progressFor } from '../cli/progress.ts';
import { EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK, runCli, UsageError } from '../cli/usage-error.ts';
import { buildPlan } from '../harness/plan.ts';
import { interruptBurnsOnSignals } from '../harness/preparation.ts';
import { runPlan } from '../harness/runner.ts';
import { connectTarget } from '../harness/target-process.ts';
import { matchesBaseline } from '../report/table.ts';
import { outputsOf, stdoutIsTheTable } from '../report/exporters.ts';
import { writeOutputs, writeReport, writeReportAs } from '../report/writer.ts';
import type { Report } from '../report/schema.ts';
import { runInterleaved } from '../harness/interleave.ts';
import { compareReports } from '../report/compare.ts';
import { renderComparison } from '../report/compare-table.ts';
import { GATE_DEFAULTS, gateFailures } from '../report/gate.ts';
import { mergeReports } from '../report/merge.ts';

/**
 * A signal this soon after the first is the same Ctrl-C delivered twice: the terminal signals every
 * process in its group and tsx (or npm) relays it to the script again. Only a later one is a second press.
 */
const SAME_INTERRUPT_MS = 1_000;

/** How often the script looks whether its parent (tsx, or the shell npm runs it in) is still there. */
const PARENT_POLL_MS = 250;

/**
 * Ctrl-C, SIGTERM or SIGHUP (a closed terminal or ssh session), or the parent process gone: the first
 * cuts off the case in progress, stops the target and writes a partial report; a second signal exits at
 * once (the target child follows its parent out). The parent matters under npm: it passes a SIGTERM on
 * to the shell it runs the script in, which dies of it and leaves the script running on its own. With
 * --prep-cpu, a thread ends the burns that hold the event loop when a signal comes (preparation.ts), so
 * the handler runs within milliseconds: tsx SIGKILLs a script that has not taken a signal in ~60 ms.
 */
function stopOnSignals(note: (line: string) => void, { busyLoop }: { busyLoop: boolean }): AbortSignal {
  const controller = new AbortController();
  let firstAt = 0;
  const stop = (why: string) => {
    if (controller.signal.aborted) {
      if (performance.now() - firstAt >= SAME_INTERRUPT_MS) process.exit(EXIT_INTERRUPTED);
      return;
    }
    firstAt = performance.now();
    note(`bench: ${why}: stopping the case in progress and writing a partial report (again to quit now)`);
    controller.abort();
  };
  // The terminal (or whoever read the output) is gone: printing fails from now on, which must not stop the partial report.
  const unheard = () => {
    for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  process.on('SIGHUP', (signal) => {
    unheard();
    stop(signal);
  });
  // Only a parent that would have passed a signal on (npm's shell, tsx) is watched: one that started the
  // script and left on purpose (`setsid`, `(cmd &)`) ends nothing.
  const relayed = process.env.npm_lifecycle_event !== undefined || process.execArgv.some((arg) => arg.includes('tsx'));
  const parent = relayed && process.ppid > 1 ? process.ppid : undefined;
  if (parent !== undefined) {
    const watch = setInterval(() => {
      if (process.ppid === parent) return;
      clearInterval(watch);
      unheard();
      stop(`its parent process ${parent} exited`);
    }, PARENT_POLL_MS);
    watch.unref();
  }
  if (busyLoop) interruptBurnsOnSignals(['SIGINT', 'SIGTERM', 'SIGHUP'], parent);
  return controller.signal;
}

/** --interleave: both checkouts in turn, then the gate's comparison of base and head. */
async function interleaved(baseDir: string, suiteArgs: string[], rounds: number, out?: string): Promise<number> {
  const { base, head } = await runInterleaved(baseDir, suiteArgs, rounds, (line) => process.stderr.write(`bench: ${line}\n`));
  const [baseReport, headReport] = [mergeReports(base), mergeReports(head)];
  const written = [...(await writeReport(headReport, out)), await writeReportAs(baseReport, 'interleave-base.json')];
  const comparison = compareReports(baseReport, headReport, { threshold: GATE_DEFAULTS.threshold, alpha: GATE_DEFAULTS.alpha, metrics: [...GATE_DEFAULTS.metrics], seed: headReport.config.seed });
  const failures = gateFailures(baseReport, headReport, comparison, { allowMissing: GATE_DEFAULTS.allowMissing });
  console.log(renderComparison(comparison, failures));
  console.log(`reports: head ${written[0]}, base ${written.at(-1)}`);
  for (const reason of failures) process.stderr.write(`bench: gate fails: ${reason}\n`);
  return failures.length > 0 ? EXIT_FAILED : EXIT_OK;
}

let cutShort = false;

await runCli('bench', async () => {
  const argv = process.argv.slice(2);
  const options = parseBenchArgs(argv, await loadConfigFile(argv));
  if (options.help || options.list) {
    console.log(options.help ? BENCH_HELP : renderList());
    return EXIT_OK;
  }

  await checkBenchOutputs(options);
  if (options.interleave) return interleaved(options.interleave, options.suiteArgs, options.overrides.rounds ?? 5, options.out);

  const plan = buildPlan(options.suite, options.overrides);
  const { baseline } = options.overrides;
  if (baseline && !plan.cases.some((spec) => matchesBaseline({ id: spec.id, strategy: spec.strategy.name, client: spec.client.name }, baseline))) {
    throw new UsageError(`--baseline "${baseline}" names no case of this run; give strategy/client, one of: ${plan.cases.map((spec) => `${spec.strategy.name}/${spec.client.name}`).join(', ')}`);
  }
  // A --target that cannot be used is said in one line before the run prints anything (exit 2).
  const target = options.target ? await connectTarget(options.target, options.controlToken) : undefined;
  const progress = progressFor(plan, { quiet: options.quiet });
  const interrupted = stopOnSignals((line) => progress.note(line), { busyLoop: plan.suite.prepCpu > 0 });
  const report = await runPlan(plan, {
    progress,
    signal: interrupted,
    ...(target ? { target } : {}),
  });
  // The report and every output asked for (the shorthands are exports: see outputsOf), files first, then stdout.
  const outputs = outputsOf(options);
  // In a terminal the table fits its width (COLUMNS when the terminal does not say); piped, it is compact.
  const width = process.stdout.isTTY ? process.stdout.columns || Number(process.env.COLUMNS) || undefined : undefined;
  const terminal = { layout: options.wide ? ('wide' as const) : ('compact' as const), ...(width ? { width } : {}) };
  const { written, failures } = await writeOutputs(report, outputs, { groupBy: options.groupBy, terminal });
  if (stdoutIsTheTable(outputs) && written.length > 0) console.log(`report: ${written.join(', ')}`);
  for (const failure of failures) process.stderr.write(`bench: ${failure}\n`);
  // A case cut off may leave work winding down that measures nothing (a fixed-rate schedule's timers):
  // once everything is written, the run does not wait for it.
  cutShort = report.partial === true || report.cases.some((result) => result.state === 'aborted');
  if (report.partial) {
    process.stderr.write(`bench: interrupted; the partial report (${report.cases.length} of ${plan.cases.length} cases) is in ${written[0] ?? 'no file'}\n`);
    return EXIT_INTERRUPTED;
  }
  return failures.length === 0 && report.cases.every((result) => result.state === 'ok') ? EXIT_OK : EXIT_FAILED;
});
// stdout and stderr to a file, pipe or terminal are written synchronously on Linux; the callback covers the rest.
if (cutShort) process.stdout.write('', () => process.exit());
