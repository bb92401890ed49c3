import { join, resolve, sep } from 'node:path';
import { writeFileAtomic } from './atomic-write.ts';
import { PACKAGE_ROOT } from '../harness/module-path.ts';

/** fanout installed as a package: its own folder is inside node_modules, where nothing may be written. */
const INSTALLED = PACKAGE_ROOT.split(sep).includes('node_modules');

/**
 * Where reports go: FANOUT_RESULTS_DIR, else results/ of the checkout, or, for an installed fanout,
 * fanout-results/ in the folder it runs from (the user's project).
 */
export const RESULTS_DIR = process.env.FANOUT_RESULTS_DIR
  ? resolve(process.env.FANOUT_RESULTS_DIR)
  : INSTALLED
    ? resolve('fanout-results')
    : join(PACKAGE_ROOT, 'results');

/** The folder of committed baselines, results/baseline/. */
export const BASELINE_DIR = join(RESULTS_DIR, 'baseline');

/** Pretty JSON with a final newline. */
export const jsonText = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

/** Pretty JSON with a final newline, its folder made first, written whole or not at all. */
export async function writeJson(path: string, value: unknown): Promise<void> {
  await writeFileAtomic(path, jsonText(value));
}
