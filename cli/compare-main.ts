// What `npm run compare` does, as a function of its arguments: scripts/compare.ts runs it as the
// process's command, tests call it in-process (test/cli-helpers.ts runInProcess).
import { appendFile } from 'node:fs/promises';
import { writeFileAtomic } from '../report/atomic-write.ts';
import { COMPARE_HELP, parseCompareArgs } from './compare-options.ts';
import { EXIT_FAILED, EXIT_OK, processIo, UsageError, type CliIo } from './usage-error.ts';
import { compareReports } from '../report/compare.ts';
import { comparisonJson, comparisonMarkdown, renderComparison } from '../report/compare-table.ts';
import { assertionFailures } from '../report/assertions.ts';
import { gateFailures } from '../report/gate.ts';
import { readReport, ReportReadError } from '../report/read-report.ts';
import { unwritableFile } from '../report/writable.ts';

/** Compares two reports and applies the gate; returns the exit code (a UsageError is bad input, exit 2). */
export async function compareMain(argv: string[], io: CliIo = processIo()): Promise<number> {
  const options = parseCompareArgs(argv);
  if (options.help) {
    io.stdout.write(`${COMPARE_HELP}\n`);
    return EXIT_OK;
  }
  const unwritable = options.markdown === undefined ? undefined : await unwritableFile(options.markdown);
  if (unwritable) throw new UsageError(`--markdown: ${unwritable}`);
  let base, head;
  try {
    // One after the other, without the per-iteration target records compare never reads: at 100,000
    // iterations a case they are most of a report (see report/read-report.ts).
    base = await readReport(options.base, { perIteration: 'drop' });
    head = await readReport(options.head, { perIteration: 'drop' });
  } catch (error) {
    if (error instanceof ReportReadError) throw new UsageError(error.message);
    throw error;
  }
  const comparison = compareReports(base, head, { ...options, seed: base.config.seed });
  // HEAD's own limits (--assert) fail the gate as its relative rules do, each named as an assertion.
  const failures = [...gateFailures(base, head, comparison, { allowMissing: options.allowMissing }), ...assertionFailures(head, options.assertions).map((line) => `assertion ${line}`)];
  io.stdout.write(options.json ? comparisonJson(comparison, failures) : `${renderComparison(comparison, failures)}\n`);
  const markdown = comparisonMarkdown(comparison, failures);
  if (options.markdown) await writeFileAtomic(options.markdown, markdown);
  // In a GitHub Actions job the comparison also lands in the job's summary page.
  if (io.env.GITHUB_STEP_SUMMARY) await appendFile(io.env.GITHUB_STEP_SUMMARY, markdown);
  for (const reason of failures) io.stderr.write(`compare: gate fails: ${reason}\n`);
  return failures.length > 0 ? EXIT_FAILED : EXIT_OK;
}
