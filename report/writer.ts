import { join } from 'node:path';
import { writeFileAtomic } from './atomic-write.ts';
import type { Exporter, ExportOptions } from './exporter.ts';
import { exportContext, pathOf, STDOUT, type PlannedOutput } from './exporters.ts';
import { ReportWriteError, stampOf } from './exporters/json.ts';
import { RESULTS_DIR, writeJson } from './results-folder.ts';
import type { Report } from './schema.ts';

export { BASELINE_DIR, RESULTS_DIR, writeJson } from './results-folder.ts';
export { ReportWriteError, writeReport } from './exporters/json.ts';

/** The report under a name of its own in results/. */
export async function writeReportAs(report: Report, name: string): Promise<string> {
  const path = join(RESULTS_DIR, name);
  await writeJson(path, report);
  return path;
}

/** Where an output for "-" goes: the process's stdout, or a test's in-process capture. */
export type Stdout = { write(text: string): unknown };

/** One output to `path` (stdout for "-"); returns the files written. Any exporter, no format named here. */
export async function writeOutput(exporter: Exporter, report: Report, path: string, options: ExportOptions = {}, stdout: Stdout = process.stdout): Promise<string[]> {
  if (path === STDOUT || !exporter.write) {
    if (!exporter.render) throw new Error(`${exporter.format} has neither render nor write`);
    // On stdout it is laid out for the terminal; in a file it keeps every column.
    const { terminal, ...rest } = options;
    const text = await exporter.render(report, path === STDOUT ? { ...rest, ...terminal } : rest);
    if (path === STDOUT) {
      stdout.write(text);
      return [];
    }
    await writeFileAtomic(path, text);
    return [path];
  }
  return exporter.write(report, path, options);
}

const codeOf = (error: unknown) => (error as NodeJS.ErrnoException).code ?? (error as Error).message;

/**
 * Every output of a run, in order (files first, then stdout: see outputsOf). One that fails (its paths
 * were checked before the run, but a disk can fill up during it) is said and the others are still
 * written: nothing measured is lost. A report that could not go where asked but was kept elsewhere (the
 * temp folder) is listed as written, and its failure says where.
 */
export async function writeOutputs(report: Report, outputs: PlannedOutput[], options: ExportOptions = {}, stdout: Stdout = process.stdout): Promise<{ written: string[]; failures: string[] }> {
  const context = exportContext(outputs, report.config.suite, stampOf(report));
  const written: string[] = [];
  const failures: string[] = [];
  for (const output of outputs) {
    const path = pathOf(output, context);
    try {
      written.push(...(await writeOutput(output.exporter, report, path, options, stdout)));
    } catch (error) {
      if (error instanceof ReportWriteError && error.kept) written.push(error.kept);
      failures.push(error instanceof ReportWriteError ? error.message : `could not write ${output.exporter.noun} ${path}: ${codeOf(error)}`);
    }
  }
  return { written, failures };
}
