import { dirname, join } from 'node:path';
import { unwritableFile, unwritableFolder } from '../report/writable.ts';
import { BASELINE_DIR, exportFiles, RESULTS_DIR } from '../report/writer.ts';
import type { BenchOptions } from './bench-options.ts';
import { UsageError } from './usage-error.ts';

/**
 * Every place a run will write, checked before its first case: a path that cannot be written is bad
 * input (exit 2, one line) then, not a run's measurements lost after it.
 */
export async function checkBenchOutputs(options: Pick<BenchOptions, 'out' | 'saveBaseline' | 'exports' | 'html'>): Promise<void> {
  const reportDir = options.out === undefined ? RESULTS_DIR : dirname(options.out);
  const checks: Array<[string, Promise<string | undefined>]> = [
    options.out === undefined ? ['results folder', unwritableFolder(RESULTS_DIR)] : ['--out', unwritableFile(options.out)],
    ['results/latest.json', unwritableFile(join(RESULTS_DIR, 'latest.json'))],
  ];
  if (options.saveBaseline) checks.push(['--save-baseline', unwritableFolder(BASELINE_DIR)]);
  if (options.html) checks.push(['--html', unwritableFile(join(reportDir, 'report.html'))]);
  for (const { format, file } of options.exports) {
    for (const path of exportFiles(format, file)) checks.push([`--export ${format}`, unwritableFile(path)]);
  }
  for (const [what, check] of checks) {
    const reason = await check;
    if (reason) throw new UsageError(`${what}: ${reason}; nothing was run`);
  }
}
