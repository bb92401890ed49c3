// What `npm run chart` does, as a function of its arguments: scripts/chart.ts runs it as the process's
// command, tests call it in-process (test/cli-helpers.ts runInProcess).
import { CHART_HELP, parseChartArgs } from './chart-options.ts';
import { EXIT_OK, processIo, UsageError, type CliIo } from './usage-error.ts';
import { chartedCases } from '../report/charts/chart.ts';
import { renderCharts, writeCharts } from '../report/charts/render.ts';
import { writeHtmlFile } from '../report/html.ts';
import { readReport, ReportReadError } from '../report/read-report.ts';
import { unwritableFolder } from '../report/writable.ts';

/** Writes a report's charts; returns the exit code (a UsageError is bad input, exit 2). */
export async function chartMain(argv: string[], io: CliIo = processIo()): Promise<number> {
  const options = parseChartArgs(argv);
  if (options.help) {
    io.stdout.write(`${CHART_HELP}\n`);
    return EXIT_OK;
  }
  const unwritable = await unwritableFolder(options.out);
  if (unwritable) throw new UsageError(`--out: ${unwritable}`);
  const report = await readReport(options.report).catch((error: unknown) => {
    throw error instanceof ReportReadError ? new UsageError(error.message) : error;
  });
  // Every chart would be an empty frame: say so once instead of writing them.
  if (chartedCases(report).length === 0) throw new UsageError(`${options.report} has no case with measurements to chart`);
  const charts = await renderCharts(report);
  const written = await writeCharts(charts, options.out);
  if (options.html) written.push(await writeHtmlFile(report, charts, options.out));
  for (const { definition, warnings } of charts) {
    for (const warning of warnings) io.stderr.write(`chart: ${definition.name}: ${warning}\n`);
  }
  io.stdout.write(`charts of ${options.report} (${report.cases.length} cases):\n${written.map((path) => `  ${path}`).join('\n')}\n`);
  return EXIT_OK;
}
