import { join, resolve } from 'node:path';
import { writeFileAtomic } from './atomic-write.ts';
import { PACKAGE_ROOT } from '../harness/module-path.ts';

/** Where reports go: results/ of the checkout, or FANOUT_RESULTS_DIR. */
export const RESULTS_DIR = process.env.FANOUT_RESULTS_DIR ? resolve(process.env.FANOUT_RESULTS_DIR) : join(PACKAGE_ROOT, 'results');

/** The folder of committed baselines, results/baseline/. */
export const BASELINE_DIR = join(RESULTS_DIR, 'baseline');

/** Pretty JSON with a final newline. */
export const jsonText = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

/** Pretty JSON with a final newline, its folder made first, written whole or not at all. */
export async function writeJson(path: string, value: unknown): Promise<void> {
  await writeFileAtomic(path, jsonText(value));
}
