// `npm run bench -- [options]`: run a suite, print the table, write the report. See --help.
import { BENCH_HELP, parseBenchArgs, renderList } from '../cli/bench-options.ts';
import { EXIT_FAILED, EXIT_OK, runCli } from '../cli/usage-error.ts';
import { buildPlan } from '../harness/plan.ts';
import { runPlan } from '../harness/runner.ts';
import { progressPrinter } from '../cli/progress.ts';
import { renderTable } from '../report/table.ts';
import { writeReport } from '../report/writer.ts';

await runCli('bench', async () => {
  const options = parseBenchArgs(process.argv.slice(2));
  if (options.help || options.list) {
    console.log(options.help ? BENCH_HELP : renderList());
    return EXIT_OK;
  }

  const plan = buildPlan(options.suite, options.overrides);
  const report = await runPlan(plan, options.quiet ? {} : progressPrinter(plan));
  const written = await writeReport(report, options.out);
  if (options.json) {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    console.log(renderTable(report));
    console.log(`report: ${written.join(', ')}`);
  }
  return report.cases.every((result) => result.state === 'ok') ? EXIT_OK : EXIT_FAILED;
});
