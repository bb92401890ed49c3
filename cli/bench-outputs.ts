import { basename } from 'node:path';
import { exportContext, outputsOf, pathOf, PENDING_STAMP, STDOUT, type OutputFlags } from '../report/exporters.ts';
import { unwritableFile } from '../report/writable.ts';
import type { BenchOptions } from './bench-options.ts';
import { UsageError } from './usage-error.ts';

/**
 * Every place a run will write, checked before its first case: a path that cannot be written is bad
 * input (exit 2, one line) then, not a run's measurements lost after it. The outputs are the exporters'
 * (outputsOf), so a new format is checked as every other is.
 */
export async function checkBenchOutputs(options: OutputFlags & Pick<BenchOptions, 'suite'>): Promise<void> {
  const outputs = outputsOf(options);
  const context = exportContext(outputs, options.suite.name, PENDING_STAMP);
  const checks: Array<[string, Promise<string | undefined>]> = [];
  for (const output of outputs) {
    const path = pathOf(output, context);
    if (path === STDOUT) continue;
    for (const file of output.exporter.files?.(path) ?? [path]) {
      checks.push([file === path ? output.via : `${output.via} (${basename(file)})`, unwritableFile(file)]);
    }
  }
  for (const [what, check] of checks) {
    const reason = await check;
    if (reason) throw new UsageError(`${what}: ${reason}; nothing was run`);
  }
}
