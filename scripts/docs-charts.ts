// `npm run docs:charts [-- --from-reports]`: the charts the README and docs/charts.md show, remade.
// Runs suite sweep (concurrency sweep chart) and the default suite (in-flight chart), keeps their reports
// in docs/reports/ and writes docs/<chart>.png; --from-reports redraws from those committed reports.
import { mkdir, writeFile } from 'node:fs/promises';
import { findSuite } from '../benchmarks/index.ts';
import { parseFlags } from '../cli/parse-values.ts';
import { progressFor } from '../cli/progress.ts';
import { EXIT_OK, runCli } from '../cli/usage-error.ts';
import { buildPlan } from '../harness/plan.ts';
import { runPlan } from '../harness/runner.ts';
import { concurrencySweepChart } from '../report/charts/concurrency-sweep.ts';
import { inFlightChart } from '../report/charts/in-flight.ts';
import { renderPng, renderSvg } from '../report/charts/render.ts';
import { readReport } from '../report/read-report.ts';
import { writeJson } from '../report/writer.ts';

const DOCS = new URL('../docs/', import.meta.url);
const SHOWN = [
  { suite: 'sweep', chart: concurrencySweepChart },
  { suite: 'default', chart: inFlightChart },
];

await runCli('docs-charts', async () => {
  const { values } = parseFlags({ args: process.argv.slice(2), strict: true, options: { 'from-reports': { type: 'boolean', default: false } } });
  await mkdir(new URL('reports/', DOCS), { recursive: true });
  for (const { suite, chart } of SHOWN) {
    const reportPath = new URL(`reports/${suite}.json`, DOCS).pathname;
    let report;
    if (values['from-reports']) {
      report = await readReport(reportPath);
    } else {
      const plan = buildPlan(findSuite(suite)!);
      report = await runPlan(plan, { progress: progressFor(plan) });
      await writeJson(reportPath, report);
    }
    const png = new URL(`${chart.name}.png`, DOCS).pathname;
    await writeFile(png, renderPng(await renderSvg(chart.build(report))));
    console.log(`${png} from ${reportPath}`);
  }
  return EXIT_OK;
});
