import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { bencherMetricFormat, githubActionBenchmark, type ExportFormat } from './exporters.ts';
import type { Report } from './schema.ts';
import { PACKAGE_ROOT } from '../harness/module-path.ts';

export const RESULTS_DIR = join(PACKAGE_ROOT, 'results');

/** Pretty JSON with a final newline, its folder made first. */
export async function writeJson(path: string, value: unknown): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(value, null, 2)}\n`);
}

/**
 * Writes the report to `out` (default results/<timestamp>.json) and to results/latest.json.
 * Returns the paths written.
 */
export async function writeReport(report: Report, out?: string): Promise<string[]> {
  const stamp = report.meta.createdAt.replace(/[:.]/g, '-');
  const primary = out ?? join(RESULTS_DIR, `${stamp}.json`);
  const latest = join(RESULTS_DIR, 'latest.json');
  for (const path of [primary, latest]) await writeJson(path, report);
  return [primary, latest];
}

/** The report under a name of its own in results/. */
export async function writeReportAs(report: Report, name: string): Promise<string> {
  const path = join(RESULTS_DIR, name);
  await writeJson(path, report);
  return path;
}

/** The committed baseline of the report's suite: results/baseline/<suite>.json. */
export async function writeBaseline(report: Report): Promise<string> {
  const path = join(RESULTS_DIR, 'baseline', `${report.config.suite}.json`);
  await writeJson(path, report);
  return path;
}

/** The report in another tool's format; returns the files written. */
export async function writeExport(report: Report, format: ExportFormat, file: string): Promise<string[]> {
  if (format === 'bencher') {
    await writeJson(file, bencherMetricFormat(report));
    return [file];
  }
  const { biggerIsBetter, smallerIsBetter } = githubActionBenchmark(report);
  const latencyFile = file.replace(/(\.json)?$/, '-latency.json');
  await writeJson(file, biggerIsBetter);
  await writeJson(latencyFile, smallerIsBetter);
  return [file, latencyFile];
}
