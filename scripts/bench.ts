// `npm run bench -- [options]`: run a suite, print the table, write the report. See --help.
import { BENCH_HELP, parseBenchArgs, renderList } from '../cli/bench-options.ts';
import { loadConfigFile } from '../cli/config-file.ts';
import { progressFor } from '../cli/progress.ts';
import { EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK, runCli, UsageError } from '../cli/usage-error.ts';
import { buildPlan } from '../harness/plan.ts';
import { runPlan } from '../harness/runner.ts';
import { matchesBaseline, renderTable } from '../report/table.ts';
import { writeBaseline, writeExport, writeReport, writeReportAs } from '../report/writer.ts';
import { runInterleaved } from '../harness/interleave.ts';
import { compareReports } from '../report/compare.ts';
import { renderComparison } from '../report/compare-table.ts';
import { mergeReports } from '../report/merge.ts';
import { dirname } from 'node:path';

/**
 * A signal this soon after the first is the same Ctrl-C delivered twice: the terminal signals every
 * process in its group and tsx (or npm) relays it to the script again. Only a later one is a second press.
 */
const SAME_INTERRUPT_MS = 1_000;

/**
 * Ctrl-C or SIGTERM: the first one cuts off the case in progress, stops the target and writes a partial
 * report; a second one exits at once (the target child follows its parent out).
 */
function stopOnSignals(note: (line: string) => void): AbortSignal {
  const controller = new AbortController();
  let firstAt = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      if (performance.now() - firstAt >= SAME_INTERRUPT_MS) process.exit(EXIT_INTERRUPTED);
      return;
    }
    firstAt = performance.now();
    note(`bench: ${signal}: stopping the case in progress and writing a partial report (again to quit now)`);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return controller.signal;
}

/** --interleave: both checkouts in turn, then the gate's comparison of base and head. */
async function interleaved(baseDir: string, suiteArgs: string[], rounds: number, out?: string): Promise<number> {
  const { base, head } = await runInterleaved(baseDir, suiteArgs, rounds, (line) => process.stderr.write(`bench: ${line}\n`));
  const [baseReport, headReport] = [mergeReports(base), mergeReports(head)];
  const written = [...(await writeReport(headReport, out)), await writeReportAs(baseReport, 'interleave-base.json')];
  const comparison = compareReports(baseReport, headReport, { threshold: 0.05, alpha: 0.01, metrics: ['throughput'], seed: headReport.config.seed });
  console.log(renderComparison(comparison));
  console.log(`reports: head ${written[0]}, base ${written.at(-1)}`);
  return comparison.rows.some((row) => row.verdict === 'regressed') ? EXIT_FAILED : EXIT_OK;
}

await runCli('bench', async () => {
  const argv = process.argv.slice(2);
  const options = parseBenchArgs(argv, await loadConfigFile(argv));
  if (options.help || options.list) {
    console.log(options.help ? BENCH_HELP : renderList());
    return EXIT_OK;
  }

  if (options.interleave) return interleaved(options.interleave, options.suiteArgs, options.overrides.rounds ?? 5, options.out);

  const plan = buildPlan(options.suite, options.overrides);
  const { baseline } = options.overrides;
  if (baseline && !plan.cases.some((spec) => matchesBaseline({ id: spec.id, strategy: spec.strategy.name, client: spec.client.name }, baseline))) {
    throw new UsageError(`--baseline "${baseline}" names no case of this run; give strategy/client, one of: ${plan.cases.map((spec) => `${spec.strategy.name}/${spec.client.name}`).join(', ')}`);
  }
  const progress = progressFor(plan, { quiet: options.quiet });
  const interrupted = stopOnSignals((line) => progress.note(line));
  const report = await runPlan(plan, {
    progress,
    signal: interrupted,
    ...(options.target ? { targetUrl: options.target } : {}),
  });
  const written = await writeReport(report, options.out);
  if (options.html) {
    // Loaded only when asked: vega, vega-lite and the PNG renderer add ~40 MB to the client's RSS.
    const { writeHtmlReport } = await import('../report/html.ts');
    written.push(await writeHtmlReport(report, dirname(written[0]!)));
  }
  if (options.saveBaseline) written.push(await writeBaseline(report));
  for (const request of options.exports) written.push(...(await writeExport(report, request.format, request.file)));
  if (options.json) {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    console.log(renderTable(report, { groupBy: options.groupBy }));
    console.log(`report: ${written.join(', ')}`);
  }
  if (report.partial) {
    process.stderr.write(`bench: interrupted; the partial report (${report.cases.length} of ${plan.cases.length} cases) is in ${written[0]}\n`);
    return EXIT_INTERRUPTED;
  }
  return report.cases.every((result) => result.state === 'ok') ? EXIT_OK : EXIT_FAILED;
});
