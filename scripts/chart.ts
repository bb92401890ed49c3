// `npm run chart -- REPORT.json [--out DIR] [--html]`: a report's charts as SVG, PNG and Vega-Lite spec.
import { CHART_HELP, parseChartArgs } from '../cli/chart-options.ts';
import { EXIT_OK, runCli, UsageError } from '../cli/usage-error.ts';
import { chartedCases } from '../report/charts/chart.ts';
import { renderCharts, writeCharts } from '../report/charts/render.ts';
import { writeHtmlFile } from '../report/html.ts';
import { readReport, ReportReadError } from '../report/read-report.ts';
import { unwritableFolder } from '../report/writable.ts';

await runCli('chart', async () => {
  const options = parseChartArgs(process.argv.slice(2));
  if (options.help) {
    console.log(CHART_HELP);
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
    for (const warning of warnings) process.stderr.write(`chart: ${definition.name}: ${warning}\n`);
  }
  console.log(`charts of ${options.report} (${report.cases.length} cases):\n${written.map((path) => `  ${path}`).join('\n')}`);
  return EXIT_OK;
});
