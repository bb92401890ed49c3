import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { writeFileAtomic } from './atomic-write.ts';
import { bencherMetricFormat, githubActionBenchmark, type ExportFormat } from './exporters.ts';
import type { Report } from './schema.ts';
import { PACKAGE_ROOT } from '../harness/module-path.ts';

/** Where reports go: results/ of the checkout, or FANOUT_RESULTS_DIR. */
export const RESULTS_DIR = process.env.FANOUT_RESULTS_DIR ? resolve(process.env.FANOUT_RESULTS_DIR) : join(PACKAGE_ROOT, 'results');

/** Pretty JSON with a final newline, its folder made first, written whole or not at all. */
export async function writeJson(path: string, value: unknown): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`);
}

/** The report could not be written where asked; `kept` is a file that holds it whole, if any does. */
export class ReportWriteError extends Error {
  override name = 'ReportWriteError';
  constructor(
    message: string,
    readonly kept: string | undefined,
  ) {
    super(message);
  }
}

const codeOf = (error: unknown) => (error as NodeJS.ErrnoException).code ?? (error as Error).message;
const stampOf = (report: Report) => report.meta.createdAt.replace(/[:.]/g, '-');

/**
 * Writes the report to `out` (default results/<timestamp>.json) and to results/latest.json, each
 * atomically, so a failed write leaves the previous file as it was. When `out` cannot be written the
 * report goes to a file in the temp folder instead, and the ReportWriteError thrown names it.
 * Returns the paths written.
 */
export async function writeReport(report: Report, out?: string): Promise<string[]> {
  const primary = out ?? join(RESULTS_DIR, `${stampOf(report)}.json`);
  const written: string[] = [];
  const failed: string[] = [];
  for (const path of [primary, join(RESULTS_DIR, 'latest.json')]) {
    try {
      await writeJson(path, report);
      written.push(path);
    } catch (error) {
      failed.push(`${path} (${codeOf(error)})`);
    }
  }
  if (failed.length === 0) return written;
  let kept = written.includes(primary) ? primary : undefined;
  if (!kept) {
    const fallback = join(tmpdir(), `fanout-report-${stampOf(report)}.json`);
    kept = await writeJson(fallback, report).then(() => fallback, () => undefined);
  }
  const where = kept ? `the report is in ${kept}` : 'the report could not be written anywhere, not even the temp folder';
  throw new ReportWriteError(`could not write ${failed.join(', ')}; ${where}`, kept);
}

/** The report under a name of its own in results/. */
export async function writeReportAs(report: Report, name: string): Promise<string> {
  const path = join(RESULTS_DIR, name);
  await writeJson(path, report);
  return path;
}

/** The folder of committed baselines, results/baseline/. */
export const BASELINE_DIR = join(RESULTS_DIR, 'baseline');

/** The committed baseline of the report's suite: results/baseline/<suite>.json. */
export async function writeBaseline(report: Report): Promise<string> {
  const path = join(BASELINE_DIR, `${report.config.suite}.json`);
  await writeJson(path, report);
  return path;
}

/** The files an export writes: github-action-benchmark's format needs two, one per direction. */
export function exportFiles(format: ExportFormat, file: string): string[] {
  return format === 'bencher' ? [file] : [file, file.replace(/(\.json)?$/, '-latency.json')];
}

/** The report in another tool's format; returns the files written. */
export async function writeExport(report: Report, format: ExportFormat, file: string): Promise<string[]> {
  const files = exportFiles(format, file);
  if (format === 'bencher') {
    await writeJson(file, bencherMetricFormat(report));
    return files;
  }
  const { biggerIsBetter, smallerIsBetter } = githubActionBenchmark(report);
  await writeJson(files[0]!, biggerIsBetter);
  await writeJson(files[1]!, smallerIsBetter);
  return files;
}
