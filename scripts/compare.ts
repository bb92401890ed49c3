// `npm run compare -- BASE.json HEAD.json [--threshold PCT] [--alpha A] [--metric M] [--markdown FILE]`
import { appendFile, writeFile } from 'node:fs/promises';
import { COMPARE_HELP, parseCompareArgs } from '../cli/compare-options.ts';
import { EXIT_FAILED, EXIT_OK, runCli, UsageError } from '../cli/usage-error.ts';
import { compareReports } from '../report/compare.ts';
import { comparisonMarkdown, renderComparison } from '../report/compare-table.ts';
import { readReport, ReportReadError } from '../report/read-report.ts';

await runCli('compare', async () => {
  const options = parseCompareArgs(process.argv.slice(2));
  if (options.help) {
    console.log(COMPARE_HELP);
    return EXIT_OK;
  }
  let base, head;
  try {
    [base, head] = await Promise.all([readReport(options.base), readReport(options.head)]);
  } catch (error) {
    if (error instanceof ReportReadError) throw new UsageError(error.message);
    throw error;
  }
  const comparison = compareReports(base, head, { ...options, seed: base.config.seed });
  console.log(renderComparison(comparison));
  const markdown = comparisonMarkdown(comparison);
  if (options.markdown) await writeFile(options.markdown, markdown);
  // In a GitHub Actions job the comparison also lands in the job's summary page.
  if (process.env.GITHUB_STEP_SUMMARY) await appendFile(process.env.GITHUB_STEP_SUMMARY, markdown);
  return comparison.rows.some((row) => row.verdict === 'regressed') ? EXIT_FAILED : EXIT_OK;
});
