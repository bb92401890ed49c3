import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Exporter } from '../exporter.ts';
import { jsonText, RESULTS_DIR, writeJson } from '../results-folder.ts';
import type { Report } from '../schema.ts';

/** The report could not be written where asked; `kept` is a file that holds it whole, if any does. */
export class ReportWriteError extends Error {
  override name = 'ReportWriteError';
  readonly kept: string | undefined;

  constructor(
    message: string,
    kept: string | undefined,
  ) {
    super(message);
    this.kept = kept;
  }
}

const codeOf = (error: unknown) => (error as NodeJS.ErrnoException).code ?? (error as Error).message;
/** The report's time as a file name: 2026-11-21T20-15-00-000Z. */
export const stampOf = (report: Report) => report.meta.createdAt.replace(/[:.]/g, '-');
const LATEST = join(RESULTS_DIR, 'latest.json');

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
  for (const path of [primary, LATEST]) {
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

/** The report itself, the document every other output is made from; results/latest.json is the newest. */
export const jsonExporter: Exporter = {
  format: 'json',
  summary: 'the report (its schema is in docs/report.md), also copied to results/latest.json',
  noun: 'the report',
  defaultPath: ({ stamp }) => join(RESULTS_DIR, `${stamp}.json`),
  files: (path) => [path, LATEST],
  render: (report) => jsonText(report),
  write: (report, path) => writeReport(report, path),
};
